using System.Globalization;
using System.Text.Json;
using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.City.Internal;

/// <summary>
/// Reads the fields of one JSON object of a city file, reporting every problem with its JSON path instead of
/// throwing: missing or mistyped fields and, on <see cref="ReportUnexpectedFields"/>, repeated names and names it never asked for.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly CityErrorList _errors;
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly int _errorCountAtOpen;

    private JsonObjectReader(JsonElement element, string path, string? id, CityErrorList errors)
    {
        _element = element;
        _errors = errors;
        _errorCountAtOpen = errors.Count;
        Path = path;
        Id = id;
    }

    public string Path { get; }

    /// <summary>The id of the item being read, appended to every location once known.</summary>
    public string? Id { get; set; }

    /// <summary>True while nothing has been reported since this object was opened (nested readers included).</summary>
    public bool IsComplete => _errors.Count == _errorCountAtOpen;

    public CityErrorList Errors => _errors;

    public static JsonObjectReader? Open(JsonElement element, string path, CityErrorList errors, string? id = null)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(CityErrorList.Locate(path, id), $"expected an object, found {Describe(element)}");
            return null;
        }

        return new JsonObjectReader(element, path, id, errors);
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public string FieldPath(string name) => IsPlainName(name) ? $"{Path}.{name}" : $"{Path}['{name}']";

    public string Location() => CityErrorList.Locate(Path, Id);

    public void Error(string message) => _errors.Add(Location(), message);

    public void FieldError(string name, string message) => _errors.Add(CityErrorList.Locate(FieldPath(name), Id), message);

    /// <summary>Finds a field; a null value counts as missing. Missing required fields are reported.</summary>
    public bool TryGet(string name, bool required, out JsonElement value)
    {
        _asked.Add(name);
        if (_element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Error($"required field '{name}' is missing");
        }

        value = default;
        return false;
    }

    public string? String(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            FieldError(name, $"expected a string, found {Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            FieldError(name, "must not be empty");
            return null;
        }

        return text;
    }

    /// <summary>Reads the item's own id (the one others refer to) and remembers it for the locations that follow.</summary>
    public string? OwnId(string name, bool commune = false)
    {
        var id = String(name);
        if (id is null)
        {
            return null;
        }

        Id = id;
        if (commune ? !IdRules.IsCommuneId(id) : !IdRules.IsId(id))
        {
            FieldError(name, $"'{id}' is not a valid id ({(commune ? IdRules.CommuneText : IdRules.IdText)})");
        }

        return id;
    }

    public double? Number(string name, double min, double max, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            FieldError(name, $"expected a number, found {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            FieldError(name, string.Create(CultureInfo.InvariantCulture, $"{number} is out of range [{min}, {max}]"));
            return null;
        }

        return number;
    }

    public TimeSpan? Duration(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!IsoDuration.TryParse(text, out var duration) || duration <= TimeSpan.Zero)
        {
            FieldError(name, $"'{text}' is not a positive ISO 8601 duration such as PT30M, PT4H or P7D");
            return null;
        }

        return duration;
    }

    public TimeOnly? TimeOfDay(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            FieldError(name, $"'{text}' is not a time of day HH:mm");
            return null;
        }

        return time;
    }

    public DateOnly? Date(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            FieldError(name, $"'{text}' is not a date yyyy-MM-dd");
            return null;
        }

        return date;
    }

    public ServiceKind? Service(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!ServiceKinds.TryParse(text, out var service))
        {
            FieldError(name, $"unknown service '{text}' (expected streetlight, cabinet, wastebin or bus)");
            return null;
        }

        return service;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed)
    {
        var text = String(name);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            FieldError(name, $"'{text}' is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    public Geometry? Geometry(string name, bool required = true) =>
        TryGet(name, required, out var value) ? GeoJsonGeometryReader.Read(value, FieldPath(name), Id, _errors) : null;

    /// <summary>The elements of an array field with their paths; null (reported) when missing or not an array.</summary>
    public IReadOnlyList<(JsonElement Element, string Path)>? Array(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            FieldError(name, $"expected an array, found {Describe(value)}");
            return null;
        }

        var path = FieldPath(name);
        return value.EnumerateArray().Select((element, i) => (element, $"{path}[{i}]")).ToList();
    }

    public JsonObjectReader? Object(string name, bool required = true) =>
        TryGet(name, required, out var value) ? Open(value, FieldPath(name), _errors, Id) : null;

    /// <summary>Every field, for objects that are free-form maps; they all count as asked for.</summary>
    public IEnumerable<JsonProperty> Fields()
    {
        foreach (var property in _element.EnumerateObject())
        {
            _asked.Add(property.Name);
            yield return property;
        }
    }

    /// <summary>Marks fields that are allowed and ignored (such as a GeoJSON bbox).</summary>
    public void Ignore(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            _asked.Add(name);
        }
    }

    /// <summary>
    /// Reports the fields nobody asked for (most often a typo) and the names given twice. Called last, once the
    /// item's id is known, so that these locations carry it too.
    /// </summary>
    public void ReportUnexpectedFields()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in _element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                FieldError(property.Name, $"field '{property.Name}' appears more than once");
            }
            else if (!_asked.Contains(property.Name))
            {
                FieldError(property.Name, $"unknown field '{property.Name}'");
            }
        }
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
