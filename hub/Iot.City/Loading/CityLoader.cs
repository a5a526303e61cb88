using System.Text.Json;
using Iot.City.Internal;

namespace Iot.City;

/// <summary>
/// Loads a city file (format in README.md). Every mistake in the file is collected and reported together in one
/// <see cref="CityFileException"/>, each at its JSON path, so that a technician fixes the file in one pass.
/// </summary>
public static class CityLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // Hand-edited files may carry comments; the writer never emits them.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>Loads the city file at <paramref name="path"/>; errors are prefixed by its file name.</summary>
    /// <exception cref="CityFileException">The file is not a valid city file.</exception>
    public static CityModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, Path.GetFileName(path));
    }

    /// <summary>Loads a city file from <paramref name="json"/>; <paramref name="sourceName"/> prefixes every error.</summary>
    /// <exception cref="CityFileException">The stream is not a valid city file.</exception>
    public static CityModel Load(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new CityFileException(sourceName, [InvalidJson(ex)]);
        }

        using (document)
        {
            var errors = new CityErrorList();
            var root = JsonObjectReader.Open(document.RootElement, "$", errors);
            var city = root is null ? null : CityReferenceChecker.Check(CitySectionReader.Read(root), errors);
            if (city is null || errors.Count > 0)
            {
                throw new CityFileException(sourceName, errors.Items);
            }

            return city;
        }
    }

    private static CityFileError InvalidJson(JsonException ex)
    {
        // JsonException counts from 0 and repeats the position at the end of its message; editors count from 1.
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        var where = ex.LineNumber is { } line
            ? $"line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}"
            : "unknown position";
        return new CityFileError(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, $"invalid JSON at {where}: {message}");
    }
}
