using System.Net.Mail;
using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.City.Internal;

/// <summary>
/// Reads the sections of a city file other than the assets into model records, one item at a time,
/// reporting every field-level mistake. Cross-references are left to <see cref="CityReferenceChecker"/>.
/// </summary>
internal static class CitySectionReader
{
    public const int SupportedVersion = 1;

    private static readonly string[] Languages = ["fr", "ar", "en"];

    public static CityDraft Read(JsonObjectReader root)
    {
        var version = root.Number("version", 0, int.MaxValue);
        if (version is not null && version != SupportedVersion)
        {
            root.FieldError("version", $"unsupported version {version} (this hub reads version {SupportedVersion})");
        }

        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        var draft = new CityDraft(
            ReadSection(root, "communes", ReadCommune, unreadable),
            ReadSection(root, "districts", ReadDistrict, unreadable),
            ReadSection(root, "operators", ReadOperator, unreadable),
            ReadSection(root, "contracts", ReadContract, unreadable),
            ReadSection(root, "agents", ReadAgent, unreadable),
            ReadSection(root, "routes", ReadRoute, unreadable, required: false),
            ReadSection(root, "streets", ReadStreet, unreadable, required: false),
            AssetFeatureReader.Read(root, unreadable),
            unreadable);
        root.ReportUnexpectedFields();
        return draft;
    }

    private static List<Located<T>> ReadSection<T>(
        JsonObjectReader root, string name, Func<JsonObjectReader, T> readItem, HashSet<string> unreadable, bool required = true)
    {
        var section = new List<Located<T>>();
        var items = root.Array(name, required);
        if (items is null && (required || root.TryGet(name, required: false, out _)))
        {
            unreadable.Add(name);
        }

        foreach (var (element, path) in items ?? [])
        {
            var item = JsonObjectReader.Open(element, path, root.Errors);
            if (item is null)
            {
                continue;
            }

            var value = readItem(item);
            item.ReportUnexpectedFields();
            section.Add(new Located<T>(value, path, item.Id ?? string.Empty));
        }

        return section;
    }

    private static Commune ReadCommune(JsonObjectReader item)
    {
        var id = item.OwnId("id", commune: true);
        var name = item.String("name");
        var latitude = item.Number("latitude", -90, 90);
        var longitude = item.Number("longitude", -180, 180);
        var timeZone = item.String("timeZone");
        if (timeZone is not null && !IsKnownTimeZone(timeZone))
        {
            item.FieldError("timeZone", $"unknown time zone '{timeZone}' (expected an IANA name such as Europe/Paris)");
        }

        var language = item.TryGet("language", required: false, out _) ? item.OneOf("language", Languages) : null;
        return new Commune(id ?? string.Empty, name ?? string.Empty, latitude ?? 0, longitude ?? 0, timeZone ?? string.Empty)
        {
            Language = language ?? Commune.DefaultLanguage,
        };
    }

    private static District ReadDistrict(JsonObjectReader item)
    {
        var id = item.OwnId("id");
        var commune = item.String("commune");
        var name = item.String("name");
        var area = item.Geometry("area");
        if (area is not null and not Polygon)
        {
            item.FieldError("area", $"a district area must be a Polygon, not a {area.GeometryType}");
        }

        return new District(id ?? string.Empty, commune ?? string.Empty, name ?? string.Empty, area as Polygon ?? CityGeometry.Factory.CreatePolygon());
    }

    private static Operator ReadOperator(JsonObjectReader item)
    {
        var id = item.OwnId("id");
        var name = item.String("name");
        var email = item.String("email");
        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            item.FieldError("email", $"'{email}' is not an e-mail address");
        }

