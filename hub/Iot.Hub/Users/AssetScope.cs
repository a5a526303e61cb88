using Iot.City;
using Iot.Contracts;
using Iot.Dashboard.Security;
using Iot.Hub.Tickets;
using NetTopologySuite.Geometries;

namespace Iot.Hub.Users;

/// <summary>
/// Which operator each asset belongs to, for scoping what a <see cref="Viewer"/> sees: the operator of the contract that
/// covers the asset today (UTC date), as <see cref="TicketRouter"/> decides for tickets. Computed once per day for every
/// asset (contracts start and end on dates), then a lock-free array read. An asset no contract covers belongs to nobody:
/// only viewers who see everything see it.
/// </summary>
public sealed class AssetScope(CityIndex city, TimeProvider time)
{
    private readonly Dictionary<string, int> _indexOf = city.City.Assets
        .Select((asset, index) => (asset.Id, index))
        .ToDictionary(x => x.Id, x => x.index, StringComparer.Ordinal);

    private volatile Day? _day;

    public CityIndex City => city;

    /// <summary>The operator of <c>City.Assets[index]</c> today.</summary>
    public string? OperatorOf(int index) => Today().Operators[index];

    /// <summary>The operator of the asset today; null when no contract covers it or there is no such asset.</summary>
    public string? OperatorOf(string assetId) =>
        _indexOf.TryGetValue(assetId, out var index) ? OperatorOf(index) : null;

    /// <summary>Whether the viewer may see (and act on) the asset: it exists and is of the viewer's operator, or the viewer sees all.</summary>
    public bool MaySee(Viewer viewer, string assetId)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return _indexOf.ContainsKey(assetId) && viewer.MaySee(OperatorOf(assetId));
    }

    /// <summary>Whether the viewer may see the ticket: it was routed to the viewer's operator, or the viewer sees all.</summary>
    public static bool MaySee(Viewer viewer, Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(ticket);
        return viewer.MaySee(ticket.OperatorId);
    }

    /// <summary>The operator a ticket about <paramref name="service"/> at this place would be routed to today.</summary>
    public string? OperatorAt(string communeId, ServiceKind service, double longitude, double latitude) =>
        city.FindContract(communeId, service, CityGeometry.Factory.CreatePoint(new Coordinate(longitude, latitude)), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))?.OperatorId;

    private Day Today()
    {
        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var day = _day;
        if (day is not null && day.Date == date)
        {
            return day;
        }

        var assets = city.City.Assets;
        var operators = new string?[assets.Count];
        for (var i = 0; i < operators.Length; i++)
        {
            operators[i] = city.FindContract(assets[i], date)?.OperatorId;
        }

        day = new Day(date, operators);
        _day = day;
        return day;
    }

    private sealed record Day(DateOnly Date, string?[] Operators);
}
