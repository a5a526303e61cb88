using System.Globalization;

namespace Iot.Simulators;

/// <summary>Command-line options of <c>fleet</c>.</summary>
internal sealed record FleetCommandOptions(
    string City, string? Scenario, string Host, int Port, string Secrets, double Speed, int Seed, DateTimeOffset? Start, TimeSpan? Duration)
{
    public const string Usage = """
        usage: dotnet run --project simulators/Iot.Simulators -- fleet --city <file | large:N> [--scenario <file>]
                   [--broker 127.0.0.1:1883] [--secrets none | <file>] [--speed 1] [--seed 1]
                   [--start 2026-06-21T19:30:00Z] [--duration <seconds>]
          Plays every agent of a city over MQTT, one connection per agent, with the scenario's timed faults.
          --city large:N      a generated benchmark city of N assets (CityGenerator, at least 1000)
          --secrets none      connect without passwords (a broker with allow_anonymous)
          --secrets <file>    one line per agent: '<agentId> <secret>' ('#' starts a comment)
          --speed N           simulated seconds per second; payload ts stays on the wall clock (see simulators/README.md)
          --start <instant>   the simulated start (sun, service hours); default now
          --duration <s>      stop after this many wall-clock seconds (default: until Ctrl+C)
        """;

    public static FleetCommandOptions? Parse(string[] args, TextWriter errors)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var known = new[] { "--city", "--scenario", "--broker", "--secrets", "--speed", "--seed", "--start", "--duration" };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]) || i + 1 >= args.Length)
            {
                errors.WriteLine($"unknown option or missing value: '{args[i]}'");
                return null;
            }
        }

        if (Value("--city") is not { } city)
        {
            errors.WriteLine("--city is required.");
            return null;
        }

        var broker = Value("--broker") ?? "127.0.0.1:1883";
        var colon = broker.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(broker[(colon + 1)..], CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
        {
            errors.WriteLine($"--broker must be host:port, not '{broker}'.");
            return null;
        }

        if (!double.TryParse(Value("--speed") ?? "1", CultureInfo.InvariantCulture, out var speed) || !(speed is >= 0.01 and <= 100_000))
        {
            errors.WriteLine("--speed must be a number between 0.01 and 100000.");
            return null;
        }

        if (!int.TryParse(Value("--seed") ?? "1", CultureInfo.InvariantCulture, out var seed))
        {
            errors.WriteLine("--seed must be an integer.");
            return null;
        }

        DateTimeOffset? start = null;
        if (Value("--start") is { } s)
        {
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                errors.WriteLine($"--start must be an ISO 8601 instant, not '{s}'.");
                return null;
            }

            start = parsed;
        }

        TimeSpan? duration = null;
        if (Value("--duration") is { } d)
        {
            if (!double.TryParse(d, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                errors.WriteLine("--duration must be a positive number of seconds.");
                return null;
            }

            duration = TimeSpan.FromSeconds(seconds);
        }

        return new FleetCommandOptions(city, Value("--scenario"), broker[..colon], port, Value("--secrets") ?? "none", speed, seed, start, duration);
    }
}
