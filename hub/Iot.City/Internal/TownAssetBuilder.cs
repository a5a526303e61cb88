using System.Collections.ObjectModel;
using System.Globalization;
using Iot.Contracts;
using NetTopologySuite.Geometries;
using NetTopologySuite.LinearReferencing;

namespace Iot.City.Internal;

/// <summary>
/// Places the assets of a generated town and the agents that speak for them: cabinets with their lamps along streets,
/// bins at street corners behind radio gateways, buses on routes through the grid. Draws from one seeded random source.
/// </summary>
internal sealed class TownAssetBuilder(CityGeneratorOptions options, TownGrid grid, Random random, IReadOnlyList<District> districts)
{
    private const double LampSpacingMeters = 30;
    private static readonly double[] LampPowers = [36, 48, 60, 75, 90];
    private static readonly double[] MountingHeights = [6, 8, 10];
    private static readonly (double Litres, double Height)[] BinModels = [(240, 1.07), (360, 1.1), (660, 1.25), (770, 1.33), (1100, 1.37)];
    private static readonly int[] HeadwayMinutes = [10, 12, 15, 20, 30];
    private static readonly TimeOnly[] ServiceStarts = [new(5, 30), new(6, 0)];
    private static readonly TimeOnly[] ServiceEnds = [new(21, 0), new(21, 30), new(22, 30)];

    private readonly DistrictLocator _districts = new(districts);

    public List<Asset> Assets { get; } = [];

    public List<Agent> Agents { get; } = [];

    public void AddLighting()
    {
        var streets = grid.Streets.Count;
        var slotsPerStreet = Math.Max(1, (options.Cabinets + streets - 1) / streets);
        var slotLength = grid.Length / slotsPerStreet;
        var spacing = Math.Min(LampSpacingMeters, slotLength / options.LampsPerCabinet);
        for (var k = 0; k < options.Cabinets; k++)
        {
            var street = grid.Streets[k % streets];
            var start = (k / streets) * slotLength;
            var power = Pick(LampPowers);
            var height = Pick(MountingHeights);
            var cabinetId = TownNames.Numbered("CAB-", k + 1, 3, options.Cabinets);
            Agents.Add(new Agent(cabinetId, options.CommuneId, AgentKinds.CabinetController));
            var (cx, cy) = grid.Along(street, start + (spacing / 4), -9);
            Add(cabinetId, ServiceKind.Cabinet, cabinetId, cx, cy, null, null, Address(street, start + (spacing / 4), -9), new()
            {
                ["lampCount"] = options.LampsPerCabinet,
                ["installedPower"] = options.LampsPerCabinet * power,
            });
            for (var j = 0; j < options.LampsPerCabinet; j++)
            {
                var along = start + ((j + 0.5) * spacing);
                var aside = j % 2 == 0 ? 7 : -7;
                var (x, y) = grid.Along(street, along, aside);
                var lampId = $"LAMP-{cabinetId[4..]}-{TownNames.Numbered(string.Empty, j + 1, 2, options.LampsPerCabinet)}";
                Add(lampId, ServiceKind.Streetlight, cabinetId, x, y, cabinetId, null, Address(street, along, aside), new()
                {
                    ["ratedPower"] = power,
                    ["mountingHeight"] = height,
                });
            }
        }
    }

    public void AddBins()
    {
        var eastWest = grid.EastWestStreets.ToList();
        var northSouth = grid.NorthSouthStreets.ToList();
        var corners = new List<(GridStreet EastWest, GridStreet NorthSouth, double X, double Y)>();
        foreach (var ew in eastWest)
        {
            foreach (var ns in northSouth)
            {
                foreach (var (dx, dy) in new[] { (-8.0, -8.0), (8.0, -8.0), (-8.0, 8.0), (8.0, 8.0) })
                {
                    corners.Add((ew, ns, ns.Position + dx, ew.Position + dy));
                }
            }
        }

        // Corners first, picked at random but numbered south to north so that a gateway serves one neighbourhood.
        var picked = Enumerable.Range(0, corners.Count).ToArray();
        random.Shuffle(picked);
        var places = picked.Take(options.Bins).Order()
            .Select(i => (corners[i].X, corners[i].Y, Address: $"angle {corners[i].EastWest.Name} / {corners[i].NorthSouth.Name}"))
            .ToList();
        while (places.Count < options.Bins)
        {
            var street = grid.Streets[random.Next(grid.Streets.Count)];
            var along = 10 + (random.NextDouble() * (grid.Length - 20));
            var aside = random.Next(2) == 0 ? -6 : 6;
            var (x, y) = grid.Along(street, along, aside);
            places.Add((x, y, Address(street, along, aside)));
        }

        var gateways = (options.Bins + options.BinsPerGateway - 1) / options.BinsPerGateway;
        for (var b = 0; b < places.Count; b++)
        {
            var gatewayId = TownNames.Numbered("GW-", (b / options.BinsPerGateway) + 1, 2, gateways);
            if (b % options.BinsPerGateway == 0)
            {
                Agents.Add(new Agent(gatewayId, options.CommuneId, AgentKinds.BinGateway));
            }

            var (litres, height) = Pick(BinModels);
            var model = new Dictionary<string, double>
            {
                ["capacity"] = litres,
                ["binHeight"] = height,
                ["sensorOffset"] = Math.Round(0.05 + (random.NextDouble() * 0.05), 2),
            };
            var id = TownNames.Numbered("BIN-", b + 1, 4, options.Bins);
            Add(id, ServiceKind.Wastebin, gatewayId, places[b].X, places[b].Y, null, null, places[b].Address, model);
        }
    }

