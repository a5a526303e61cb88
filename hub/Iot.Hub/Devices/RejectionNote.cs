namespace Iot.Hub.Devices;

/// <summary>The last refusal of a device's message, for its diagnostics.</summary>
public sealed record RejectionNote(string Reason, string Detail, long AtMs);
