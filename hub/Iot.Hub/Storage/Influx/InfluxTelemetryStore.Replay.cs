namespace Iot.Hub.Storage.Influx;

/// <summary>The spill replay: one background loop per store.</summary>
public sealed partial class InfluxTelemetryStore
{
    /// <summary>
    /// Idle while the spill is empty. Otherwise: wait (backoff after a failure), <c>/ping</c>, prepare the database if
    /// that has not happened yet, then send segments oldest first, deleting each once InfluxDB has taken all its lines.
    /// </summary>
    private async Task ReplayLoopAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_spill.IsEmpty)
                {
                    await _wake.WaitAsync(stopping);
                    continue;
                }

                if (failures > 0)
                {
                    await Task.Delay(Backoff(failures), _time, stopping);
                }

                if (!await _client.PingAsync(stopping) || (!_databaseReady && !await TryPrepareDatabaseAsync(stopping)))
                {
                    failures++;
                    continue;
                }

                failures = await ReplaySegmentsAsync(stopping) ? 0 : failures + 1;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                InfluxLog.ReplayFailed(_logger, ex);
                failures++;
            }
        }
    }

    /// <summary>Returns true when the spill was emptied, false when InfluxDB stopped taking writes again.</summary>
    private async Task<bool> ReplaySegmentsAsync(CancellationToken stopping)
    {
        while (await _spill.PeekOldestAsync(stopping) is { } segment)
        {
            var (bytes, length, torn) = await SpillQueue.ReadAsync(segment, stopping);
            if (torn > 0 && segment.Delivered == 0)
            {
                InfluxLog.TornSegment(_logger, segment.Path, torn);
            }

            var lines = new ReadOnlyMemory<byte>(bytes, 0, length);
            segment.Delivered += await DeliverAsync(lines[segment.Delivered..], attempts: 1, replayed: true, stopping);
            if (segment.Delivered < length)
            {
                return false;
            }

            await _spill.RemoveOldestAsync(segment, stopping);
        }

        if (Interlocked.Exchange(ref _spilling, 0) == 1)
        {
            Interlocked.Exchange(ref _credentialsReported, 0);
            InfluxLog.SpillDrained(_logger, Stats.LinesReplayed);
        }

        return true;
    }
}
