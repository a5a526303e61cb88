namespace Iot.Hub.Simulation;

/// <summary>Log messages of the in-process fleet. Event ids 1900–1999, shared with the dashboard adapters (1900, 1960).</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(1901, LogLevel.Information, "Simulated city: issued credentials for {Agents} demo agents; connecting them to the embedded broker on port {Port}")]
    public static partial void FleetStarting(ILogger logger, int agents, int port);

    [LoggerMessage(1902, LogLevel.Information, "Simulation:Enabled is set but Mqtt:Mode is External: the in-process fleet plays only against the embedded broker; run `Iot.Simulators fleet` against the external broker instead")]
    public static partial void ExternalBroker(ILogger logger);

    [LoggerMessage(1903, LogLevel.Information, "Simulated city stopped: {Messages} messages published, {Faults} faults injected")]
    public static partial void FleetStopped(ILogger logger, long messages, long faults);

    [LoggerMessage(1904, LogLevel.Error, "The simulated city failed and stopped; the hub keeps running without simulated traffic")]
    public static partial void FleetFailed(ILogger logger, Exception exception);
}
