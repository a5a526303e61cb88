namespace Iot.Edge;

/// <summary>The agent's command line: <c>run [--config FILE]</c> (the default), <c>nmea-replay FILE</c>, <c>--help</c>.</summary>
public sealed record EdgeCommandLine(string Command, string? Path)
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;
    public const string DefaultConfig = "/etc/iot-edge/agent.json";

    public const string Usage = """
        Iot.Edge - edge agent of Iot.Hub (serial drivers, MQTT, store-and-forward).

        Usage:
          Iot.Edge [run] [--config FILE]   run the agent of FILE (default /etc/iot-edge/agent.json,
                                           or the IOT_EDGE_CONFIG environment variable)
          Iot.Edge nmea-replay FILE        print one JSON line per valid fix of an NMEA 0183 log
          Iot.Edge --help                  this text

        Exit codes:
          0  stopped cleanly (SIGTERM / Ctrl+C), or nmea-replay done
          1  runtime failure (unreadable data directory, unexpected error)
          2  usage error or invalid configuration (each bad key is named on stderr)
        See edge/README.md for the configuration file.
        """;

    /// <summary>Parses the arguments; null with a message on <paramref name="error"/> when they are wrong.</summary>
    public static EdgeCommandLine? Parse(IReadOnlyList<string> args, TextWriter error, string? environmentConfig = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var rest = args.ToList();
        if (rest.Any(a => a is "--help" or "-h" or "help"))
        {
            return new EdgeCommandLine("help", null);
        }

        var command = rest.Count > 0 && !rest[0].StartsWith('-') ? rest[0] : "run";
        if (rest.Count > 0 && !rest[0].StartsWith('-'))
        {
            rest.RemoveAt(0);
        }

        switch (command)
        {
            case "nmea-replay":
                if (rest.Count != 1)
                {
                    error.WriteLine("nmea-replay takes exactly one file");
                    return null;
                }

                return new EdgeCommandLine(command, rest[0]);
            case "run":
                string? config = null;
                for (var i = 0; i < rest.Count; i++)
                {
                    if (rest[i] == "--config" && i + 1 < rest.Count)
                    {
                        config = rest[++i];
                    }
                    else if (rest[i].StartsWith("--config=", StringComparison.Ordinal))
                    {
                        config = rest[i]["--config=".Length..];
                    }
                    else
                    {
                        error.WriteLine($"unknown argument '{rest[i]}'");
                        return null;
                    }
                }

                return new EdgeCommandLine(command, config ?? (string.IsNullOrEmpty(environmentConfig) ? DefaultConfig : environmentConfig));
            default:
                error.WriteLine($"unknown command '{command}'");
                return null;
        }
    }
}
