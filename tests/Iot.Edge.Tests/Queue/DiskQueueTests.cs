using System.Text;
using Iot.Edge.Queue;
using Iot.Testing;
using Xunit;

namespace Iot.Edge.Tests.Queue;

public sealed class DiskQueueTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Topic(string device) => $"iot/v1/test/wastebin/{device}/telemetry";

    private static byte[] Payload(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}");

    private static List<QueuedMessage> ReadAll(DiskQueue queue)
    {
        var list = new List<QueuedMessage>();
        var position = 0L;
        while (queue.TryReadNext(position, long.MaxValue, out var message))
        {
            list.Add(message!);
            position = message!.Position + 1;
        }

        return list;
    }

    private static int Number(QueuedMessage message) =>
        int.Parse(Encoding.UTF8.GetString(message.Payload)["{\"n\":".Length..^1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Append_ThenRead_ReturnsMessagesInOrderWithTopics()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000);
        for (var i = 0; i < 50; i++)
        {
            queue.Append(Topic(i % 2 == 0 ? "BIN-A" : "BIN-B"), Payload(i));
        }

        var all = ReadAll(queue);
        Assert.Equal(Enumerable.Range(0, 50), all.Select(Number));
        Assert.Equal(Topic("BIN-B"), all[1].Topic);
        Assert.Equal(50, queue.Count);
    }

    [Fact]
    public void Ack_OutOfOrder_MovesCursorOverContiguousRunOnly()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000);
        for (var i = 0; i < 5; i++)
        {
            queue.Append(Topic("BIN-A"), Payload(i));
        }

        queue.Ack(1);
        queue.Ack(3);
        Assert.Equal(0, queue.Cursor);
        Assert.Equal([0, 2, 4], ReadAll(queue).Select(Number));

        queue.Ack(0);
        Assert.Equal(2, queue.Cursor);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Append_PastMaxMessages_DropsOldestAndCountsPerDevice()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 10);
        for (var i = 0; i < 25; i++)
        {
            queue.Append(Topic(i < 12 ? "BIN-A" : "BIN-B"), Payload(i));
        }

        Assert.Equal(Enumerable.Range(15, 10), ReadAll(queue).Select(Number));
        var dropped = queue.TakeDropCounts();
        Assert.Equal(12, dropped["BIN-A"]);
        Assert.Equal(3, dropped["BIN-B"]);
        Assert.Empty(queue.TakeDropCounts());
    }

    [Fact]
    public void Append_PastMaxBytes_KeepsBytesWithinBound()
    {
        const long maxBytes = 64 * 1024;
        using var queue = DiskQueue.Open(_dir.Path, maxBytes, long.MaxValue);
        var payload = new byte[1000];
        for (var i = 0; i < 500; i++)
        {
            queue.Append(Topic("BIN-A"), payload);
            Assert.True(queue.Bytes <= maxBytes, $"{queue.Bytes} bytes after append {i}");
        }

        Assert.InRange(queue.Count, 50, 70);
        Assert.Equal(500 - queue.Count, queue.TakeDropCounts()["BIN-A"]);
        queue.Flush();
        // Whole segments behind the cursor are deleted: the directory stays near the bound.
        var onDisk = Directory.GetFiles(_dir.Path, "*.seg").Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= maxBytes * 2, $"{onDisk} bytes of segments on disk");
    }

    [Fact]
    public void AckedMessages_AreNotCountedAsDropped()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 3);
        for (var i = 0; i < 3; i++)
        {
            queue.Append(Topic("BIN-A"), Payload(i));
        }

        queue.Ack(1);
        queue.Append(Topic("BIN-A"), Payload(3)); // 3 stored (0, 2, 3) after dropping none: 1 was acked
        queue.Append(Topic("BIN-A"), Payload(4)); // drops 0, then skips acked 1
        Assert.Equal([2, 3, 4], ReadAll(queue).Select(Number));
        Assert.Equal(1, queue.TakeDropCounts()["BIN-A"]);
    }

    [Fact]
    public void FullQueue_NeverDropsAMessageInFlight_DropsTheNextOldest_AndTheCountIsExactOnceItIsAcked()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 3);
        for (var i = 0; i < 3; i++)
        {
            queue.Append(Topic("BIN-A"), Payload(i));
        }

        // A lane takes the oldest for publishing; while its PUBACK is awaited, two more readings come.
        Assert.True(queue.TryTakeNext(0, long.MaxValue, out var inFlight));
        Assert.Equal(0, Number(inFlight!));
        Assert.Equal(1, queue.InFlight);
        queue.Append(Topic("BIN-A"), Payload(3));
        queue.Append(Topic("BIN-A"), Payload(4));

        // 1 and 2 went instead of the in-flight 0, which is still readable.
        Assert.Equal([0, 3, 4], ReadAll(queue).Select(Number));
        Assert.Equal(0, queue.Cursor);

        // Its PUBACK arrives: delivered, so not a drop; the cursor moves over it and the dropped ones.
        queue.Ack(inFlight!.Position);
        Assert.Equal(0, queue.InFlight);
        Assert.Equal(3, queue.Cursor);
        Assert.Equal([3, 4], ReadAll(queue).Select(Number));
        Assert.Equal(2, queue.TakeDropCounts()["BIN-A"]);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Reopen_AfterDropsPastAMessageInFlight_DoesNotSendTheDroppedOnesAgain()
    {
        var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 3);
        for (var i = 0; i < 3; i++)
        {
            queue.Append(Topic("BIN-A"), Payload(i));
        }

        // 0 is in flight when the process dies; 1 and 2 are dropped past it (the cursor cannot move) and counted.
        Assert.True(queue.TryTakeNext(0, long.MaxValue, out _));
        queue.Append(Topic("BIN-A"), Payload(3));
        queue.Append(Topic("BIN-A"), Payload(4));
        queue.Flush();
        GC.KeepAlive(queue); // no Dispose: killed

        // Sent again after a restart, the two counted as dropped would arrive although reported lost.
        using var reopened = DiskQueue.Open(_dir.Path, 1024 * 1024, 3);
        Assert.Equal([0, 3, 4], ReadAll(reopened).Select(Number));
        Assert.Equal(2, reopened.TakeDropCounts()["BIN-A"]);
        Assert.Equal(3, reopened.Count);
    }

    [Fact]
    public void Released_MessageStaysQueued_AndMayThenBeDroppedAndCounted()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 2);
        queue.Append(Topic("BIN-A"), Payload(0));
        queue.Append(Topic("BIN-A"), Payload(1));
        Assert.True(queue.TryTakeNext(0, long.MaxValue, out var taken));

        // The connection dropped before the PUBACK: the message is sent again later...
        queue.Release(taken!.Position);
        Assert.Equal(0, queue.InFlight);
        Assert.Equal([0, 1], ReadAll(queue).Select(Number));

        // ...unless the full queue drops it first, which is then a drop like any other.
        queue.Append(Topic("BIN-A"), Payload(2));
        Assert.Equal([1, 2], ReadAll(queue).Select(Number));
        Assert.Equal(1, queue.TakeDropCounts()["BIN-A"]);
    }

    [Fact]
    public void FullQueue_WithEverythingInFlight_PassesTheBoundByTheMessagesInFlightOnly()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 2);
        queue.Append(Topic("BIN-A"), Payload(0));
        queue.Append(Topic("BIN-A"), Payload(1));
        Assert.True(queue.TryTakeNext(0, long.MaxValue, out var first));
        Assert.True(queue.TryTakeNext(first!.Position + 1, long.MaxValue, out var second));

        queue.Append(Topic("BIN-A"), Payload(2)); // nothing can go: both stored messages are in flight
        Assert.Equal(3, queue.Count);
        Assert.Empty(queue.TakeDropCounts());

        queue.Ack(first.Position);
        queue.Ack(second!.Position);
        queue.Append(Topic("BIN-A"), Payload(3));
        queue.Append(Topic("BIN-A"), Payload(4)); // back to the bound: 2 goes
        Assert.Equal([3, 4], ReadAll(queue).Select(Number));
        Assert.Equal(1, queue.TakeDropCounts()["BIN-A"]);
    }

    [Fact]
    public void Reopen_AfterUncleanStop_KeepsUnackedMessagesAndDropCounts()
    {
        var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 20);
        for (var i = 0; i < 30; i++)
        {
            queue.Append(Topic("BIN-A"), Payload(i));
        }

        queue.Ack(10);
        queue.Ack(11);
        queue.Flush();
        queue.Append(Topic("BIN-A"), Payload(30));
        queue.Ack(12); // acked but not flushed: may come back (a duplicate), never lost
        // No Dispose: the process "dies" here. The handles are dropped without the final flush.
        GC.KeepAlive(queue);

        using var reopened = DiskQueue.Open(_dir.Path, 1024 * 1024, 20);
        var numbers = ReadAll(reopened).Select(Number).ToList();
        Assert.Equal(Enumerable.Range(12, 19), numbers);
        Assert.Equal(10, reopened.TakeDropCounts()["BIN-A"]);
        Assert.Equal(31, reopened.Tail);
        reopened.Append(Topic("BIN-A"), Payload(31));
        Assert.Equal(31, ReadAll(reopened).Last().Position);
    }

    [Fact]
    public void Reopen_WithTornLastRecord_CutsItAndKeepsTheRest()
    {
        using (var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000))
        {
            for (var i = 0; i < 10; i++)
            {
                queue.Append(Topic("BIN-A"), Payload(i));
            }
        }

        var segment = Directory.GetFiles(_dir.Path, "*.seg").Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 5); // the last write was cut short by a crash
        }

        using (var reopened = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000))
        {
            Assert.True(reopened.RepairedBytes > 0);
            Assert.Equal(Enumerable.Range(0, 9), ReadAll(reopened).Select(Number));
            reopened.Append(Topic("BIN-A"), Payload(99));
            Assert.Equal([.. Enumerable.Range(0, 9), 99], ReadAll(reopened).Select(Number));
        }

        using var again = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000);
        Assert.Equal(0, again.RepairedBytes);
        Assert.Equal([.. Enumerable.Range(0, 9), 99], ReadAll(again).Select(Number));
    }

    [Fact]
    public void Reopen_WithCorruptLastRecord_CutsItByChecksum()
    {
        using (var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000))
        {
            for (var i = 0; i < 10; i++)
            {
                queue.Append(Topic("BIN-A"), Payload(i));
            }
        }

        var segment = Directory.GetFiles(_dir.Path, "*.seg").Single();
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.Seek(-2, SeekOrigin.End);
            file.WriteByte((byte)'X'); // garbage where the page cache had not been written back
        }

        using var reopened = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000);
        Assert.Equal(Enumerable.Range(0, 9), ReadAll(reopened).Select(Number));
    }

    [Fact]
    public async Task WaitForAppend_CompletesWhenAMessageArrives()
    {
        using var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000);
        var wait = queue.WaitForAppendAsync(0, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        queue.Append(Topic("BIN-A"), Payload(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(queue.WaitForAppendAsync(0, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void Segments_RollAndAreDeletedOnceAcknowledged()
    {
        using var queue = DiskQueue.Open(_dir.Path, 256 * 1024, 100_000); // 16 KiB segments
        var payload = new byte[900];
        for (var i = 0; i < 100; i++)
        {
            queue.Append(Topic("BIN-A"), payload);
        }

        Assert.True(Directory.GetFiles(_dir.Path, "*.seg").Length >= 5);
        for (var i = 0; i < 100; i++)
        {
            queue.Ack(i);
        }

        queue.Flush();
        Assert.Single(Directory.GetFiles(_dir.Path, "*.seg"));
        Assert.Equal(0, queue.Count);
        Assert.Equal(100, queue.Cursor);
    }

    [Fact]
    public void Reopen_WithUnreadableCursorFile_SendsAgainFromTheOldestSegment()
    {
        using (var queue = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000))
        {
            for (var i = 0; i < 5; i++)
            {
                queue.Append(Topic("BIN-A"), Payload(i));
            }

            queue.Ack(0);
            queue.Ack(1);
        }

        File.WriteAllText(Path.Combine(_dir.Path, DiskQueue.CursorFileName), "{ not json");

        using var reopened = DiskQueue.Open(_dir.Path, 1024 * 1024, 1000);
        Assert.True(reopened.CursorWasUnreadable);
        Assert.Equal(Enumerable.Range(0, 5), ReadAll(reopened).Select(Number)); // duplicates, never a loss
    }
}