    public List<BusRoute> AddBuses()
    {
        var routes = new List<BusRoute>();
        var depot = grid.Point(-grid.Half + 80, -grid.Half + 80);
        var totalBuses = options.Routes * options.BusesPerRoute;
        for (var r = 0; r < options.Routes; r++)
        {
            var vertices = RouteVertices(eastWestFirst: r % 2 == 0);
            var routeId = string.Create(CultureInfo.InvariantCulture, $"L{r + 1}");
            var name = string.Create(CultureInfo.InvariantCulture, $"Ligne {r + 1} : {TownNames.Terminus(2 * r)} – {TownNames.Terminus((2 * r) + 1)}");
            var headway = TimeSpan.FromMinutes(Pick(HeadwayMinutes));
            var start = Pick(ServiceStarts);
            var end = Pick(ServiceEnds);
            routes.Add(new BusRoute(routeId, options.CommuneId, name, grid.Line(vertices), headway, start, end, depot));
            var capacity = random.Next(2) == 0 ? 90 : 105;
            var path = new LengthIndexedLine(CityGeometry.Factory.CreateLineString(vertices.Select(v => new Coordinate(v.X, v.Y)).ToArray()));
            var length = path.EndIndex;
            for (var i = 0; i < options.BusesPerRoute; i++)
            {
                var at = path.ExtractPoint((i + 0.5) / options.BusesPerRoute * length);
                var busId = TownNames.Numbered("BUS-", (r * options.BusesPerRoute) + i + 1, 2, totalBuses);
                Agents.Add(new Agent(busId, options.CommuneId, AgentKinds.BusTracker));
                Add(busId, ServiceKind.Bus, busId, at.X, at.Y, null, routeId, null, new() { ["capacity"] = capacity });
            }
        }

        return routes;
    }

    /// <summary>A line that crosses the town with one jog: along one street, across on another, out along a third.</summary>
    private List<(double X, double Y)> RouteVertices(bool eastWestFirst)
    {
        var along = eastWestFirst ? grid.Ys : grid.Xs;
        var across = eastWestFirst ? grid.Xs : grid.Ys;
        var a = along[random.Next(along.Count)];
        var b = across[random.Next(across.Count)];
        var c = along[random.Next(along.Count)];
        var h = grid.Half;
        (double, double)[] path = eastWestFirst
            ? [(-h, a), (b, a), (b, c), (h, c)]
            : [(a, -h), (a, b), (c, b), (c, h)];
        var vertices = new List<(double X, double Y)>();
        foreach (var vertex in path.Where(v => vertices.Count == 0 || vertices[^1] != v))
        {
            vertices.Add(vertex);
        }

        return vertices;
    }

    private T Pick<T>(T[] choices) => choices[random.Next(choices.Length)];

    private static string Address(GridStreet street, double along, double aside)
    {
        var number = (2 * (int)(along / 20)) + (aside > 0 ? 2 : 1);
        return string.Create(CultureInfo.InvariantCulture, $"{number} {street.Name}");
    }

    private void Add(
        string id, ServiceKind service, string agentId, double x, double y, string? cabinetId, string? routeId, string? address,
        Dictionary<string, double> model)
    {
        var location = grid.Point(x, y);
        var district = _districts.Locate(options.CommuneId, location)
            ?? throw new InvalidOperationException($"Generated asset {id} lies outside every district.");
        Assets.Add(new Asset(
            id, service, options.CommuneId, agentId, location, district.Id, cabinetId, routeId, address, new ReadOnlyDictionary<string, double>(model)));
    }
}
