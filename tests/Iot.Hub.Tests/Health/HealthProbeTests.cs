using Iot.Hub.Health;
using Iot.Testing;
using Iot.Testing.Hosting;

namespace Iot.Hub.Tests.Health;

/// <summary><c>Iot.Hub healthcheck</c>, the container health check of the hub image (which has no curl).</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Healthcheck_HealthyHub_Exit0()
    {
        await using var hub = await HubInstance.StartAsync();
        var (code, stdout, _) = await RunAsync(new Uri(hub.Http.BaseAddress!, "/healthz").ToString());
        Assert.Equal(0, code);
        Assert.StartsWith("200 Healthy", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_HubNotConnectedToItsBroker_Exit1()
    {
        // External mode towards a port where no broker listens: the hub runs but cannot ingest.
        await using var hub = await HubInstance.StartAsync(["--Mqtt:Mode=External", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={FreeTcpPort.Next()}"]);
        hub.ExpectedErrors.Add("not connected to the MQTT broker");
        await Poll.UntilAsync(() => hub.External.LastError is not null, TimeSpan.FromSeconds(20), "a failed connection attempt");
        var (code, stdout, _) = await RunAsync(new Uri(hub.Http.BaseAddress!, "/healthz").ToString());
        Assert.Equal(1, code);
        Assert.StartsWith("503 Unhealthy", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_NothingListening_Exit1()
    {
        var (code, _, stderr) = await RunAsync($"http://127.0.0.1:{FreeTcpPort.Next()}/healthz");
        Assert.Equal(1, code);
        Assert.NotEmpty(stderr);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await HealthProbe.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
