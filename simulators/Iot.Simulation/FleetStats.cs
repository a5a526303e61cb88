namespace Iot.Simulation;

/// <summary>Live counters of a run, safe to read from any thread (the console progress, the hub's logs).</summary>
public sealed class FleetStats
{
    private long _published;
    private long _dropped;
    private long _faultsInjected;
    private long _commands;
    private long _connectFailures;
    private int _connected;
    private long _simulatedMs;
    private long _lagMs;
    private long _queued;

    public int Agents { get; internal set; }

    public int Devices { get; internal set; }

    /// <summary>Agents whose MQTT connection is up (MQTT sink) or that the engine considers connected (in memory).</summary>
    public int AgentsConnected => Volatile.Read(ref _connected);

    public long MessagesPublished => Interlocked.Read(ref _published);

    /// <summary>Messages not delivered: the agent was not connected, or its queue was full.</summary>
    public long MessagesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages waiting in the agents' queues for the broker (MQTT sink).</summary>
    public long MessagesQueued => Interlocked.Read(ref _queued);

    public long FaultsInjected => Interlocked.Read(ref _faultsInjected);

    public long CommandsAnswered => Interlocked.Read(ref _commands);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Simulated time processed so far, ms from the start.</summary>
    public long SimulatedMs => Interlocked.Read(ref _simulatedMs);

    /// <summary>How far the engine is behind the wall clock, in simulated ms (0 when keeping up).</summary>
    public long LagMs => Interlocked.Read(ref _lagMs);

    internal void CountPublished() => Interlocked.Increment(ref _published);

    internal void CountDropped() => Interlocked.Increment(ref _dropped);

    internal void CountQueued(int delta) => Interlocked.Add(ref _queued, delta);

    internal void CountFault() => Interlocked.Increment(ref _faultsInjected);

    internal void CountCommand() => Interlocked.Increment(ref _commands);

    internal void CountConnectFailure() => Interlocked.Increment(ref _connectFailures);

    internal void AgentUp() => Interlocked.Increment(ref _connected);

    internal void AgentDown() => Interlocked.Decrement(ref _connected);

    internal void SetProgress(long simulatedMs, long lagMs)
    {
        Interlocked.Exchange(ref _simulatedMs, simulatedMs);
        Interlocked.Exchange(ref _lagMs, Math.Max(0, lagMs));
    }
}
