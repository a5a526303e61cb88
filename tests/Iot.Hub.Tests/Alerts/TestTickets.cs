using Iot.Contracts;
using Iot.Hub.Tickets;

namespace Iot.Hub.Tests.Alerts;

internal static class TestTickets
{
    /// <summary>An open lamp ticket of the demo commune, routed to OP-LIGHT unless told otherwise.</summary>
    public static Ticket Open(
        long id, long openedAt, long? ackDueAt, long? repairDueAt, string operatorId = "OP-LIGHT", ServiceKind service = ServiceKind.Streetlight,
        string severity = "high", long? parentId = null) =>
        new(
            id, $"lamp_fault:LAMP-{id}", TicketStatus.Open, "lamp_fault", severity, service, $"LAMP-{id}", null, "demo", null, 7.2661, 43.7031,
            "Lamp reports a failure", operatorId, "CT-STREETLIGHT", Unrouted: false, parentId, openedAt, null, null, null, ackDueAt, repairDueAt,
            null, 0, openedAt);
}
