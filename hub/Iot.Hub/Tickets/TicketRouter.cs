using Iot.City;
using Iot.Contracts;
using NetTopologySuite.Geometries;

namespace Iot.Hub.Tickets;

/// <summary>Where a ticket goes: the operator and contract, its district, and its deadlines from the contract's SLA table.</summary>
public sealed record TicketRoute(string? OperatorId, string? ContractId, string? DistrictId, long? AckDueAt, long? RepairDueAt)
{
    public bool Unrouted => OperatorId is null;
}

/// <summary>
/// Routes a problem to the contract whose service matches and whose zone covers the place, in force on the day
/// (UTC date of the opening). No such contract: the ticket stays in the commune's queue, flagged unrouted.
/// </summary>
public sealed class TicketRouter(CityIndex city)
{
    public TicketRoute Route(string communeId, ServiceKind service, double longitude, double latitude, string severity, long openedAt)
    {
        var point = CityGeometry.Factory.CreatePoint(new Coordinate(longitude, latitude));
        var date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(openedAt).UtcDateTime);
        var district = city.LocateDistrict(communeId, point)?.Id;
        var contract = city.FindContract(communeId, service, point, date);
        if (contract is null)
        {
            return new TicketRoute(null, null, district, null, null);
        }

        var sla = contract.FindSla(severity);
        return new TicketRoute(
            contract.OperatorId, contract.Id, district,
            sla is null ? null : openedAt + (long)sla.Acknowledge.TotalMilliseconds,
            sla is null ? null : openedAt + (long)sla.Repair.TotalMilliseconds);
    }
}
