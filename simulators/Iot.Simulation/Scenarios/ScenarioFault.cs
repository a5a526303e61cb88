namespace Iot.Simulation.Scenarios;

/// <summary>
/// One timed fault: <paramref name="Kind"/> applied to every id of <paramref name="Targets"/> from <paramref name="Start"/>
/// (simulated time since the start of the run, or of each cycle) for <paramref name="Duration"/>.
/// <paramref name="Mode"/> and <paramref name="Value"/> are the kind's parameter (<c>mode</c>, or <c>level</c>/<c>distance</c>).
/// <paramref name="Path"/> is the fault's JSON path in its file, for messages.
/// </summary>
public sealed record ScenarioFault(FaultKind Kind, IReadOnlyList<string> Targets, TimeSpan Start, TimeSpan Duration, string? Mode, double? Value, string Path);
