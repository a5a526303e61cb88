using System.Globalization;

namespace Iot.Simulators;

/// <summary>Command-line options of <c>agent</c>.</summary>
internal sealed record AgentSimulatorOptions(string CityFile, string AgentId, string Secret, string Host, int Port, TimeSpan Interval, int? Count)
{
    public const string Usage = """
        usage: dotnet run --project simulators/Iot.Simulators -- agent --city <file> --agent <id> --secret <secret>
                   [--host 127.0.0.1] [--port 1883] [--interval 5] [--count N]
          Plays one edge agent of a city file over MQTT: a retained birth status and a Last Will on its own status
          topic, then plausible telemetry for every device it owns, every --interval seconds (N rounds with --count).
        """;

    public static AgentSimulatorOptions? Parse(string[] args, TextWriter errors)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var city = Value("--city");
        var agent = Value("--agent");
        var secret = Value("--secret");
        if (city is null || agent is null || secret is null)
        {
            errors.WriteLine("--city, --agent and --secret are required.");
            return null;
        }

        if (!int.TryParse(Value("--port") ?? "1883", CultureInfo.InvariantCulture, out var port)
            || !double.TryParse(Value("--interval") ?? "5", CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            errors.WriteLine("--port must be an integer and --interval a positive number of seconds.");
            return null;
        }

        int? count = null;
        if (Value("--count") is { } c)
        {
            if (!int.TryParse(c, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                errors.WriteLine("--count must be a positive integer.");
                return null;
            }

            count = n;
        }

        return new AgentSimulatorOptions(city, agent, secret, Value("--host") ?? "127.0.0.1", port, TimeSpan.FromSeconds(seconds), count);
    }
}
