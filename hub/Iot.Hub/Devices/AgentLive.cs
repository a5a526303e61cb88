namespace Iot.Hub.Devices;

/// <summary>
/// Connection state of one edge agent. <see cref="Session"/> grows by one at each connect of the agent; a status
/// whose session is older than the current one (a late Last Will of an earlier connection) is ignored.
/// </summary>
public sealed class AgentLive(string id)
{
    private readonly Lock _lock = new();

    public string Id { get; } = id;

    public bool Online { get; private set; }

    public long Session { get; private set; } = -1;

    public long SinceMs { get; private set; }

    public string? Firmware { get; private set; }

    /// <summary>Applies a status of the agent itself; returns false when it was stale (older session).</summary>
    public bool ApplyStatus(bool online, long session, long nowMs, string? firmware)
    {
        lock (_lock)
        {
            if (session < Session)
            {
                return false;
            }

            Session = session;
            Firmware = firmware ?? Firmware;
            SetOnline(online, nowMs);
            return true;
        }
    }

    /// <summary>The broker saw the agent's connection open or close (embedded mode).</summary>
    public void ApplyConnection(bool connected, long nowMs)
    {
        lock (_lock)
        {
            SetOnline(connected, nowMs);
        }
    }

    private void SetOnline(bool online, long nowMs)
    {
        if (Online != online || SinceMs == 0)
        {
            SinceMs = nowMs;
        }

        Online = online;
    }
}
