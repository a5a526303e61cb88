using System.Globalization;

namespace Iot.Hub.Internal;

/// <summary>
/// The <c>bbox=minLon,minLat,maxLon,maxLat</c> query parameter (WGS84 degrees) of the device and ticket listings.
/// ASP.NET Core binds it through <see cref="TryParse"/>; a value that does not parse is answered by
/// <see cref="Problems.WithQueryProblems"/> as a 400 naming <c>bbox</c>.
/// </summary>
internal readonly record struct BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public const string Name = "bbox";
    public const string Expected = "bbox must be minLon,minLat,maxLon,maxLat.";

    public static bool TryParse(string? text, IFormatProvider? provider, out BoundingBox box)
    {
        box = default;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (parts.Length != 4 || parts.Any(double.IsNaN) || parts[0] > parts[2] || parts[1] > parts[3])
        {
            return false;
        }

        box = new BoundingBox(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    public bool Contains(double longitude, double latitude) =>
        longitude >= MinLon && latitude >= MinLat && longitude <= MaxLon && latitude <= MaxLat;
}
