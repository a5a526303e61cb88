namespace Iot.Simulation;

/// <summary>
/// Simulated time and its mapping to the wire. The engine counts simulated milliseconds from 0; the simulated instant
/// (what the sun, service hours and fill rates see) is <c>SimulatedStart + t</c>. A message of simulated time <c>t</c> is
/// due on the wall clock at <c>WireStart + t / Speed</c>, and that instant is its payload <c>ts</c>: ts therefore follows
/// the wall clock whatever the speed (never ahead of it, so the hub's 5-minute future limit holds), and is a pure
/// function of the simulated clock (so a run is reproducible). At speed 1 ts equals the simulated instant.
/// </summary>
public sealed class SimulationClock
{
    public SimulationClock(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Speed = options.Speed;
        WireStartMs = options.WireStart.ToUnixTimeMilliseconds();
        SimulatedStart = options.SimulatedStart ?? options.WireStart;
    }

    public double Speed { get; }

    public long WireStartMs { get; }

    public DateTimeOffset SimulatedStart { get; }

    /// <summary>The simulated instant at simulated time <paramref name="simMs"/>.</summary>
    public DateTimeOffset SimulatedAt(long simMs) => SimulatedStart.AddMilliseconds(simMs);

    /// <summary>The payload ts (Unix ms) of a message of simulated time <paramref name="simMs"/>, also its wall-clock due time.</summary>
    public long WireTs(long simMs) => WireStartMs + (long)Math.Floor(simMs / Speed);

    /// <summary>The simulated time whose messages are due at wall-clock <paramref name="wallMs"/>.</summary>
    public long SimulatedMsAtWall(long wallMs) => (long)Math.Floor((wallMs - WireStartMs) * Speed);
}
