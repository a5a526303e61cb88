using System.Globalization;
using System.Runtime.InteropServices;
using Iot.City;

namespace Iot.Simulators.Serial;

/// <summary>The <c>serial-gps</c>, <c>serial-bin</c> and <c>serial-cabinet</c> commands: one simulated device on a PTY.</summary>
internal static class SerialCommands
{
    public const string Usage = """
        usage: dotnet run --project simulators/Iot.Simulators -- serial-gps|serial-bin|serial-cabinet [options]
          Plays one serial device on a pseudo-terminal. With --port <path> it opens that PTY (e.g. one end of
          `socat -d -d pty,raw,echo=0,link=/tmp/dev pty,raw,echo=0,link=/tmp/host`); without, it makes a socat pair and
          prints the path the edge agent should open. Common: [--speed <time factor, 1>] [--seed <n, 1>]
          serial-gps      [--city cities/demo.city.json] [--route <id>] [--talker GN] [--tunnel <from-to metres>]
                          [--garbage 0.1] [--bad-checksum 0.05]                     RMC+GGA at 1 Hz of a bus on a route
          serial-bin      [--height 1.0] [--offset 0.15] [--fill-per-hour 0.05] [--spikes 0.04]   Rnnnn\r at 1 Hz
          serial-cabinet  [--lamps 8] [--lat 43.70] [--lon 7.25] [--dead-lamp <addr>] [--flicker-lamp <addr>]
                          [--supply-loss-at <minutes>] [--supply-back-at <minutes>]  CLP/1 controller, astronomical clock
        """;

    public static async Task<int> RunAsync(string command, string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        double Number(string name, double fallback) =>
            Value(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

        int[] Addresses(string name) =>
            [.. args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => int.Parse(args[p.i + 1], CultureInfo.InvariantCulture))];

        // Ctrl+C, SIGTERM (kill, systemd) and SIGHUP (terminal closed) all stop the device the same way, so that the
        // pseudo-terminal's socat is killed on the way out instead of being left behind.
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

        try
        {
            var clock = new AcceleratedTimeProvider(TimeProvider.System.GetUtcNow(), Number("--speed", 1));
            var seed = (int)Number("--seed", 1);
            Func<Stream, CancellationToken, Task> device;
            switch (command)
            {
                case "serial-gps":
                    var city = CityLoader.Load(Value("--city") ?? Path.Combine("cities", "demo.city.json"));
                    var route = Value("--route") is { } id ? city.Routes.Single(r => r.Id == id) : city.Routes[0];
                    var tunnels = Value("--tunnel") is { } t && t.Split('-') is [var from, var to]
                        ? new[] { (double.Parse(from, CultureInfo.InvariantCulture), double.Parse(to, CultureInfo.InvariantCulture)) }
                        : [];
                    var gps = new GpsReceiverSimulator(
                        new BusTrack([.. route.Shape.Coordinates.Select(c => (c.X, c.Y))]),
                        new GpsReceiverOptions { Talker = Value("--talker") ?? "GN", Seed = seed, Tunnels = tunnels, GarbageProbability = Number("--garbage", 0.1), BadChecksumProbability = Number("--bad-checksum", 0.05) },
                        clock,
                        clock.GetUtcNow());
                    Console.Error.WriteLine($"bus on route {route.Id} ({gps.Track.Length:0} m, round trip {gps.Track.Cycle:hh\\:mm\\:ss})");
                    device = gps.RunAsync;
                    break;
                case "serial-bin":
                    var bin = new BinFillModel(clock.GetUtcNow(), Number("--fill-per-hour", 0.05));
                    var sensor = new UltrasonicSensorSimulator(bin, new UltrasonicSensorOptions { BinHeight = Number("--height", 1.0), SensorOffset = Number("--offset", 0.15), SpikeProbability = Number("--spikes", 0.04), Seed = seed }, clock);
                    Console.Error.WriteLine($"bin filling at {Number("--fill-per-hour", 0.05):P0}/h, collected every {bin.Period:hh\\:mm}");
                    device = sensor.RunAsync;
                    break;
                case "serial-cabinet":
                    var cabinet = new CabinetControllerSimulator(
                        new CabinetControllerOptions { Lamps = (int)Number("--lamps", 8), Latitude = Number("--lat", 43.70), Longitude = Number("--lon", 7.25), DeadLamps = Addresses("--dead-lamp"), FlickeringLamps = Addresses("--flicker-lamp"), Seed = seed },
                        clock);
                    ScheduleSupply(cabinet, clock, Value("--supply-loss-at"), true, stop.Token);
                    ScheduleSupply(cabinet, clock, Value("--supply-back-at"), false, stop.Token);
                    device = cabinet.RunAsync;
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }

            await using var pty = Value("--port") is null ? await PtyPair.StartAsync(cancellationToken: stop.Token) : null;
            var path = Value("--port") ?? pty!.DevicePath;
            if (pty is not null)
            {
                Console.WriteLine($"serial port for the edge agent: {pty.HostPath}");
            }

            await using var port = PtyPair.OpenPort(path);
            await device(port, stop.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex) when (ex is FormatException or IOException or InvalidOperationException or UnauthorizedAccessException or CityFileException)
        {
            Console.Error.WriteLine($"{command}: {ex.Message}");
            return 1;
        }
    }

    private static void ScheduleSupply(CabinetControllerSimulator cabinet, TimeProvider clock, string? minutes, bool lost, CancellationToken cancellationToken)
    {
        if (minutes is null)
        {
            return;
        }

        var delay = TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture));
        _ = Task.Delay(delay, clock, cancellationToken).ContinueWith(
            t =>
            {
                if (!t.IsCanceled)
                {
                    cabinet.SetSupplyLost(lost);
                    Console.Error.WriteLine(lost ? "supply lost" : "supply restored");
                }
            },
            TaskScheduler.Default);
    }
}
