namespace Iot.Hub.Alerts;

/// <summary>What an alert is about (the <c>event</c> field of payloads).</summary>
public static class AlertEvents
{
    public const string Opened = "opened";
    public const string Reopened = "reopened";
    public const string Resolved = "resolved";

    /// <summary>Half of the acknowledge time has gone and the ticket is not acknowledged.</summary>
    public const string Reminder50 = "reminder_50";

    /// <summary>The acknowledge deadline is reached and the ticket is not acknowledged.</summary>
    public const string Reminder100 = "reminder_100";

    /// <summary>Escalation to the commune: the acknowledge deadline passed unacknowledged.</summary>
    public const string AckBreach = "ack_breach";

    /// <summary>Escalation to the commune: the repair deadline passed unresolved.</summary>
    public const string RepairBreach = "repair_breach";
}
