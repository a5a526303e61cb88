using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Iot.City;
using Iot.Simulation;
using Iot.Simulation.Mqtt;
using Iot.Simulation.Scenarios;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Iot.Simulators;

/// <summary><c>fleet</c>: a whole city over MQTT with live progress on the console.</summary>
internal static class FleetCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = FleetCommandOptions.Parse(args, Console.Error);
        if (options is null)
        {
            Console.Error.WriteLine(FleetCommandOptions.Usage);
            return 2;
        }

        CityModel city;
        Scenario scenario;
        Func<string, string?> secrets;
        try
        {
            city = LoadCity(options.City);
            scenario = options.Scenario is { } path ? ScenarioLoader.Load(path, city) : Scenario.Empty;
            secrets = LoadSecrets(options.Secrets, city);
        }
        catch (Exception ex) when (ex is CityFileException or ScenarioException or IOException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        if (options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        var log = new RecentLog();
        var stats = new FleetStats();
        await using var sink = new MqttFleetSink(new MqttFleetSinkOptions { Host = options.Host, Port = options.Port, Secret = secrets }, stats, log);
        var engine = new FleetEngine(city, scenario, new FleetOptions
        {
            Speed = options.Speed,
            Seed = options.Seed,
            WireStart = DateTimeOffset.UtcNow,
            SimulatedStart = options.Start,
        }, sink, stats);
        sink.CommandReceived = engine.Deliver;
        sink.ConnectionLost = engine.ReportConnectionLost;

        var run = Task.Run(() => FleetRunner.RunAsync(engine, TimeProvider.System, stop.Token), CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var lastCount = 0L;
        var lastTime = TimeSpan.Zero;
        var rate = 0.0;
        var peakRss = 0L;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("fleet").AddColumn(new TableColumn("").RightAligned());
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                var now = watch.Elapsed;
                var count = stats.MessagesPublished;
                if (now - lastTime >= TimeSpan.FromSeconds(1))
                {
                    rate = (count - lastCount) / (now - lastTime).TotalSeconds;
                    (lastCount, lastTime) = (count, now);
                }

                peakRss = Math.Max(peakRss, Environment.WorkingSet);
                Render(table, engine, stats, rate, peakRss, log);
                context.Refresh();
                await Task.WhenAny(run, Task.Delay(250, CancellationToken.None));
            }

            Render(table, engine, stats, rate, peakRss, log);
            context.Refresh();
        });
        await run;
        await sink.DrainAsync(TimeSpan.FromSeconds(15));
        var elapsed = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: {stats.Devices} devices, {stats.Agents} agents ({stats.ConnectFailures} failed connect attempts), {stats.MessagesPublished} messages in {elapsed:0.0} s ({stats.MessagesPublished / elapsed:0} msg/s), {stats.MessagesDropped} dropped, {stats.FaultsInjected} faults, peak RSS {peakRss / 1048576.0:0} MiB, simulated {TimeSpan.FromMilliseconds(stats.SimulatedMs):d\\.hh\\:mm\\:ss}"));
        return 0;
    }

    private static void Render(Table table, FleetEngine engine, FleetStats stats, double rate, long peakRss, RecentLog log)
    {
        table.Rows.Clear();
        table.AddRow("agents connected", $"{stats.AgentsConnected:N0} / {stats.Agents:N0}");
        table.AddRow("devices", stats.Devices.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("messages/s", rate.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("messages published", stats.MessagesPublished.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("queued for the broker", stats.MessagesQueued.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("dropped", stats.MessagesDropped.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("faults injected", stats.FaultsInjected.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("commands answered", stats.CommandsAnswered.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("simulated clock", engine.Clock.SimulatedAt(stats.SimulatedMs).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        table.AddRow("behind by (simulated)", TimeSpan.FromMilliseconds(stats.LagMs).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        table.AddRow("RSS (peak)", string.Create(CultureInfo.InvariantCulture, $"{Environment.WorkingSet / 1048576.0:0} MiB ({peakRss / 1048576.0:0} MiB)"));
        foreach (var line in log.Lines)
        {
            table.AddRow(new Markup("[yellow]log[/]"), new Text(line));
        }
    }

    private static CityModel LoadCity(string city) =>
        city.StartsWith("large:", StringComparison.Ordinal)
            ? CityGenerator.Generate(CityGeneratorOptions.Large(int.Parse(city["large:".Length..], CultureInfo.InvariantCulture)))
            : CityLoader.Load(city);

    private static Func<string, string?> LoadSecrets(string secrets, CityModel city)
    {
        if (secrets == "none")
        {
            return _ => null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(secrets))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new FormatException($"{secrets}:{lineNumber}: expected '<agentId> <secret>'");
            }

            map[parts[0]] = parts[1];
        }

        var missing = city.Agents.Where(a => !map.ContainsKey(a.Id)).Select(a => a.Id).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"{secrets}: no secret for {missing.Count} agent(s) of the city: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")}");
        }

        return id => map.GetValueOrDefault(id);
    }
}

/// <summary>Keeps the last few warnings of the MQTT sink for the live display.</summary>
internal sealed class RecentLog : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IEnumerable<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        _lines.Enqueue(formatter(state, exception));
        while (_lines.Count > 3)
        {
            _lines.TryDequeue(out _);
        }
    }
}
