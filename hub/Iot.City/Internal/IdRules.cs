using System.Text.RegularExpressions;

namespace Iot.City.Internal;

/// <summary>The id formats of the wire contract and the city file.</summary>
internal static partial class IdRules
{
    public const string CommuneText = "a slug [a-z0-9-]{1,32}";
    public const string IdText = "[A-Za-z0-9_-]{1,64}";
    public const string ModelKeyText = "a letter then letters, digits or '_', at most 64";

    public static bool IsCommuneId(string text) => CommuneRegex().IsMatch(text);

    public static bool IsId(string text) => IdRegex().IsMatch(text);

    public static bool IsModelKey(string text) => ModelKeyRegex().IsMatch(text);

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommuneRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelKeyRegex();
}
