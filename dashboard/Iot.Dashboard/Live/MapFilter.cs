using Iot.City;
using Iot.Contracts;

namespace Iot.Dashboard.Live;

/// <summary>
/// What the map shows. An empty set means "all"; <see cref="Search"/> matches an asset id or address (case-insensitive,
/// part of the text); <see cref="OperatorId"/> keeps the assets whose contract in force is that operator's.
/// </summary>
public sealed record MapFilter(
    IReadOnlySet<ServiceKind> Services,
    string? DistrictId,
    IReadOnlySet<AssetStatus> Statuses,
    string? Search,
    string? OperatorId = null)
{
    public static MapFilter All { get; } = new(new HashSet<ServiceKind>(), null, new HashSet<AssetStatus>(), null);

    /// <param name="operatorId">The operator of the contract covering <paramref name="asset"/>; null when none does.</param>
    public bool Matches(Asset asset, AssetStatus status, string? operatorId = null)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (Services.Count > 0 && !Services.Contains(asset.Service))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(OperatorId) && !string.Equals(operatorId, OperatorId, StringComparison.Ordinal))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(DistrictId) && asset.DistrictId != DistrictId)
        {
            return false;
        }

        if (Statuses.Count > 0 && !Statuses.Contains(status))
        {
            return false;
        }

        var search = Search?.Trim();
        return string.IsNullOrEmpty(search)
            || asset.Id.Contains(search, StringComparison.OrdinalIgnoreCase)
            || (asset.Address?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false);
    }
}
