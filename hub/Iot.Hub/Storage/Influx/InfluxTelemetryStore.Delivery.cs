using System.Text;

namespace Iot.Hub.Storage.Influx;

/// <summary>Sending lines to InfluxDB, and what happens to those it does not take: the spill or the dead letters.</summary>
public sealed partial class InfluxTelemetryStore
{
    /// <summary>
    /// Sends whole lines in requests of at most BatchLines lines, each tried up to <paramref name="attempts"/> times
    /// (not again after a time-out: a hung server should not hold the pipeline). Returns how many bytes from the start
    /// were delivered (acknowledged or dead-lettered); the rest is for the spill.
    /// </summary>
    private async Task<int> DeliverAsync(ReadOnlyMemory<byte> data, int attempts, bool replayed, CancellationToken cancellationToken)
    {
        var offset = 0;
        var attempt = 0;
        while (offset < data.Length)
        {
            var (length, lines) = NextRequest(data.Span[offset..], _options.BatchLines);
            var request = data.Slice(offset, length);
            string problem;
            var timedOut = false;
            try
            {
                var response = await _client.WriteAsync(request, cancellationToken);
                if (response.IsDatabaseNotFound && await TryPrepareDatabaseAsync(cancellationToken))
                {
                    response = await _client.WriteAsync(request, cancellationToken);
                }

                if (response.IsSuccess || !response.IsTransient)
                {
                    if (response.IsSuccess)
                    {
                        Stats.CountWritten(lines, replayed);
                    }
                    else if (response.IsOnlyExpiredDropped(out var expired))
                    {
                        Stats.CountWritten(lines - expired, replayed);
                        Stats.CountExpired(expired);
                        InfluxLog.PointsExpired(_logger, expired);
                    }
                    else
                    {
                        await DeadLetterAsync(request, lines, response.ToString(), cancellationToken);
                    }

                    offset += length;
                    attempt = 0;
                    continue;
                }

                problem = response.ToString();
                if (response.IsAuthenticationFailure && Interlocked.Exchange(ref _credentialsReported, 1) == 0)
                {
                    InfluxLog.CredentialsRefused(_logger, problem);
                }
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }
            catch (TimeoutException ex)
            {
                problem = ex.Message;
                timedOut = true;
            }

            Stats.CountFailedRequest();
            _lastProblem = problem;
            if (++attempt >= attempts || timedOut)
            {
                break;
            }

            InfluxLog.WriteRetry(_logger, attempt, problem);
            await Task.Delay(Backoff(attempt), _time, cancellationToken);
        }

        return offset;
    }

    /// <summary>The longest run of whole lines from the start of <paramref name="data"/> that fits one request (at least one line).</summary>
    internal static (int Length, int Lines) NextRequest(ReadOnlySpan<byte> data, int maxLines)
    {
        var length = 0;
        var lines = 0;
        while (length < data.Length && lines < maxLines)
        {
            var newline = data[length..].IndexOf((byte)'\n');
            var end = newline < 0 ? data.Length : length + newline + 1;
            if (lines > 0 && end > MaxRequestBytes)
            {
                break;
            }

            length = end;
            lines++;
        }

        return (length, lines);
    }

    private async Task SpillAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _spill.AppendAsync(data, TimeSpan.FromSeconds(_options.RequestTimeoutSeconds), cancellationToken);
        Stats.CountSpilled(data.Span.Count((byte)'\n'));
        if (Interlocked.Exchange(ref _spilling, 1) == 0)
        {
            InfluxLog.SpillStarted(_logger, _lastProblem, SpillDir, _options.SpillMaxBytes);
        }

        _wake.Set();
    }

    private async Task DeadLetterAsync(ReadOnlyMemory<byte> request, int lines, string answer, CancellationToken cancellationToken)
    {
        var file = await _deadLetters.WriteAsync(answer, request, cancellationToken);
        Stats.CountDeadLetter(lines);
        InfluxLog.WriteRefused(_logger, lines, answer, file);
    }

    private async Task DeadLetterUnwritableAsync(List<string> problems, CancellationToken cancellationToken)
    {
        var text = string.Concat(problems.Select(p => "# " + p.ReplaceLineEndings(" ") + "\n"));
        var file = await _deadLetters.WriteAsync("messages InfluxDB cannot hold", Encoding.UTF8.GetBytes(text), cancellationToken);
        Stats.CountDeadLetter(0);
        InfluxLog.MessagesUnwritable(_logger, problems.Count, problems[0], file);
    }

    private async Task<bool> TryPrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _setup.PrepareAsync(cancellationToken);
            _databaseReady = true;
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or InfluxException)
        {
            _lastProblem = ex.Message;
            InfluxLog.PrepareFailed(_logger, _options.Database, ex.Message);
            return false;
        }
    }

    /// <summary>Exponential backoff from 100 ms, doubled per attempt up to 2 s, with ±20 % jitter so hubs do not retry in step.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var doubled = FirstBackoff * Math.Pow(2, Math.Min(attempt - 1, 10));
        var capped = doubled < MaxBackoff ? doubled : MaxBackoff;
#pragma warning disable CA5394 // Jitter, not security.
        return capped * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
    }
}
