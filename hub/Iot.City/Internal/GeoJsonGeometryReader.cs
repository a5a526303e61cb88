using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Iot.City.Internal;

/// <summary>
/// Reads a GeoJSON geometry (RFC 7946: Point, LineString, Polygon, MultiPolygon; WGS84 [lon, lat]) into
/// NetTopologySuite, reporting each mistake at its JSON path: bad positions, unclosed rings, invalid shapes.
/// Our own small reader rather than a converter so that errors point at the exact coordinate.
/// </summary>
internal static class GeoJsonGeometryReader
{
    public static Geometry? Read(JsonElement element, string path, string? id, CityErrorList errors)
    {
        var reader = JsonObjectReader.Open(element, path, errors, id);
        if (reader is null)
        {
            return null;
        }

        reader.Ignore("bbox", "crs");
        var type = reader.String("type");
        var hasCoordinates = reader.TryGet("coordinates", required: true, out var coordinates);
        reader.ReportUnexpectedFields();
        if (type is null || !hasCoordinates)
        {
            return null;
        }

        var at = new Locator(reader.FieldPath("coordinates"), id, errors);
        Geometry? geometry = type switch
        {
            "Point" => ReadPosition(coordinates, at) is { } position ? CityGeometry.Factory.CreatePoint(position) : null,
            "LineString" => ReadLineString(coordinates, at),
            "Polygon" => ReadPolygon(coordinates, at),
            "MultiPolygon" => ReadMultiPolygon(coordinates, at),
            _ => Unsupported(reader, type),
        };
        if (geometry is null or Point)
        {
            return geometry;
        }

        var validity = new IsValidOp(geometry).ValidationError;
        if (validity is not null)
        {
            var where = validity.Coordinate is { } c
                ? string.Create(CultureInfo.InvariantCulture, $" at [{c.X}, {c.Y}]")
                : string.Empty;
            reader.Error($"invalid {type}: {validity.Message}{where}");
            return null;
        }

        return geometry;
    }

    private static Geometry? Unsupported(JsonObjectReader reader, string type)
    {
        reader.FieldError("type", $"unsupported geometry type '{type}' (expected Point, LineString, Polygon or MultiPolygon)");
        return null;
    }

    private static LineString? ReadLineString(JsonElement element, Locator at)
    {
        var positions = ReadPositions(element, at);
        if (positions is null)
        {
            return null;
        }

        if (positions.Length < 2)
        {
            at.Error(string.Empty, "a LineString needs at least 2 positions");
            return null;
        }

        return CityGeometry.Factory.CreateLineString(positions);
    }

    private static Polygon? ReadPolygon(JsonElement element, Locator at)
    {
        if (!ExpectArray(element, at, "a Polygon needs an array of rings"))
        {
            return null;
        }

        var rings = element.EnumerateArray().Select((ring, i) => ReadRing(ring, at.Index(i))).ToList();
        if (rings.Count == 0)
        {
            at.Error(string.Empty, "a Polygon needs at least one ring");
            return null;
        }

        if (rings.Any(ring => ring is null))
        {
            return null;
        }

        return CityGeometry.Factory.CreatePolygon(rings[0]!, rings.Skip(1).Select(ring => ring!).ToArray());
    }

    private static MultiPolygon? ReadMultiPolygon(JsonElement element, Locator at)
    {
        if (!ExpectArray(element, at, "a MultiPolygon needs an array of polygons"))
        {
            return null;
        }

        var polygons = element.EnumerateArray().Select((polygon, i) => ReadPolygon(polygon, at.Index(i))).ToList();
        if (polygons.Count == 0)
        {
            at.Error(string.Empty, "a MultiPolygon needs at least one polygon");
            return null;
        }

        return polygons.Any(polygon => polygon is null) ? null : CityGeometry.Factory.CreateMultiPolygon(polygons.ToArray());
    }

    private static LinearRing? ReadRing(JsonElement element, Locator at)
    {
        var positions = ReadPositions(element, at);
        if (positions is null)
        {
            return null;
        }

        if (positions.Length < 4)
        {
            at.Error(string.Empty, "a ring needs at least 4 positions");
            return null;
        }

        if (!positions[0].Equals2D(positions[^1]))
        {
            at.Error(string.Empty, "the ring is not closed (its last position must repeat the first)");
            return null;
        }

        return CityGeometry.Factory.CreateLinearRing(positions);
    }

    private static Coordinate[]? ReadPositions(JsonElement element, Locator at)
    {
        if (!ExpectArray(element, at, "expected an array of positions"))
        {
            return null;
        }

        var positions = element.EnumerateArray().Select((position, i) => ReadPosition(position, at.Index(i))).ToList();
        return positions.Any(position => position is null) ? null : positions.Select(position => position!).ToArray();
    }

    private static Coordinate? ReadPosition(JsonElement element, Locator at)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is < 2 or > 3
            || element.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.Number))
        {
            at.Error(string.Empty, "a position is [longitude, latitude] in degrees");
            return null;
        }

        var longitude = element[0].GetDouble();
        var latitude = element[1].GetDouble();
        if (longitude is < -180 or > 180 || latitude is < -90 or > 90)
        {
            at.Error(string.Empty, string.Create(CultureInfo.InvariantCulture, $"[{longitude}, {latitude}] is not a WGS84 [longitude, latitude]"));
            return null;
        }

        return new Coordinate(longitude, latitude);
    }

    private static bool ExpectArray(JsonElement element, Locator at, string message)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return true;
        }

        at.Error(string.Empty, message);
        return false;
    }

    private readonly record struct Locator(string Path, string? Id, CityErrorList Errors)
    {
        public Locator Index(int i) => this with { Path = $"{Path}[{i}]" };

        public void Error(string suffix, string message) => Errors.Add(CityErrorList.Locate(Path + suffix, Id), message);
    }
}
