using NetTopologySuite.Geometries;

namespace Iot.City.Internal;

/// <summary>One straight street of a generated town, in local metres: east-west at y = Position, or north-south at x = Position.</summary>
internal sealed record GridStreet(string Id, string Name, bool EastWest, double Position);

/// <summary>
/// The street grid of a generated town in local metres (x east, y north, origin at the centre) and the conversion
/// to WGS84, rounded to 7 decimals (about 1 cm) so that files stay short and read back exactly.
/// </summary>
internal sealed class TownGrid
{
    private readonly Coordinate _center;

    public TownGrid(CityGeneratorOptions options, Random random)
    {
        _center = new Coordinate(options.Longitude, options.Latitude);
        Half = options.SizeMeters / 2;
        var eastWest = (options.Streets + 1) / 2;
        var northSouth = options.Streets / 2;
        Ys = Positions(eastWest, random);
        Xs = Positions(northSouth, random);
        var names = TownNames.Streets(options.Streets, random);
        var streets = new List<GridStreet>(options.Streets);

        // Interleave the two directions so that consecutive streets cross the town both ways.
        for (var i = 0; i < options.Streets; i++)
        {
            var id = TownNames.Numbered("ST-", i + 1, 2, options.Streets);
            streets.Add(i % 2 == 0
                ? new GridStreet(id, names[i], EastWest: true, Ys[i / 2])
                : new GridStreet(id, names[i], EastWest: false, Xs[i / 2]));
        }

        Streets = streets;
    }

    /// <summary>Half the side of the town; streets run from -Half to +Half.</summary>
    public double Half { get; }

    public double Length => 2 * Half;

    /// <summary>The y of the east-west streets, south to north.</summary>
    public IReadOnlyList<double> Ys { get; }

    /// <summary>The x of the north-south streets, west to east.</summary>
    public IReadOnlyList<double> Xs { get; }

    public IReadOnlyList<GridStreet> Streets { get; }

    public IEnumerable<GridStreet> EastWestStreets => Streets.Where(s => s.EastWest);

    public IEnumerable<GridStreet> NorthSouthStreets => Streets.Where(s => !s.EastWest);

    /// <summary>
    /// A place <paramref name="along"/> metres from the west (or south) end of a street and <paramref name="aside"/> metres
    /// off its centre line, towards the north (or east) when positive.
    /// </summary>
    public (double X, double Y) Along(GridStreet street, double along, double aside) => street.EastWest
        ? (-Half + along, street.Position + aside)
        : (street.Position + aside, -Half + along);

    public Coordinate ToLonLat(double x, double y)
    {
        var c = CityGeometry.Offset(_center, x, y);
        return new Coordinate(Math.Round(c.X, 7), Math.Round(c.Y, 7));
    }

    public Point Point(double x, double y) => CityGeometry.Factory.CreatePoint(ToLonLat(x, y));

    public LineString Line(IEnumerable<(double X, double Y)> vertices) =>
        CityGeometry.Factory.CreateLineString(vertices.Select(v => ToLonLat(v.X, v.Y)).ToArray());

    public Polygon Rectangle(double west, double south, double east, double north) =>
        CityGeometry.Factory.CreatePolygon(
        [
            ToLonLat(west, south), ToLonLat(east, south), ToLonLat(east, north), ToLonLat(west, north), ToLonLat(west, south),
        ]);

    /// <summary>The centre line of a street, with a vertex at every crossing so that a map can route along it.</summary>
    public LineString StreetLine(GridStreet street)
    {
        var crossings = street.EastWest ? Xs : Ys;
        var stops = new[] { -Half }.Concat(crossings).Append(Half);
        return Line(stops.Select(p => street.EastWest ? (p, street.Position) : (street.Position, p)));
    }

    /// <summary><paramref name="count"/> positions across the town, evenly spread with up to ±15 % jitter.</summary>
    private List<double> Positions(int count, Random random)
    {
        var spacing = Length / count;
        return Enumerable.Range(0, count)
            .Select(i => Math.Round(-Half + ((i + 0.5) * spacing) + ((random.NextDouble() - 0.5) * 0.3 * spacing), 1))
            .ToList();
    }
}
