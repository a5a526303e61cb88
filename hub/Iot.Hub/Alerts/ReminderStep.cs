namespace Iot.Hub.Alerts;

/// <summary>One reminder or escalation of a ticket, due at a Unix ms instant.</summary>
public sealed record ReminderStep(string Step, long DueAt);
