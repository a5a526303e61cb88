using Iot.City.Internal;
using Iot.Contracts;

namespace Iot.City;

/// <summary>
/// Makes a realistic city for demos, tests and benchmarks, deterministically: the same options always give the
/// same city, and so the same bytes through <see cref="CityWriter"/>. One commune, a grid-ish square town,
/// districts tiling it, one operator per service (the lighting operator holds both the streetlight and the cabinet
/// contracts), contracts over the whole commune with a standard SLA table, and agents that each own something.
/// </summary>
public static class CityGenerator
{
    /// <summary>The demo city's file name, under <c>cities/</c> in the repository and next to the hub binaries.</summary>
    public static string DemoCityFileName => "demo.city.json";

    /// <summary>How far the districts reach beyond the outermost streets, metres.</summary>
    private const double MarginMeters = 50;

    private static readonly DateOnly ContractStart = new(2024, 1, 1);
    private static readonly DateOnly ContractEnd = new(2031, 12, 31);

    /// <summary>The SLA table of every generated contract, most urgent first.</summary>
    public static IReadOnlyList<SlaTerm> StandardSla { get; } =
    [
        new(SlaSeverities.Critical, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
        new(SlaSeverities.High, TimeSpan.FromHours(1), TimeSpan.FromHours(24)),
        new(SlaSeverities.Medium, TimeSpan.FromHours(4), TimeSpan.FromHours(72)),
        new(SlaSeverities.Low, TimeSpan.FromHours(24), TimeSpan.FromDays(7)),
    ];

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static CityModel Generate(CityGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(options.Seed);
        var grid = new TownGrid(options, random);
        var commune = new Commune(options.CommuneId, options.Name, options.Latitude, options.Longitude, options.TimeZone);
        var districts = Districts(options, grid);
        var extent = grid.Half + MarginMeters;
        var zone = grid.Rectangle(-extent, -extent, extent, extent);
        Operator[] operators =
        [
            new("OP-LIGHT", "Lumière Azur Services", "exploitation@lumiere-azur.example", "fr"),
            new("OP-WASTE", "Propreté Littorale", "astreinte@proprete-littorale.example", "ar"),
            new("OP-BUS", "Azur Mobilités", "regulation@azur-mobilites.example", "en"),
        ];
        var contracts = ServiceKinds.All.Select(service => new ServiceContract(
            $"CT-{service.ToWire().ToUpperInvariant()}",
            service switch
            {
                ServiceKind.Streetlight or ServiceKind.Cabinet => "OP-LIGHT",
                ServiceKind.Wastebin => "OP-WASTE",
                _ => "OP-BUS",
            },
            options.CommuneId,
            service,
            zone,
            StandardSla,
            ContractStart,
            ContractEnd)
        {
            Targets = StandardTargets(service),
        }).ToList();
        var streets = grid.Streets.Select(s => new Street(s.Id, options.CommuneId, s.Name, grid.StreetLine(s))).ToList();

        var assets = new TownAssetBuilder(options, grid, random, districts);
        assets.AddLighting();
        assets.AddBins();
        var routes = assets.AddBuses();
        return new CityModel([commune], districts, operators, contracts, assets.Agents, routes, streets, assets.Assets);
    }

    /// <summary>The service-quality targets of the generated contracts (see <see cref="KpiTargets"/>).</summary>
    public static IReadOnlyDictionary<string, double> StandardTargets(ServiceKind service)
    {
        var targets = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [KpiTargets.Availability] = service == ServiceKind.Bus ? 0.95 : 0.98,
            [KpiTargets.AckWithinSla] = 0.95,
            [KpiTargets.RepairWithinSla] = 0.9,
            [KpiTargets.Mtta] = 2,
            [KpiTargets.Mttr] = 24,
        };
        if (service == ServiceKind.Wastebin)
        {
            targets[KpiTargets.BinOverflowRate] = 0.02;
        }

        if (service == ServiceKind.Bus)
        {
            targets[KpiTargets.FleetAvailability] = 0.95;
        }

        targets[KpiTargets.Satisfaction] = 4;
        return targets;
    }

    /// <summary>Rows of equal rectangles from south to north, west to east in a row, exactly tiling the town and its margin.</summary>
    private static List<District> Districts(CityGeneratorOptions options, TownGrid grid)
    {
        var extent = grid.Half + MarginMeters;
        var rows = Math.Max(1, (int)Math.Round(Math.Sqrt(options.Districts)));
        var districts = new List<District>(options.Districts);
        for (var row = 0; row < rows; row++)
        {
            var cells = (options.Districts / rows) + (row < options.Districts % rows ? 1 : 0);
            var south = Edge(row, rows, extent);
            var north = Edge(row + 1, rows, extent);
            for (var cell = 0; cell < cells; cell++)
            {
                var index = districts.Count;
                var area = grid.Rectangle(Edge(cell, cells, extent), south, Edge(cell + 1, cells, extent), north);
                districts.Add(new District(
                    TownNames.Numbered("D-", index + 1, 2, options.Districts), options.CommuneId, TownNames.District(index), area));
            }
        }

        return districts;
    }

    /// <summary>The i-th of n equal divisions of [-extent, extent]; the outer edges are exact so neighbours share them.</summary>
    private static double Edge(int i, int n, double extent) =>
        i == 0 ? -extent : i == n ? extent : -extent + (i * 2 * extent / n);
}
