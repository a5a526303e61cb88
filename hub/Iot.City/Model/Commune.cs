namespace Iot.City;

/// <summary>
/// A commune (municipality): the first segment of every topic. <paramref name="Id"/> is a slug
/// <c>[a-z0-9-]{1,32}</c>; the coordinates (WGS84) feed the astronomical clock that says when lamps are due on;
/// <paramref name="TimeZone"/> is an IANA zone such as <c>Europe/Paris</c>. <see cref="Language"/> is the language of the
/// commune's reports (fr, ar or en; fr when the city file does not say).
/// </summary>
public sealed record Commune(string Id, string Name, double Latitude, double Longitude, string TimeZone)
{
    public const string DefaultLanguage = "fr";

    public string Language { get; init; } = DefaultLanguage;
}
