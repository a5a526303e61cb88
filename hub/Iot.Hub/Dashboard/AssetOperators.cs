using System.Collections.Concurrent;
using Iot.City;
using Iot.Dashboard.Security;

namespace Iot.Hub.Dashboard;

/// <summary>
/// Which operator's contract covers each asset today (UTC date, as tickets are routed): what an operator viewer may
/// see and command. Kept per day, filled on first use of each asset.
/// </summary>
internal sealed class AssetOperators(CityIndex index, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateOnly _day;
    private ConcurrentDictionary<string, string?> _byAsset = new(StringComparer.Ordinal);

    public CityModel City => index.City;

    public Asset? FindAsset(string id) => index.FindAsset(id);

    /// <summary>The operator whose contract covers <paramref name="asset"/> today; null when no contract does.</summary>
    public string? OperatorOf(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        ConcurrentDictionary<string, string?> map;
        lock (_lock)
        {
            if (today != _day)
            {
                _day = today;
                _byAsset = new(StringComparer.Ordinal);
            }

            map = _byAsset;
        }

        return map.GetOrAdd(asset.Id, static (_, state) => state.index.FindContract(state.asset, state.today)?.OperatorId, (index, asset, today));
    }

    /// <summary>Whether <paramref name="viewer"/> may see the asset: everyone but an operator, or its own contracts' assets.</summary>
    public bool MaySee(Viewer viewer, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.SeesAll || viewer.MaySee(OperatorOf(asset));
    }
}
