namespace Iot.Simulators.Serial;

/// <summary>
/// A terminal device (a PTY end, a real tty) opened for a simulator, whose reads and writes honour cancellation.
/// </summary>
/// <remarks>
/// A <see cref="FileStream"/> on a terminal does its <c>read(2)</c> and <c>write(2)</c> on a thread-pool thread and only
/// looks at the token before the call: a simulator blocked reading a line that never comes (the driver under test has
/// stopped, the agent was killed) would never see its cancellation, and a test awaiting it hung for good. Here a
/// cancelled operation returns at once with <see cref="OperationCanceledException"/>; the system call it abandoned ends
/// when data arrives or the other end goes away (socat killed, the port closed). After a cancellation the stream is
/// spent: a later read or write throws <see cref="InvalidOperationException"/>, because the abandoned call may
/// still consume or produce bytes.
/// </remarks>
public sealed class PtyStream : Stream
{
    private readonly FileStream _file;
    private volatile bool _abandoned;

    public PtyStream(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0, useAsync: false);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureUsable();
        return await Guard(_file.ReadAsync(buffer, CancellationToken.None).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureUsable();
        await Guard(WriteAndReturn(buffer), cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Nothing to flush: the stream is unbuffered and every write is one system call.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        EnsureUsable();
        return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
    }

    public override void Flush() => EnsureUsable();

    public override int Read(byte[] buffer, int offset, int count)
    {
        EnsureUsable();
        return _file.Read(buffer, offset, count);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        EnsureUsable();
        _file.Write(buffer, offset, count);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> WriteAndReturn(ReadOnlyMemory<byte> buffer)
    {
        await _file.WriteAsync(buffer, CancellationToken.None).ConfigureAwait(false);
        return buffer.Length;
    }

    private async Task<int> Guard(Task<int> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _abandoned = true;

            // The abandoned call ends with an I/O error when the other end goes away; observe it so that it is not
            // reported as an unobserved task exception.
            _ = operation.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    private void EnsureUsable()
    {
        if (_abandoned)
        {
            throw new InvalidOperationException("this PTY stream was given up by a cancelled read or write; open the port again");
        }
    }
}
