namespace Iot.City;

/// <summary>
/// One line of a contract's SLA table: a ticket of <paramref name="Severity"/> (see <see cref="SlaSeverities"/>)
/// must be acknowledged within <paramref name="Acknowledge"/> and repaired within <paramref name="Repair"/> of opening.
/// </summary>
public sealed record SlaTerm(string Severity, TimeSpan Acknowledge, TimeSpan Repair);
