namespace Iot.Contracts;

/// <summary>Wire names of <see cref="ServiceKind"/> (lower case, as in topics and city files).</summary>
public static class ServiceKinds
{
    public static IReadOnlyList<ServiceKind> All { get; } = [ServiceKind.Streetlight, ServiceKind.Cabinet, ServiceKind.Wastebin, ServiceKind.Bus];

    public static string ToWire(this ServiceKind service) => service switch
    {
        ServiceKind.Streetlight => "streetlight",
        ServiceKind.Cabinet => "cabinet",
        ServiceKind.Wastebin => "wastebin",
        ServiceKind.Bus => "bus",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "Unknown service."),
    };

    /// <summary>Parses a wire name; exact, lower-case match only.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ServiceKind service)
    {
        switch (text)
        {
            case "streetlight": service = ServiceKind.Streetlight; return true;
            case "cabinet": service = ServiceKind.Cabinet; return true;
            case "wastebin": service = ServiceKind.Wastebin; return true;
            case "bus": service = ServiceKind.Bus; return true;
            default: service = default; return false;
        }
    }
}
