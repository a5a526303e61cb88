namespace Iot.Hub.Tickets;

/// <summary>
/// Where the outage rules report problems. The ticket service implements it: it opens, links, re-opens and (after the
/// hold-down) auto-resolves tickets. Calls must not block: the rules call it from timer and ingest threads.
/// </summary>
public interface IProblemSink
{
    /// <summary>The condition is present (or still present).</summary>
    void Raise(ProblemSignal signal);

    /// <summary>The condition named by <paramref name="dedupKey"/> is no longer present as of <paramref name="atMs"/>.</summary>
    void Clear(string dedupKey, long atMs);
}
