using System.Text;

namespace Iot.City;

/// <summary>
/// A city file could not be loaded. <see cref="Errors"/> holds every mistake found, not only the first;
/// <see cref="Exception.Message"/> lists them one per line, each prefixed by the file name.
/// </summary>
public sealed class CityFileException : Exception
{
    public CityFileException(string sourceName, IReadOnlyList<CityFileError> errors)
        : base(Describe(sourceName, errors))
    {
        SourceName = sourceName;
        Errors = errors;
    }

    /// <summary>The file name (or other name) the city was loaded from.</summary>
    public string SourceName { get; }

    public IReadOnlyList<CityFileError> Errors { get; }

    private static string Describe(string sourceName, IReadOnlyList<CityFileError> errors)
    {
        var text = new StringBuilder();
        text.Append(sourceName).Append(": ").Append(errors.Count).Append(errors.Count == 1 ? " error" : " errors")
            .Append(" in city file");
        foreach (var error in errors)
        {
            text.Append('\n').Append(sourceName).Append(": ").Append(error.Location).Append(": ").Append(error.Message);
        }

        return text.ToString();
    }
}
