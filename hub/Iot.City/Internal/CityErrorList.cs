namespace Iot.City.Internal;

/// <summary>Collects every mistake found while loading a city file, in the order found.</summary>
internal sealed class CityErrorList
{
    private readonly List<CityFileError> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyList<CityFileError> Items => _errors;

    public void Add(string location, string message) => _errors.Add(new CityFileError(location, message));

    /// <summary>A location: a JSON path, with the item id appended when known.</summary>
    public static string Locate(string path, string? id) => string.IsNullOrEmpty(id) ? path : $"{path} (id {id})";
}
