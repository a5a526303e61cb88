using System.ComponentModel.DataAnnotations;

namespace Iot.Dashboard;

/// <summary>The <c>Dashboard</c> configuration section.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>
    /// An optional raster tile URL template (<c>https://tiles.example.org/{z}/{x}/{y}.png</c>) drawn under the city's
    /// districts and streets. Empty by default: the base map is the city file's vector layer and needs no internet.
    /// </summary>
    public string TileUrl { get; set; } = "";

    /// <summary>Attribution shown with the tiles of <see cref="TileUrl"/>.</summary>
    public string TileAttribution { get; set; } = "";

    /// <summary>How often each open map pushes the changed assets to its browser (ms). A few per second at most.</summary>
    [Range(200, 60_000)]
    public int PushIntervalMs { get; set; } = 500;

    /// <summary>How often the shared snapshot is read again from the hub's in-memory state (ms).</summary>
    [Range(50, 60_000)]
    public int RefreshMs { get; set; } = 250;
}
