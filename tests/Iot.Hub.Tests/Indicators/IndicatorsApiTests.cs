using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iot.Testing.Hosting;

namespace Iot.Hub.Tests.Indicators;

/// <summary>The indicators and reports API of a real hub (Kestrel on a free port, hub.db in a temp directory).</summary>
public sealed class IndicatorsApiTests
{
    [Theory]
    [InlineData("granularity=fortnight", "granularity")]
    [InlineData("from=23/11/2026", "from")]
    [InlineData("from=2026-11-23&to=2026-11-01", "to")]
    [InlineData("service=tram", "service")]
    [InlineData("operator=OP-NONE", "operator")]
    [InlineData("district=D-99", "district")]
    [InlineData("commune=atlantis", "commune")]
    public async Task BadParameter_Is400NamingIt(string query, string field)
    {
        await using var hub = await HubInstance.StartAsync();
        using var response = await hub.Http.GetAsync(new Uri($"/api/indicators?{query}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Indicators_KpiExport_AndReports_Answer()
    {
        await using var hub = await HubInstance.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var result = await hub.Http.GetFromJsonAsync<JsonElement>("/api/indicators?granularity=week&from=2026-11-02&to=2026-11-16&service=wastebin", ct);
        Assert.Equal("Europe/Paris", result.GetProperty("timeZone").GetString());
        var periods = result.GetProperty("periods");
        Assert.Equal(2, periods.GetArrayLength());
        Assert.Equal("2026-W45", periods[0].GetProperty("label").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.FromHours(1)), periods[0].GetProperty("start").GetDateTimeOffset());
        var availability = periods[0].GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "availability");
        Assert.Equal(JsonValueKind.Null, availability.GetProperty("value").ValueKind); // nothing was ever heard: no data, not 0 %
        Assert.Equal(0, availability.GetProperty("coverage").GetDouble());
        Assert.Equal(0.98, availability.GetProperty("target").GetDouble());
        Assert.False(string.IsNullOrEmpty(availability.GetProperty("definition").GetString()));

        var kpis = await hub.Http.GetFromJsonAsync<JsonElement>("/api/indicators/kpi?granularity=month&from=2026-11-01&service=wastebin&operator=OP-WASTE", ct);
        var kpi = kpis.EnumerateArray().First(k => k.GetProperty("id").GetString()!.EndsWith(":ack_within_sla:2026-11", StringComparison.Ordinal));
        Assert.Equal("KeyPerformanceIndicator", kpi.GetProperty("type").GetString());
        Assert.Equal("2026-11-30", kpi.GetProperty("calculationPeriod").GetProperty("to").GetString());
        Assert.Equal("Propreté Littorale", kpi.GetProperty("provider").GetProperty("name").GetString());
        Assert.Equal("monthly", kpi.GetProperty("calculationFrequency").GetString());
        var normalized = await hub.Http.GetFromJsonAsync<JsonElement>("/api/indicators/kpi?from=2026-11-01&options=normalized", ct);
        Assert.Equal("Number", normalized[0].GetProperty("kpiValue").GetProperty("type").GetString());

        using var pdf = await hub.Http.GetAsync(new Uri("/api/reports/operator/OP-LIGHT/2026-11.pdf", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(ct), 0, 5), StringComparison.Ordinal);
        var csv = await hub.Http.GetStringAsync(new Uri("/api/reports/commune/demo/2026-11.csv", UriKind.Relative), ct);
        Assert.StartsWith("scope,id,month,section", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var list = await hub.Http.GetFromJsonAsync<JsonElement>("/api/reports", ct);
        Assert.Contains(list.EnumerateArray(), f => f.GetProperty("url").GetString() == "/api/reports/operator/OP-LIGHT/2026-11.pdf");
        Assert.True(File.Exists(Path.Combine(hub.DataDir, "reports", "2026-11", "commune-demo.csv")));

        using var bad = await hub.Http.GetAsync(new Uri("/api/reports/operator/OP-LIGHT/november.pdf", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("file", (await bad.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("field").GetString());
    }
}
