using System.ComponentModel.DataAnnotations;
using Iot.City;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Detection;

/// <summary>Validates the whole <c>Detection</c> tree, each message naming its full key (<c>Detection:Contracts:CT-1:Bus:OffRouteMeters</c>).</summary>
internal sealed class DetectionOptionsValidator(Func<CityModel> city) : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(options, DetectionOptions.SectionName, errors);
        CheckServices(DetectionOptions.SectionName, options.Streetlight, options.Cabinet, options.Wastebin, options.Bus, errors);
        var known = city().Contracts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, rules) in options.Contracts)
        {
            var prefix = $"{DetectionOptions.SectionName}:Contracts:{id}";
            if (!known.Contains(id))
            {
                errors.Add($"{prefix}: no contract '{id}' in the city file.");
            }

            CheckServices(prefix, rules.Streetlight, rules.Cabinet, rules.Wastebin, rules.Bus, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckServices(string prefix, StreetlightRules lights, CabinetRules cabinets, WastebinRules bins, BusRules buses, List<string> errors)
    {
        Check(lights, $"{prefix}:Streetlight", errors);
        Check(cabinets, $"{prefix}:Cabinet", errors);
        Check(bins, $"{prefix}:Wastebin", errors);
        Check(buses, $"{prefix}:Bus", errors);
        if (bins.CollectionLevel > bins.OverflowLevel)
        {
            errors.Add($"{prefix}:Wastebin:CollectionLevel: must not be above {prefix}:Wastebin:OverflowLevel.");
        }
    }

    private static void Check(object options, string prefix, List<string> errors)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"{prefix}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
