using Iot.City.Internal;

namespace Iot.City;

/// <summary>
/// What <see cref="CityGenerator"/> makes: one commune laid out as a grid-ish square town of
/// <see cref="SizeMeters"/> a side around (<see cref="Latitude"/>, <see cref="Longitude"/>). Equal options give an equal city.
/// </summary>
public sealed record CityGeneratorOptions
{
    public required string CommuneId { get; init; }

    public required string Name { get; init; }

    public required double Latitude { get; init; }

    public required double Longitude { get; init; }

    public string TimeZone { get; init; } = "Europe/Paris";

    public int Seed { get; init; }

    /// <summary>Side of the square town, metres.</summary>
    public double SizeMeters { get; init; } = 3000;

    /// <summary>Districts tiling the town (rows of rectangles).</summary>
    public int Districts { get; init; } = 6;

    /// <summary>Lighting cabinets, each with its own controller agent.</summary>
    public int Cabinets { get; init; } = 48;

    /// <summary>Lamps on each cabinet, about 30 m apart along a street.</summary>
    public int LampsPerCabinet { get; init; } = 44;

    /// <summary>Waste bins, at street corners first.</summary>
    public int Bins { get; init; } = 320;

    /// <summary>Bins reporting through one gateway agent.</summary>
    public int BinsPerGateway { get; init; } = 25;

    public int Routes { get; init; } = 5;

    public int BusesPerRoute { get; init; } = 5;

    /// <summary>Streets of the grid, about half running east-west and half north-south; at least 2.</summary>
    public int Streets { get; init; } = 24;

    /// <summary>
    /// The demo commune shipped as <c>cities/demo.city.json</c>: Demo-sur-Mer on the Riviera, 6 districts,
    /// 48 cabinets × 44 lamps (2,112 lamps), 320 bins behind 13 gateways, 5 routes × 5 buses.
    /// </summary>
    public static CityGeneratorOptions Demo { get; } = new()
    {
        CommuneId = "demo",
        Name = "Demo-sur-Mer",
        Latitude = 43.7031,
        Longitude = 7.2661,
        Seed = 20_251_123,
    };

    /// <summary>
    /// A benchmark city of exactly <paramref name="assets"/> assets (at least 1,000), in the same proportions as a real town:
    /// about 80 % lamps on 40-lamp cabinets, 8 buses per 1,000 assets on routes of 10, the rest bins.
    /// </summary>
    public static CityGeneratorOptions Large(int assets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assets, 1000);
        const int lampsPerCabinet = 40;
        const int busesPerRoute = 10;
        var cabinets = (int)Math.Round(assets * 0.8 / (lampsPerCabinet + 1));
        var routes = Math.Max(4, (int)Math.Round(assets * 0.008 / busesPerRoute));
        var bins = assets - (cabinets * (lampsPerCabinet + 1)) - (routes * busesPerRoute);
        var size = Math.Round(3000 * Math.Sqrt(assets / 2500.0) / 100) * 100;
        var cabinetsPerStreet = Math.Max(1, (int)(size / ((lampsPerCabinet + 1) * 30)));
        return new CityGeneratorOptions
        {
            CommuneId = "large",
            Name = "Grande-Ville",
            Latitude = 43.6108,
            Longitude = 3.8767,
            Seed = 4242,
            SizeMeters = size,
            Districts = Math.Max(4, (int)Math.Round(assets / 1000.0)),
            Cabinets = cabinets,
            LampsPerCabinet = lampsPerCabinet,
            Bins = bins,
            Routes = routes,
            BusesPerRoute = busesPerRoute,
            Streets = Math.Max(4, (cabinets + cabinetsPerStreet - 1) / cabinetsPerStreet),
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (!IdRules.IsCommuneId(CommuneId))
        {
            throw new ArgumentException($"CommuneId '{CommuneId}' is not {IdRules.CommuneText}.", nameof(CommuneId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(TimeZone);
        Range(nameof(Latitude), Latitude, -80, 80);
        Range(nameof(Longitude), Longitude, -180, 180);
        Range(nameof(SizeMeters), SizeMeters, 500, 50_000);
        Range(nameof(Districts), Districts, 1, 1000);
        Range(nameof(Cabinets), Cabinets, 0, 100_000);
        Range(nameof(LampsPerCabinet), LampsPerCabinet, 1, 999);
        Range(nameof(Bins), Bins, 0, 1_000_000);
        Range(nameof(BinsPerGateway), BinsPerGateway, 1, 10_000);
        Range(nameof(Routes), Routes, 0, 999);
        Range(nameof(BusesPerRoute), BusesPerRoute, 0, 999);
        Range(nameof(Streets), Streets, 2, 10_000);
    }

    private static void Range(string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }
}
