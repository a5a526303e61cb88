using System.Globalization;
using System.Text.Json;
using System.Xml;
using Iot.City;
using Iot.Contracts;

namespace Iot.Simulation.Scenarios;

/// <summary>
/// Reads a scenario file and checks it against the city it will be played on. Every mistake is reported at once, each with
/// its JSON path (<c>$.faults[3].targets[1]</c>), in one <see cref="ScenarioException"/>.
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] TopFields = ["version", "repeat", "faults", "description"];
    private static readonly string[] FaultFields = ["kind", "targets", "start", "duration", "mode", "level", "distance", "note"];

    public static Scenario Load(string path, CityModel city)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(Path.GetFileName(path), [new ScenarioError("$", $"cannot read the scenario file: {ex.Message}")]);
        }

        return Parse(text, Path.GetFileName(path), city);
    }

    public static Scenario Parse(string json, string source, CityModel city)
    {
        ArgumentNullException.ThrowIfNull(city);
        var errors = new List<ScenarioError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}" : "";
            throw new ScenarioException(source, [new ScenarioError(ex.Path ?? "$", $"invalid JSON{where}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException(source, [new ScenarioError("$", "a scenario is a JSON object")]);
            }

            Unknown(root, "$", TopFields, errors);
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 1)
            {
                errors.Add(new("$.version", "required, and must be 1"));
            }

            TimeSpan? repeat = null;
            if (root.TryGetProperty("repeat", out var repeatElement) && repeatElement.ValueKind != JsonValueKind.Null)
            {
                repeat = Duration(repeatElement, "$.repeat", errors, positive: true);
            }

            var faults = new List<ScenarioFault>();
            if (!root.TryGetProperty("faults", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new("$.faults", "required: an array of faults"));
            }
            else
            {
                var ids = new CityIds(city);
                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (ReadFault(item, $"$.faults[{i}]", ids, repeat, errors) is { } fault)
                    {
                        faults.Add(fault);
                    }

                    i++;
                }
            }

            if (errors.Count > 0)
            {
                throw new ScenarioException(source, errors);
            }

            return new Scenario(faults, repeat);
        }
    }

    private static ScenarioFault? ReadFault(JsonElement item, string path, CityIds ids, TimeSpan? repeat, List<ScenarioError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "a fault is a JSON object"));
            return null;
        }

        var before = errors.Count;
        Unknown(item, path, FaultFields, errors);
        FaultKind? kind = null;
        if (!item.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new($"{path}.kind", $"required: one of {string.Join(", ", Enum.GetValues<FaultKind>().Select(Name))}"));
        }
        else if (Enum.GetValues<FaultKind>().FirstOrDefault(k => Name(k) == kindElement.GetString()) is var k && Name(k) == kindElement.GetString())
        {
            kind = k;
        }
        else
        {
            errors.Add(new($"{path}.kind", $"unknown fault kind '{kindElement.GetString()}'; expected one of {string.Join(", ", Enum.GetValues<FaultKind>().Select(Name))}"));
        }

        TimeSpan? start = item.TryGetProperty("start", out var s) ? Duration(s, $"{path}.start", errors, positive: false) : Missing($"{path}.start", errors);
        TimeSpan? duration = item.TryGetProperty("duration", out var d) ? Duration(d, $"{path}.duration", errors, positive: true) : Missing($"{path}.duration", errors);
        if (repeat is { } period && start is { } st && duration is { } du && st + du > period)
        {
            errors.Add(new($"{path}.duration", $"start + duration ({Iso(st + du)}) must fit in the repeat period ({Iso(period)})"));
        }

        var targets = new List<string>();
        if (!item.TryGetProperty("targets", out var targetList) || targetList.ValueKind != JsonValueKind.Array || targetList.GetArrayLength() == 0)
        {
            errors.Add(new($"{path}.targets", "required: a non-empty array of ids"));
        }
        else
        {
            var j = 0;
            foreach (var target in targetList.EnumerateArray())
            {
                var targetPath = $"{path}.targets[{j++}]";
                if (target.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new(targetPath, "an id is a string"));
                    continue;
                }

                var id = target.GetString()!;
                if (kind is { } fk && ids.Check(fk, id) is { } problem)
                {
                    errors.Add(new(targetPath, problem));
                }
                else if (targets.Contains(id))
                {
                    errors.Add(new(targetPath, $"'{id}' is listed twice"));
                }
                else
                {
                    targets.Add(id);
                }
            }
        }

        string? mode = null;
        double? value = null;
        if (item.TryGetProperty("mode", out var modeElement))
        {
            string[] allowed = kind switch
            {
                FaultKind.AgentDisconnect => ["clean", "abrupt"],
                FaultKind.BusBreakdown => ["broken", "stalled"],
                _ => [],
            };
            if (allowed.Length == 0)
            {
                errors.Add(new($"{path}.mode", $"'{(kind is { } x ? Name(x) : "?")}' takes no mode"));
            }
            else if (modeElement.ValueKind != JsonValueKind.String || !allowed.Contains(modeElement.GetString()))
            {
                errors.Add(new($"{path}.mode", $"must be one of {string.Join(", ", allowed)}"));
            }
            else
            {
                mode = modeElement.GetString();
            }
        }
        else if (kind == FaultKind.AgentDisconnect)
        {
            errors.Add(new($"{path}.mode", "required for agentDisconnect: clean or abrupt"));
        }

        value = Number(item, "level", path, kind == FaultKind.BinFill, 0, 1, errors) ?? value;
        value = Number(item, "distance", path, kind == FaultKind.BusOffRoute, 0, 5000, errors) ?? value;
        return errors.Count > before || kind is null || start is null || duration is null
            ? null
            : new ScenarioFault(kind.Value, targets, start.Value, duration.Value, mode, value, path);
    }

    private static double? Number(JsonElement item, string name, string path, bool allowed, double min, double max, List<ScenarioError> errors)
    {
        if (!item.TryGetProperty(name, out var element))
        {
            return null;
        }

        if (!allowed)
        {
            errors.Add(new($"{path}.{name}", $"'{name}' does not apply to this fault kind"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || element.GetDouble() is var n && !(n >= min && n <= max))
        {
            errors.Add(new($"{path}.{name}", string.Create(CultureInfo.InvariantCulture, $"must be a number between {min} and {max}")));
            return null;
        }

        return n;
    }

    private static TimeSpan? Missing(string path, List<ScenarioError> errors)
    {
        errors.Add(new(path, "required: an ISO 8601 duration such as PT5M"));
        return null;
    }

    private static TimeSpan? Duration(JsonElement element, string path, List<ScenarioError> errors, bool positive)
    {
        if (element.ValueKind == JsonValueKind.String && element.GetString() is { } text && text.StartsWith('P') && !text.Contains('Y', StringComparison.Ordinal)
            && !text[..(text.IndexOf('T', StringComparison.Ordinal) is var t && t < 0 ? text.Length : t)].Contains('M', StringComparison.Ordinal))
        {
            try
            {
                var value = XmlConvert.ToTimeSpan(text);
                if (value < TimeSpan.Zero || (positive && value == TimeSpan.Zero))
                {
                    errors.Add(new(path, positive ? "must be a positive duration" : "must not be negative"));
                    return null;
                }

                return value;
            }
            catch (FormatException)
            {
                // reported below
            }
        }

        errors.Add(new(path, "must be an ISO 8601 duration in days and time, such as PT90S, PT5M, PT1H30M or P1D"));
        return null;
    }

    private static void Unknown(JsonElement element, string path, string[] known, List<ScenarioError> errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                errors.Add(new($"{path}.{property.Name}", $"unknown field; expected one of {string.Join(", ", known)}"));
            }
        }
    }

    /// <summary>The JSON name of a fault kind.</summary>
    public static string Name(FaultKind kind)
    {
        var text = kind.ToString();
        return string.Concat(char.ToLowerInvariant(text[0]).ToString(), text[1..]);
    }

    private static string Iso(TimeSpan value) => XmlConvert.ToString(value);

    private sealed class CityIds(CityModel city)
    {
        private readonly Dictionary<string, ServiceKind> _assets = city.Assets.ToDictionary(a => a.Id, a => a.Service, StringComparer.Ordinal);
        private readonly HashSet<string> _agents = city.Agents.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

        public string? Check(FaultKind kind, string id)
        {
            if (kind == FaultKind.AgentDisconnect)
            {
                return _agents.Contains(id) ? null : $"unknown agent '{id}'";
            }

            var service = kind switch
            {
                FaultKind.CabinetSupplyLoss => ServiceKind.Cabinet,
                FaultKind.LampFailure => ServiceKind.Streetlight,
                FaultKind.BinFill or FaultKind.BinFire or FaultKind.BinOverflow => ServiceKind.Wastebin,
                _ => ServiceKind.Bus,
            };
            if (!_assets.TryGetValue(id, out var actual))
            {
                return $"unknown {service.ToWire()} '{id}'";
            }

            return actual == service ? null : $"'{id}' is a {actual.ToWire()}; {Name(kind)} applies to a {service.ToWire()}";
        }
    }
}
