using Iot.Contracts;

namespace Iot.Hub.Open311;

/// <summary>One kind of problem a citizen can report: an Open311 service, mapped to the hub service whose operator fixes it.</summary>
/// <param name="Code">The Open311 <c>service_code</c> (the hub service's wire name).</param>
public sealed record CitizenService(string Code, ServiceKind Service, string Name, string Description, string Keywords, string Group);

/// <summary>The services citizens can report on, in the order the services list shows them.</summary>
public static class CitizenServices
{
    /// <summary>The optional attribute that names the asset (lamp post, bin, bus) a report is about.</summary>
    public const string AssetAttribute = "asset_id";

    public static IReadOnlyList<CitizenService> All { get; } =
    [
        new("streetlight", ServiceKind.Streetlight, "Street light out or damaged",
            "A street lamp that stays dark at night, flickers, burns in daytime, or whose post is damaged.",
            "lamp,light,street light,éclairage,lampadaire", "lighting"),
        new("wastebin", ServiceKind.Wastebin, "Waste bin full or damaged",
            "A public waste or recycling container that is overflowing, smells, burns, or is damaged or missing.",
            "bin,waste,container,poubelle,déchets", "waste"),
        new("bus", ServiceKind.Bus, "Bus service problem",
            "A bus that broke down, did not come, or a damaged vehicle.",
            "bus,transport,stop,arrêt", "transport"),
    ];

    public static CitizenService? Find(string? code) => All.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.Ordinal));
}
