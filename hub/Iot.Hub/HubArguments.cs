namespace Iot.Hub;

/// <summary>Command-line shorthands of the hub.</summary>
public static class HubArguments
{
    /// <summary><c>--demo</c> → <c>--City:Demo=true</c>; everything else passes to configuration as is.</summary>
    public static string[] Normalize(string[] args) =>
        [.. (args ?? []).Select(a => a == "--demo" ? "--City:Demo=true" : a)];
}
