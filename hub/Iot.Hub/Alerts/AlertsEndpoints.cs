using Iot.Access;
using Iot.Hub.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Alerts;

internal static class AlertsEndpoints
{
    /// <summary><c>GET /api/alerts/deliveries?ticketId=&amp;status=&amp;limit=</c>: the outbox, newest first.</summary>
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts");
        group.MapGet("/deliveries", ListDeliveriesAsync);
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertDelivery>>, ProblemHttpResult>> ListDeliveriesAsync(
        HttpContext http, AlertOutbox outbox, long? ticketId, string? status, int? limit, CancellationToken cancellationToken)
    {
        if (status is not null && !DeliveryStatus.All.Contains(status))
        {
            return TypedResults.Problem($"status must be one of {string.Join(", ", DeliveryStatus.All)}.", statusCode: StatusCodes.Status400BadRequest, title: "Bad status");
        }

        if (limit is < 1 or > 1000)
        {
            return TypedResults.Problem("limit must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest, title: "Bad limit");
        }

        // An operator user sees the alerts sent to its operator only (not the commune's escalations, not other operators').
        var recipient = HubAccess.AlertRecipient(http.Viewer());
        return TypedResults.Ok(await outbox.ListAsync(ticketId, status, recipient, limit ?? 200, cancellationToken));
    }
}
