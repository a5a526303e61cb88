namespace Iot.Contracts;

/// <summary>The delegated public services the hub monitors; the third topic segment.</summary>
public enum ServiceKind
{
    Streetlight,
    Cabinet,
    Wastebin,
    Bus,
}
