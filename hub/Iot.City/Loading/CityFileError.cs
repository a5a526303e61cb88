namespace Iot.City;

/// <summary>
/// One mistake in a city file. <paramref name="Location"/> is a JSON path into the file, followed by the id of the
/// item when it is known, for example <c>$.assets.features[12].properties.cabinet (id LAMP-0013)</c>.
/// </summary>
public sealed record CityFileError(string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
