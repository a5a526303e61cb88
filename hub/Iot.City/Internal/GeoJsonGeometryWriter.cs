using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Iot.City.Internal;

/// <summary>Writes the geometry types of the city file as GeoJSON, [longitude, latitude], shortest round-trip numbers.</summary>
internal static class GeoJsonGeometryWriter
{
    public static void Write(Utf8JsonWriter writer, Geometry geometry)
    {
        writer.WriteStartObject();
        writer.WriteString("type", geometry.GeometryType);
        writer.WritePropertyName("coordinates");
        switch (geometry)
        {
            case Point point:
                WritePosition(writer, point.Coordinate);
                break;
            case LineString line:
                WritePositions(writer, line.Coordinates);
                break;
            case Polygon polygon:
                WritePolygon(writer, polygon);
                break;
            case MultiPolygon multi:
                writer.WriteStartArray();
                foreach (var polygon in multi.Geometries.Cast<Polygon>())
                {
                    WritePolygon(writer, polygon);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"A city file has no {geometry.GeometryType} geometries.", nameof(geometry));
        }

        writer.WriteEndObject();
    }

    private static void WritePolygon(Utf8JsonWriter writer, Polygon polygon)
    {
        writer.WriteStartArray();
        WritePositions(writer, polygon.Shell.Coordinates);
        foreach (var hole in polygon.Holes)
        {
            WritePositions(writer, hole.Coordinates);
        }

        writer.WriteEndArray();
    }

    private static void WritePositions(Utf8JsonWriter writer, Coordinate[] positions)
    {
        writer.WriteStartArray();
        foreach (var position in positions)
        {
            WritePosition(writer, position);
        }

        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, Coordinate position)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(position.X);
        writer.WriteNumberValue(position.Y);
        writer.WriteEndArray();
    }
}
