using System.Diagnostics;
using System.Text.Json;
using Iot.Hub.Agents;
using Iot.Testing;
using Iot.Testing.Hosting;

namespace Iot.Hub.Tests.Ingest;

/// <summary>The hub seen from outside: Debian's mosquitto_pub (MQTT 3.1.1 by default) with credentials from <c>agents add</c>.</summary>
public sealed class MosquittoClientTests
{
    [Fact]
    public async Task MosquittoPub_WithSecretFromAgentsAdd_ValueAppearsInDeviceApi()
    {
        await using var hub = await HubInstance.StartAsync();
        var secret = await AgentsAddAsync(hub, "CAB-001");
        var lamp = hub.Registry.FindAgent("CAB-001")!.Devices.First(d => d.StartsWith("LAMP", StringComparison.Ordinal));
        var payload = $"{{\"ts\":{Payloads.NowMs},\"seq\":1,\"metrics\":{{\"powerState\":\"on\",\"powerConsumption\":41.7}}}}";

        var (code, output) = await MosquittoPubAsync(hub, "CAB-001", secret, $"iot/v1/demo/streetlight/{lamp}/telemetry", payload);

        Assert.True(code == 0, $"mosquitto_pub exited {code}: {output}");
        await Poll.UntilAsync(() => hub.Stats.Stored >= 1, TimeSpan.FromSeconds(20), "the message stored");
        var device = await hub.GetAsync<JsonElement>($"/api/devices/{lamp}");
        Assert.Equal(41.7, device.GetProperty("metrics").GetProperty("powerConsumption").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task MosquittoPub_WrongSecret_ConnectionRefusedNotAuthorised()
    {
        await using var hub = await HubInstance.StartAsync();
        await AgentsAddAsync(hub, "CAB-001");

        var (code, output) = await MosquittoPubAsync(hub, "CAB-001", "wrong-secret", "iot/v1/demo/cabinet/CAB-001/telemetry", "{}");

        Assert.NotEqual(0, code);
        Assert.Contains("not authori", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, hub.Stats.Received);
    }

    private static async Task<string> AgentsAddAsync(HubInstance hub, string agentId)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AgentsCommand.RunAsync(["add", agentId, $"--Storage:DataDir={hub.DataDir}"], stdout, stderr, CancellationToken.None);
        Assert.Equal(0, code);
        return stdout.ToString().Trim();
    }

    private static async Task<(int Code, string Output)> MosquittoPubAsync(HubInstance hub, string agentId, string secret, string topic, string payload)
    {
        var start = new ProcessStartInfo("mosquitto_pub")
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", hub.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", agentId, "-u", agentId, "-P", secret, "-q", "1", "-t", topic, "-m", payload },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_pub did not start; ./test.sh installs mosquitto-clients");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stdout + await stderr);
    }
}
