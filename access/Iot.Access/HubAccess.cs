using Iot.City;
using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.Access;

/// <summary>
/// What a <see cref="Viewer"/> may see and do, decided in one place for the REST API, the dashboard's views and the live
/// map. Everyone but an operator user sees everything. An operator user sees and acts on what belongs to its operator
/// only: the assets its contracts cover today, the tickets routed to it, its own indicators, reports and alerts.
/// <para>
/// An asset belongs to the operator of the contract that covers it today (UTC date), as tickets are routed. That is
/// computed once per day for every asset (contracts start and end on dates), then read lock-free from an array. An asset
/// no contract covers belongs to nobody: only viewers who see everything see it.
/// </para>
/// </summary>
public sealed class HubAccess(CityIndex city, TimeProvider time)
{
    private readonly Dictionary<string, int> _indexOf = city.City.Assets
        .Select((asset, index) => (asset.Id, index))
        .ToDictionary(x => x.Id, x => x.index, StringComparer.Ordinal);

    private volatile Day? _day;

    public CityIndex City => city;

    /// <summary>Whether the role may send switch/dim/ping commands: technicians, operators and admins (managers review).</summary>
    public static bool MayCommand(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.Role is HubRoles.Admin or HubRoles.Technician or HubRoles.Operator;
    }

    /// <summary>Whether the role may acknowledge, resolve, comment on and close tickets.</summary>
    public static bool MayActOnTickets(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.Role is HubRoles.Admin or HubRoles.Manager or HubRoles.Operator or HubRoles.Technician;
    }

    /// <summary>
    /// Whether what belongs to <paramref name="operatorId"/> (an asset's contract, a ticket's queue, an indicator row)
    /// is visible to the viewer; null (no contract, the commune's queue) is visible only to viewers who see everything.
    /// </summary>
    public static bool MaySeeOperator(Viewer viewer, string? operatorId)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.SeesAll || string.Equals(operatorId, viewer.OperatorId, StringComparison.Ordinal);
    }

    /// <summary>Whether the viewer may see (and, with the role, act on) a ticket routed to <paramref name="ticketOperatorId"/>.</summary>
    public static bool MaySeeTicket(Viewer viewer, string? ticketOperatorId) => MaySeeOperator(viewer, ticketOperatorId);

    /// <summary>Whether the viewer may filter a listing (tickets, indicators) by <paramref name="operatorId"/>; null asks for no filter.</summary>
    public static bool MayFilterByOperator(Viewer viewer, string? operatorId) => operatorId is null || MaySeeOperator(viewer, operatorId);

    /// <summary>The operator filter a listing runs with: the one asked for, or an operator user's own whatever was asked.</summary>
    public static string? OperatorFilter(Viewer viewer, string? requested)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.SeesAll ? requested : viewer.OperatorId;
    }

    /// <summary>Whether the viewer may read the monthly report of <paramref name="scope"/> (commune|operator) <paramref name="id"/>.</summary>
    public static bool MayReadReport(Viewer viewer, string scope, string id)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.SeesAll || (scope == "operator" && string.Equals(id, viewer.OperatorId, StringComparison.Ordinal));
    }

    /// <summary>The alert recipient an operator user's deliveries are cut to (<c>operator:{id}</c>); null for viewers who see all.</summary>
    public static string? AlertRecipient(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.SeesAll ? null : $"operator:{viewer.OperatorId}";
    }

    /// <summary>The operator of <c>City.Assets[index]</c> today.</summary>
    public string? OperatorOf(int index) => Today().Operators[index];

    /// <summary>The operator of the asset today; null when no contract covers it or there is no such asset.</summary>
    public string? OperatorOf(string assetId) =>
        _indexOf.TryGetValue(assetId, out var index) ? OperatorOf(index) : null;

    /// <summary>Whether the viewer may see (and act on) <c>City.Assets[index]</c>.</summary>
    public bool MaySeeAsset(Viewer viewer, int index) => MaySeeOperator(viewer, OperatorOf(index));

    /// <summary>Whether the viewer may see (and act on) the asset: it exists and is of the viewer's operator, or the viewer sees all.</summary>
    public bool MaySeeAsset(Viewer viewer, string assetId)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return _indexOf.ContainsKey(assetId) && MaySeeOperator(viewer, OperatorOf(assetId));
    }

    /// <summary>The operator a ticket about <paramref name="service"/> at this place would be routed to today.</summary>
    public string? OperatorAt(string communeId, ServiceKind service, double longitude, double latitude) =>
        city.FindContract(communeId, service, CityGeometry.Factory.CreatePoint(new Coordinate(longitude, latitude)), Date())?.OperatorId;

    /// <summary>Whether a ticket the viewer opens about <paramref name="service"/> at this place would land in a queue it may see.</summary>
    public bool MayOpenTicketAt(Viewer viewer, string communeId, ServiceKind service, double longitude, double latitude) =>
        MaySeeOperator(viewer, OperatorAt(communeId, service, longitude, latitude));

    private DateOnly Date() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private Day Today()
    {
        var date = Date();
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
