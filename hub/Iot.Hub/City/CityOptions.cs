namespace Iot.Hub.City;

/// <summary>The <c>City</c> configuration section: which city the hub monitors.</summary>
public sealed class CityOptions
{
    public const string SectionName = "City";

    /// <summary>Path of a city file. Ignored when <see cref="Demo"/> is set.</summary>
    public string? File { get; set; }

    /// <summary>Load the shipped demo commune (<c>--demo</c>).</summary>
    public bool Demo { get; set; }
}
