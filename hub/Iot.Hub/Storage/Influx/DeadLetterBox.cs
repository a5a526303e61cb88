using System.Globalization;
using System.Text;

namespace Iot.Hub.Storage.Influx;

/// <summary>
/// Lines InfluxDB refused (a 4xx other than refused credentials or a missing database), kept in
/// <c>{spill}/dead-letter/</c>, one file per refused request: a <c>#</c> comment line with InfluxDB's answer, then the
/// lines as they were sent. Line protocol skips <c>#</c> lines, so a file can be posted again as it is once the cause is
/// fixed. They are never retried by the hub.
/// </summary>
internal sealed class DeadLetterBox(string dir, TimeProvider time)
{
    private long _counter;

    public string Directory { get; } = dir;

    /// <summary>Writes one file (fsync'd) and returns its path.</summary>
    public async Task<string> WriteAsync(string reason, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'.'fff'Z'}-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}.lp");
        var path = Path.Combine(Directory, name);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var header = "# " + string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)) + "\n";
        await file.WriteAsync(Encoding.UTF8.GetBytes(header), cancellationToken);
        await file.WriteAsync(lines, cancellationToken);
        file.Flush(flushToDisk: true);
        return path;
    }
}