        var language = item.OneOf("language", Languages);
        return new Operator(id ?? string.Empty, name ?? string.Empty, email ?? string.Empty, language ?? string.Empty);
    }

    private static ServiceContract ReadContract(JsonObjectReader item)
    {
        var id = item.OwnId("id");
        var operatorId = item.String("operator");
        var commune = item.String("commune");
        var service = item.Service("service");
        var zone = item.Geometry("zone");
        if (zone is not null and not (Polygon or MultiPolygon))
        {
            item.FieldError("zone", $"a contract zone must be a Polygon or MultiPolygon, not a {zone.GeometryType}");
            zone = null;
        }

        var sla = ReadSla(item);
        var targets = ReadTargets(item);
        var start = item.Date("start");
        var end = item.Date("end");
        if (start is not null && end is not null && end < start)
        {
            item.FieldError("end", $"the contract ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd})");
        }

        return new ServiceContract(
            id ?? string.Empty,
            operatorId ?? string.Empty,
            commune ?? string.Empty,
            service ?? ServiceKind.Streetlight,
            zone ?? CityGeometry.Factory.CreatePolygon(),
            sla,
            start ?? DateOnly.MinValue,
            end ?? DateOnly.MaxValue)
        {
            Targets = targets,
        };
    }

    /// <summary>The optional <c>targets</c> object: indicator id → target value (shares 0..1, hours, counts ≥ 0).</summary>
    private static Dictionary<string, double> ReadTargets(JsonObjectReader contract)
    {
        var targets = new Dictionary<string, double>(StringComparer.Ordinal);
        var table = contract.Object("targets", required: false);
        if (table is null)
        {
            return targets;
        }

        foreach (var field in table.Fields())
        {
            if (!KpiTargets.All.Contains(field.Name))
            {
                table.FieldError(field.Name, $"unknown indicator '{field.Name}' (expected one of {string.Join(", ", KpiTargets.All)})");
                continue;
            }

            var max = field.Name is KpiTargets.Availability or KpiTargets.AckWithinSla or KpiTargets.RepairWithinSla
                or KpiTargets.BinOverflowRate or KpiTargets.FleetAvailability ? 1 : field.Name == KpiTargets.Satisfaction ? 5 : 1e9;
            if (table.Number(field.Name, 0, max) is { } value)
            {
                targets[field.Name] = value;
            }
        }

        return targets;
    }

    private static List<SlaTerm> ReadSla(JsonObjectReader contract)
    {
        var terms = new List<SlaTerm>();
        var rows = contract.Array("sla");
        if (rows is null)
        {
            return terms;
        }

        if (rows.Count == 0)
        {
            contract.FieldError("sla", "the SLA table is empty; it needs a term for at least one severity");
        }

        foreach (var (element, path) in rows)
        {
            var row = JsonObjectReader.Open(element, path, contract.Errors, contract.Id);
            if (row is null)
            {
                continue;
            }

            var severity = row.OneOf("severity", SlaSeverities.All);
            var acknowledge = row.Duration("acknowledge");
            var repair = row.Duration("repair");
            row.ReportUnexpectedFields();
            if (severity is not null && terms.Any(term => term.Severity == severity))
            {
                row.FieldError("severity", $"severity '{severity}' appears twice in the SLA table");
            }

            if (acknowledge > repair)
            {
                row.FieldError("repair", "the repair deadline is shorter than the acknowledge deadline");
            }

            terms.Add(new SlaTerm(severity ?? string.Empty, acknowledge ?? TimeSpan.Zero, repair ?? TimeSpan.Zero));
        }

        return terms;
    }

    private static Agent ReadAgent(JsonObjectReader item)
    {
        var id = item.OwnId("id");
        var commune = item.String("commune");
        var kind = item.OneOf("kind", AgentKinds.All);
        return new Agent(id ?? string.Empty, commune ?? string.Empty, kind ?? string.Empty);
    }

    private static BusRoute ReadRoute(JsonObjectReader item)
    {
        var id = item.OwnId("id");
        var commune = item.String("commune");
        var name = item.String("name");
        var headway = item.Duration("headway");
        var start = item.TimeOfDay("serviceStart");
        var end = item.TimeOfDay("serviceEnd");
        var depot = item.Geometry("depot", required: false);
        if (depot is not null and not Point)
        {
            item.FieldError("depot", $"a depot must be a Point, not a {depot.GeometryType}");
        }

        var shape = item.Geometry("shape");
        if (shape is not null and not LineString)
        {
            item.FieldError("shape", $"a route shape must be a LineString, not a {shape.GeometryType}");
        }

        return new BusRoute(
            id ?? string.Empty,
            commune ?? string.Empty,
            name ?? string.Empty,
            shape as LineString ?? CityGeometry.Factory.CreateLineString(),
            headway ?? TimeSpan.Zero,
            start ?? TimeOnly.MinValue,
            end ?? TimeOnly.MinValue,
            depot as Point);
    }

    private static Street ReadStreet(JsonObjectReader item)
    {
        var id = item.OwnId("id");
        var commune = item.String("commune");
        var name = item.String("name");
        var line = item.Geometry("line");
        if (line is not null and not LineString)
        {
            item.FieldError("line", $"a street line must be a LineString, not a {line.GeometryType}");
        }

        return new Street(id ?? string.Empty, commune ?? string.Empty, name ?? string.Empty, line as LineString ?? CityGeometry.Factory.CreateLineString());
    }

    private static bool IsKnownTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out _)

        // A machine without a time zone database cannot tell; do not refuse the city for that.
        || TimeZoneInfo.GetSystemTimeZones().Count == 0;
}
