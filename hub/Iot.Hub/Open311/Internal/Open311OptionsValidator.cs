using Microsoft.Extensions.Options;

namespace Iot.Hub.Open311.Internal;

/// <summary>Checks the <c>Open311</c> section at start; every message names the full configuration key.</summary>
internal sealed class Open311OptionsValidator : IValidateOptions<Open311Options>
{
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, Open311Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var prefix = $"{Open311Options.SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name) || key.Name.Length > 64)
            {
                errors.Add($"{prefix}:Name: a name is required (at most 64 characters): it is written in the tickets' audit trail.");
            }
            else if (!names.Add(key.Name))
            {
                errors.Add($"{prefix}:Name: '{key.Name}' is used by another key.");
            }

            if (string.IsNullOrEmpty(key.Key) || key.Key.Length < MinKeyLength || key.Key.Any(char.IsWhiteSpace))
            {
                errors.Add($"{prefix}:Key: a key of at least {MinKeyLength} characters, without spaces, is required.");
            }
            else if (!keys.Add(key.Key))
            {
                errors.Add($"{prefix}:Key: the same key is given twice.");
            }
        }

        Check(errors, "Post", options.RateLimit.Post);
        Check(errors, "Get", options.RateLimit.Get);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string verb, Open311RateLimit limit)
    {
        var prefix = $"{Open311Options.SectionName}:RateLimit:{verb}";
        if (limit.PermitLimit is < 1 or > 1_000_000)
        {
            errors.Add($"{prefix}:PermitLimit: must be between 1 and 1000000 requests per window.");
        }

        if (limit.WindowSeconds is < 1 or > 86_400)
        {
            errors.Add($"{prefix}:WindowSeconds: must be between 1 and 86400 seconds.");
        }
    }
}
