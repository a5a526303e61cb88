using PdfSharp.Fonts;

namespace Iot.Hub.Indicators.Reports;

/// <summary>
/// PDFsharp's font source on Linux (it has no system font look-up there): one TrueType file for every face,
/// <c>Indicators:FontFile</c> or the first of the usual Debian fonts found. Installed once per process.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Family = "IotHubReport";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/lato/Lato-Regular.ttf",
    ];

    private static readonly Lock Gate = new();
    private static ReportFonts? _installed;
    private readonly byte[] _font;

    private ReportFonts(byte[] font) => _font = font;

    /// <summary>
    /// Installs the resolver (first call wins). Throws naming the key when no font file can be read.
    /// </summary>
    public static void Install(string configuredFile)
    {
        lock (Gate)
        {
            if (_installed is not null)
            {
                return;
            }

            var path = configuredFile.Length > 0 ? configuredFile : Candidates.FirstOrDefault(File.Exists);
            if (path is null || !File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"Indicators:FontFile: no TrueType font for the PDF reports ({(configuredFile.Length > 0 ? $"'{configuredFile}' does not exist" : "none of " + string.Join(", ", Candidates) + " exists; install fonts-dejavu-core or set the key")}).");
            }

            _installed = new ReportFonts(File.ReadAllBytes(path));
            GlobalFontSettings.FontResolver = _installed;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(Family, mustSimulateBold: isBold, mustSimulateItalic: isItalic);

    public byte[]? GetFont(string faceName) => _font;
}
