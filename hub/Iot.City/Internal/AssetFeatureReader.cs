using System.Collections.ObjectModel;
using System.Text.Json;
using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.City.Internal;

/// <summary>
/// Reads the <c>assets</c> section, a GeoJSON FeatureCollection whose features are Points with
/// <c>properties</c>: service, commune, agent, district?, cabinet? (streetlights), route? (buses), address?, model?.
/// </summary>
internal static class AssetFeatureReader
{
    private static readonly IReadOnlyDictionary<string, double> NoModel = new ReadOnlyDictionary<string, double>(new Dictionary<string, double>());

    public static List<AssetDraft> Read(JsonObjectReader root, HashSet<string> unreadable)
    {
        var assets = new List<AssetDraft>();
        var collection = root.Object("assets");
        if (collection is null)
        {
            unreadable.Add("assets");
            return assets;
        }

        var type = collection.String("type");
        if (type is not null and not "FeatureCollection")
        {
            collection.FieldError("type", $"expected a GeoJSON \"FeatureCollection\", found \"{type}\"");
        }

        collection.Ignore("bbox");
        var features = collection.Array("features");
        if (features is null)
        {
            unreadable.Add("assets");
        }

        foreach (var (element, path) in features ?? [])
        {
            if (JsonObjectReader.Open(element, path, root.Errors) is { } feature)
            {
                assets.Add(ReadFeature(feature));
            }
        }

        collection.ReportUnexpectedFields();
        return assets;
    }

    private static AssetDraft ReadFeature(JsonObjectReader feature)
    {
        var type = feature.String("type");
        if (type is not null and not "Feature")
        {
            feature.FieldError("type", $"expected a GeoJSON \"Feature\", found \"{type}\"");
        }

        var id = feature.OwnId("id");
        var geometry = feature.Geometry("geometry");
        if (geometry is not null and not Point)
        {
            feature.FieldError("geometry", $"an asset is located by a Point, not a {geometry.GeometryType}");
        }

        feature.Ignore("bbox");
        var draft = feature.Object("properties") is { } properties
            ? ReadProperties(properties, feature.Path, id ?? string.Empty, geometry as Point)
            : new AssetDraft(feature.Path, id ?? string.Empty, null, null, null, geometry as Point, null, null, null, null, NoModel);
        feature.ReportUnexpectedFields();
        return draft;
    }

    private static AssetDraft ReadProperties(JsonObjectReader properties, string path, string id, Point? location)
    {
        var service = properties.Service("service");
        var commune = properties.String("commune");
        var agent = properties.String("agent");
        var district = properties.String("district", required: false);
        var cabinet = properties.String("cabinet", required: false);
        if (service == ServiceKind.Streetlight && cabinet is null && !properties.TryGet("cabinet", required: false, out _))
        {
            properties.Error("a streetlight needs the 'cabinet' it hangs on");
        }
        else if (cabinet is not null && service is not null and not ServiceKind.Streetlight)
        {
            properties.FieldError("cabinet", $"only streetlights hang on a cabinet, not a {service.Value.ToWire()}");
        }

        var route = properties.String("route", required: false);
        if (service == ServiceKind.Bus && route is null && !properties.TryGet("route", required: false, out _))
        {
            properties.Error("a bus needs the 'route' it runs");
        }
        else if (route is not null && service is not null and not ServiceKind.Bus)
        {
            properties.FieldError("route", $"only buses run a route, not a {service.Value.ToWire()}");
        }

        var address = properties.String("address", required: false);
        var model = properties.Object("model", required: false) is { } modelReader ? ReadModel(modelReader) : NoModel;
        properties.ReportUnexpectedFields();
        return new AssetDraft(path, id, service, commune, agent, location, district, cabinet, route, address, model);
    }

    private static ReadOnlyDictionary<string, double> ReadModel(JsonObjectReader model)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var field in model.Fields())
        {
            if (!IdRules.IsModelKey(field.Name))
            {
                model.FieldError(field.Name, $"'{field.Name}' is not a model value name ({IdRules.ModelKeyText})");
            }
            else if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                model.FieldError(field.Name, $"a model value is a number, found {JsonObjectReader.Describe(field.Value)}");
            }
            else
            {
                values[field.Name] = value;
            }
        }

        model.ReportUnexpectedFields();
        return new ReadOnlyDictionary<string, double>(values);
    }
}
