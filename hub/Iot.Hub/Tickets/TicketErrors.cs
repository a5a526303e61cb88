namespace Iot.Hub.Tickets;

/// <summary>No ticket with that id (404).</summary>
public sealed class TicketNotFoundException(long id) : Exception($"No ticket {id}.")
{
    public long TicketId { get; } = id;
}

/// <summary>The change is not allowed in the ticket's status (409).</summary>
public sealed class TicketConflictException(string message) : Exception(message);

/// <summary>A manual ticket request that cannot be accepted (400); <see cref="Field"/> names the bad field.</summary>
public sealed class TicketRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
