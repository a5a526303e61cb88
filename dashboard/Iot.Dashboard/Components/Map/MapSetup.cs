using Iot.City;
using Iot.Contracts;
using Iot.Dashboard.Live;
using Iot.Dashboard.Resources;
using Microsoft.Extensions.Localization;
using NetTopologySuite.Geometries;

namespace Iot.Dashboard.Components.Map;

/// <summary>What the browser's map module (wwwroot/js/liveMap.js) is created and loaded with, in compact JSON shapes.</summary>
internal static class MapSetup
{
    internal sealed record ServiceLayer(string Label, string Letter);

    internal sealed record DistrictShape(string Name, double[][][] Rings);

    internal sealed record StreetShape(string Name, double[][] Line);

    internal sealed record Setup(
        string TileUrl,
        string TileAttribution,
        string BasemapLabel,
        IReadOnlyList<ServiceLayer> Services,
        IReadOnlyList<DistrictShape> Districts,
        IReadOnlyList<StreetShape> Streets,
        double[][]? Bounds);

    public static Setup Options(CityModel city, DashboardOptions options, IStringLocalizer<Strings> l)
    {
        ArgumentNullException.ThrowIfNull(city);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(l);
        var services = Enum.GetValues<ServiceKind>()
            .Select(s => new ServiceLayer(l[$"Service_{s}"], l[$"ServiceLetter_{s}"]))
            .ToList();
        var districts = city.Districts
            .Select(d => new DistrictShape(d.Name, [LatLon(d.Area.ExteriorRing), .. d.Area.InteriorRings.Select(LatLon)]))
            .ToList();
        var streets = city.Streets.Select(s => new StreetShape(s.Name, LatLon(s.Line))).ToList();
        return new Setup(options.TileUrl, options.TileAttribution, l["Basemap"], services, districts, streets, Bounds(city));
    }

    /// <summary>One row per asset, in the given order (the browser's indices): [lat, lon, service index, status, id].</summary>
    public static object[][] Assets(IReadOnlyList<Asset> assets, ReadOnlySpan<AssetState> states)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var rows = new object[assets.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            var asset = assets[i];
            rows[i] = [states[i].Latitude, states[i].Longitude, (int)asset.Service, (int)states[i].Status, asset.Id];
        }

        return rows;
    }

    private static double[][] LatLon(LineString line) => [.. line.Coordinates.Select(c => new[] { c.Y, c.X })];

    private static double[][]? Bounds(CityModel city)
    {
        var envelope = new Envelope();
        foreach (var district in city.Districts)
        {
            envelope.ExpandToInclude(district.Area.EnvelopeInternal);
        }

        foreach (var asset in city.Assets)
        {
            envelope.ExpandToInclude(asset.Location.Coordinate);
        }

        return envelope.IsNull ? null : [[envelope.MinY, envelope.MinX], [envelope.MaxY, envelope.MaxX]];
    }
}
