using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Ingest;

namespace Iot.Bench.Ingest;

/// <summary>
/// <c>ingest</c>: the same generator, in one run, against (a) mosquitto with no storage at all, (b) the hub's embedded
/// broker persisting to SQLite, (c) the hub as a client of mosquitto persisting to InfluxDB. Each hub phase checks zero loss (stored == acknowledged) and then measures
/// publish → stored latency at half of the hub's maximum rate.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.FromSeconds(Option(args, "--duration", 20));
        var deviceCount = Option(args, "--devices", 1000);
        var loops = Option(args, "--loops", 8);
        var fixedRate = Option(args, "--latency-rate", 0);
        var externalOnly = args.Contains("--external-only");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var cityFile = Path.Combine(AppContext.BaseDirectory, "cities", "demo.city.json");
        var city = CityLoader.Load(cityFile);
        var devices = city.Assets.Where(a => a.Service == ServiceKind.Streetlight).Take(deviceCount).ToArray();
        if (devices.Length < deviceCount)
        {
            Console.Error.WriteLine($"the demo city has only {devices.Length} streetlights");
            return 2;
        }

        var agentIds = devices.Select(d => d.AgentId).Distinct().ToArray();
        Console.WriteLine($"ingest benchmark: {devices.Length} devices on {agentIds.Length} agent connections × {loops} publish loops, QoS 1, {duration.TotalSeconds:0} s per phase, {Environment.ProcessorCount} cores");

        if (fixedRate > 0)
        {
            // Diagnostic run: only the hub's latency phase, at a rate you choose.
            var only = await HubPhaseAsync("embedded+sqlite", cityFile, devices, agentIds, loops, duration, [], cancel.Token, fixedRate);
            return only.ZeroLoss ? 0 : 1;
        }

        // (a) mosquitto, no storage.
        var mosquittoRate = externalOnly ? double.NaN : await MosquittoPhaseAsync(devices, agentIds, loops, duration, cancel.Token);

        // (b) hub: embedded broker + SQLite.
        var embedded = externalOnly ? new HubResult(double.NaN, true, 0, null, null)
            : await HubPhaseAsync("embedded+sqlite", cityFile, devices, agentIds, loops, duration, [], cancel.Token);

        // (c) hub: External mode behind mosquitto (anonymous, as in (a)), InfluxDB store.
        var (mosquitto, mosquittoPort, mosquittoDir) = await TestServers.StartMosquittoAsync(cancel.Token);
        var (influx, influxPort, influxDir) = await TestServers.StartInfluxAsync(cancel.Token);
        HubResult external;
        await using (mosquitto)
        await using (influx)
        {
            external = await HubPhaseAsync("external+influx", cityFile, devices, agentIds, loops, duration,
                [
                    "--Mqtt:Mode=External", "--Mqtt:Host=127.0.0.1",
                    "--Storage:Telemetry=Influx", $"--Storage:Influx:Url=http://127.0.0.1:{influxPort}", "--Storage:Influx:Database=bench",
                ],
                cancel.Token, brokerPort: mosquittoPort);
        }

        Directory.Delete(mosquittoDir, recursive: true);
        Directory.Delete(influxDir, recursive: true);

        Console.WriteLine();
        Console.WriteLine($"mosquitto (no storage):     {mosquittoRate,10:N0} msg/s");
        Console.WriteLine($"hub embedded + SQLite:      {embedded.Rate,10:N0} msg/s, zero loss: {embedded.ZeroLoss}, p50 {embedded.P50} ms, p99 {embedded.P99} ms at {embedded.HalfRate:N0} msg/s");
        Console.WriteLine($"hub external + InfluxDB:     {external.Rate,10:N0} msg/s, zero loss: {external.ZeroLoss}, p50 {external.P50} ms, p99 {external.P99} ms at {external.HalfRate:N0} msg/s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio_embedded_sqlite={embedded.Rate / mosquittoRate:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio_external_influx={external.Rate / mosquittoRate:0.00}"));
        return embedded.ZeroLoss && external.ZeroLoss ? 0 : 1;
    }

    private static async Task<double> MosquittoPhaseAsync(Asset[] devices, string[] agentIds, int loops, TimeSpan duration, CancellationToken cancellationToken)
    {
        var (mosquitto, port, dir) = await TestServers.StartMosquittoAsync(cancellationToken);
        await using var stop = mosquitto;
        var generator = new LoadGenerator(Loads(devices, agentIds, null), "127.0.0.1", port, loops);
        await generator.ConnectAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        await WithProgressAsync("mosquitto", generator, () => Task.FromResult<long?>(null), generator.RunAsync(duration, null, cancellationToken));
        var rate = generator.Acked / watch.Elapsed.TotalSeconds;
        await generator.DisconnectAsync();
        Directory.Delete(dir, recursive: true);
        Console.WriteLine($"  mosquitto: {generator.Acked:N0} acknowledged in {watch.Elapsed.TotalSeconds:0.0} s = {rate:N0} msg/s (mean payload {generator.MeanPayloadBytes:0} bytes)");
        return rate;
    }

    private static async Task<HubResult> HubPhaseAsync(
        string name, string cityFile, Asset[] devices, string[] agentIds, int loops, TimeSpan duration, string[] settings, CancellationToken cancellationToken, double latencyRate = 0, int? brokerPort = null)
    {
        // Embedded: the generator talks to the hub's own broker. External: to mosquitto, anonymously.
        var mqttPort = brokerPort ?? ServerProcess.FreePort();
        var (hub, secrets) = await HubUnderTest.StartAsync(cityFile, mqttPort, agentIds, settings, cancellationToken);
        await using (hub)
        {
            var generator = new LoadGenerator(Loads(devices, agentIds, brokerPort is null ? secrets : null), "127.0.0.1", mqttPort, loops);
            await generator.ConnectAsync(cancellationToken);
            async Task<long?> Stored() => (await hub.StatsAsync(cancellationToken)).GetProperty("stored").GetInt64();

            // Maximum rate: everything published, until everything acknowledged is stored.
            var zeroLoss = true;
            var rate = latencyRate * 2;
            var stats = await hub.StatsAsync(cancellationToken);
            if (latencyRate <= 0)
            {
                var watch = Stopwatch.StartNew();
                await WithProgressAsync(name, generator, Stored, generator.RunAsync(duration, null, cancellationToken));
                zeroLoss = await WaitStoredAsync(Stored, generator.Acked, TimeSpan.FromSeconds(120), hub.DiagnosticsAsync);
                rate = generator.Acked / watch.Elapsed.TotalSeconds;
                stats = await hub.StatsAsync(cancellationToken);
                Console.WriteLine($"  {name}: {generator.Acked:N0} acknowledged, {stats.GetProperty("stored").GetInt64():N0} stored, {stats.GetProperty("rejected").GetInt64()} rejected, in {watch.Elapsed.TotalSeconds:0.0} s = {rate:N0} msg/s");
            }

            // Latency at half the maximum rate.
            var before = Histogram(stats);
            var half = rate / 2;
            var ackedBefore = generator.Acked;
            await WithProgressAsync($"{name} @50%", generator, Stored, generator.RunAsync(duration, half, cancellationToken));
            zeroLoss &= await WaitStoredAsync(Stored, generator.Acked, TimeSpan.FromSeconds(120), hub.DiagnosticsAsync);
            var after = Histogram(await hub.StatsAsync(cancellationToken));
            var period = after.Zip(before, (a, b) => a - b).ToArray();
            var p50 = LatencyHistogram.Quantile(period, 0.50);
            var p99 = LatencyHistogram.Quantile(period, 0.99);
            Console.WriteLine($"  {name} @50%: {generator.Acked - ackedBefore:N0} messages at {half:N0} msg/s target, publish→stored p50 {p50} ms, p99 {p99} ms");
            await generator.DisconnectAsync();
            var logged = hub.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (logged.Length > 0)
            {
                Console.WriteLine($"  {name}: the hub logged {logged.Length} line(s) at Warning or above; the last ones:");
                foreach (var line in logged.TakeLast(12))
                {
                    Console.WriteLine($"    {line}");
                }
            }

            return new HubResult(rate, zeroLoss, half, p50, p99);
        }
    }

    private static async Task<bool> WaitStoredAsync(Func<Task<long?>> stored, long expected, TimeSpan timeout, Func<Task<string>>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var now = await stored();
            if (now == expected)
            {
                return true;
            }

            if (now > expected)
            {
                Console.WriteLine($"  stored {now} > acknowledged {expected}: messages stored twice?");
                return false;
            }

            await Task.Delay(50);
        }

        Console.WriteLine($"  LOSS: stored {await stored()} of {expected} acknowledged after {timeout.TotalSeconds} s");
        if (diagnostics is not null)
        {
            Console.WriteLine($"  hub state: {await diagnostics()}");
        }

        return false;
    }

    private static async Task WithProgressAsync(string phase, LoadGenerator generator, Func<Task<long?>> stored, Task run)
    {
        var watch = Stopwatch.StartNew();
        while (await Task.WhenAny(run, Task.Delay(1000)) != run)
        {
            var s = await stored();
            Console.WriteLine($"  [{phase}] {watch.Elapsed.TotalSeconds,4:0}s sent {generator.Sent,9:N0} acked {generator.Acked,9:N0}{(s is null ? string.Empty : $" stored {s,9:N0}")}");
        }

        await run;
        if (generator.Failed > 0)
        {
            Console.WriteLine($"  [{phase}] {generator.Failed:N0} publishes refused by the broker");
        }
    }

    private static long[] Histogram(JsonElement stats) =>
        [.. stats.GetProperty("storedLatencyHistogramMs").EnumerateArray().Select(e => e.GetInt64())];

    private static List<AgentLoad> Loads(Asset[] devices, string[] agentIds, IReadOnlyDictionary<string, string>? secrets) =>
        [.. agentIds.Select(agent => new AgentLoad(agent, secrets?[agent],
            [.. devices.Where(d => d.AgentId == agent).Select(d => new DeviceLoad(Topics.Format(d.CommuneId, d.Service, d.Id, MessageKind.Telemetry)))]))];

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private sealed record HubResult(double Rate, bool ZeroLoss, double HalfRate, long? P50, long? P99);
}
