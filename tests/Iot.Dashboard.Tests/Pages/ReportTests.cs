using System.Globalization;
using Bunit;
using Iot.Dashboard.Components.Pages;
using Iot.Dashboard.Live;
using Iot.Dashboard.Reports;
using Iot.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Dashboard.Tests.Pages;

/// <summary>The public report page's logic in bUnit, over a fake report desk.</summary>
public sealed class ReportTests : DashboardTestContext
{
    private readonly FakeCitizenReportDesk _desk = new();

    public ReportTests()
    {
        JSInterop.SetupModule("./_content/Iot.Dashboard/js/reportMap.js").Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<ICitizenReportDesk>(_desk);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new DashboardOptions()));
    }

    [Fact]
    public async Task Submit_SendsTheServiceThePlaceAndTheText_AndShowsTheRequestWithItsStatusLink()
    {
        var cut = Render<Report>();
        cut.Find("[data-testid=service]").Change("streetlight");
        await cut.InvokeAsync(() => cut.Instance.Place(43.70301, 7.26625));
        cut.Find("[data-testid=description]").Change("Lampadaire éteint");
        cut.Find("[data-testid=photo]").Change("https://photos.example/l.jpg");
        Assert.Contains("43,70301", cut.Find("[data-testid=place]").TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid=report-form]").SubmitAsync();

        var (report, _) = Assert.Single(_desk.Submitted);
        Assert.Equal(new PublicReport("streetlight", 43.70301, 7.26625, "Lampadaire éteint", "https://photos.example/l.jpg", null), report);
        Assert.Contains("n° 17", cut.Find("[data-testid=receipt] h1").TextContent, StringComparison.Ordinal);
        Assert.Equal("report/17?token=tok-en_17", cut.Find("[data-testid=status-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task RefusedReport_ShowsTheMessageNextToTheFieldTheHubNamed_OrAGeneralOneWhenTooMany()
    {
        _desk.SubmitError = new PublicReportException(400, "media_url", "media_url: must be an absolute http or https URL");
        var cut = Render<Report>();
        await cut.Find("[data-testid=report-form]").SubmitAsync();
        Assert.Contains("http://", cut.Find("[data-testid=error-media_url]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=error]"));

        _desk.SubmitError = new PublicReportException(429, null, "Too many");
        await cut.Find("[data-testid=report-form]").SubmitAsync();
        Assert.Contains("Trop de signalements", cut.Find("[data-testid=error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=error-media_url]"));
    }

    [Fact]
    public void Status_ClosedWithTheToken_OffersARating_WhichGoesToTheDesk()
    {
        _desk.Status = Closed();
        var cut = RenderWithToken("17", "tok-en_17");

        Assert.Equal("closed", cut.Find("[data-testid=status]").GetAttribute("data-status"));
        var buttons = cut.FindAll("[data-testid=rating] button");
        Assert.Equal(5, buttons.Count);
        buttons[3].Click();

        Assert.Equal(("17", "tok-en_17", 4), Assert.Single(_desk.Ratings));
        Assert.Contains("4/5", cut.Find("[data-testid=rated]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_WithoutTheToken_OrStillOpen_OffersNoRating_AndAnUnknownIdSaysSo()
    {
        _desk.Status = Closed();
        Assert.Empty(Render<Report>(p => p.Add(r => r.RequestId, "17")).FindAll("[data-testid=rating]"));
        _desk.Status = Closed() with { Closed = false };
        var open = RenderWithToken("17", "tok-en_17");
        Assert.Empty(open.FindAll("[data-testid=rating]"));
        Assert.Equal("Lumière Azur Services", open.Find("[data-testid=agency]").TextContent);
        Assert.NotEmpty(open.FindAll("[data-testid=expected]"));

        Assert.Contains("99", Render<Report>(p => p.Add(r => r.RequestId, "99")).Find("[data-testid=not-found]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Arabic_ComesFromThePublicResources()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ar");
        var cut = Render<Report>();
        Assert.Equal("الإبلاغ عن مشكلة", cut.Find("h1").TextContent);
        Assert.Equal("حاوية النفايات", cut.Find("[data-testid=service] option[value=wastebin]").TextContent);
    }

    /// <summary>The status link as the receipt gives it: the token travels in the query string.</summary>
    private IRenderedComponent<Report> RenderWithToken(string id, string token)
    {
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo(nav.GetUriWithQueryParameter("token", token));
        return Render<Report>(p => p.Add(r => r.RequestId, id));
    }

    private static PublicRequestStatus Closed() => new(
        "17", "streetlight", true, "Lumière Azur Services", DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow.AddDays(5), "Lampadaire éteint", null, null);
}
