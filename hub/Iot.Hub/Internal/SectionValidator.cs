using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Internal;

/// <summary>
/// Data-annotation validation whose messages name the full configuration key (<c>Mqtt:Port</c>), so a bad setting
/// is found from the start-up error alone.
/// </summary>
internal sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = SectionValidatorExtensions.SectionErrors(options, section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal static class SectionValidatorExtensions
{
    /// <summary>Like <c>ValidateDataAnnotations</c>, with the configuration key in each message.</summary>
    public static OptionsBuilder<TOptions> ValidateSection<TOptions>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section));
        return builder;
    }

    /// <summary>The data-annotation errors of one options object (not its children), each prefixed with its key.</summary>
    public static List<string> SectionErrors(object options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => $"{section}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}")];
    }
}
