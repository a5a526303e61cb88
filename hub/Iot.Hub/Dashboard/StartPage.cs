namespace Iot.Hub.Dashboard;

/// <summary>The start page, an embedded HTML file that reads the REST API.</summary>
internal static class StartPage
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(StartPage).Assembly.GetManifestResourceStream("Iot.Hub.Dashboard.index.html")
            ?? throw new InvalidOperationException("The start page resource is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
