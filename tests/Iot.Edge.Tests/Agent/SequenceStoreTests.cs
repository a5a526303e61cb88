using Iot.Edge.Agent;
using Iot.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Iot.Edge.Tests.Agent;

public sealed class SequenceStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_763_931_845_120));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void NextSeq_FreshStore_StartsAtTheClockAndGrowsByOne()
    {
        var store = new SequenceStore(_dir.Path, _time);

        Assert.Equal(1_763_931_845_120, store.NextSeq("BIN-1"));
        Assert.Equal(1_763_931_845_121, store.NextSeq("BIN-1"));
        Assert.Equal(1_763_931_845_120, store.NextSeq("BIN-2"));
    }

    [Fact]
    public void NextSeq_AfterRestart_NeverReusesANumber()
    {
        var first = new SequenceStore(_dir.Path, _time);
        var issued = Enumerable.Range(0, 1500).Select(_ => first.NextSeq("BIN-1")).ToList();
        // A crash: no shutdown of any kind. And the clock went backwards (RTC battery flat on the board).
        _time.AdjustTime(DateTimeOffset.FromUnixTimeMilliseconds(1000));

        var second = new SequenceStore(_dir.Path, _time);
        var next = second.NextSeq("BIN-1");

        Assert.True(next > issued.Max(), $"{next} after {issued.Max()}");
        Assert.True(next - issued.Max() <= SequenceStore.BlockSize, "at most one block is skipped");
    }

    [Fact]
    public void NextSession_IsPersistedAndGrowsByOneAcrossRestarts()
    {
        var first = new SequenceStore(_dir.Path, _time);
        var a = first.NextSession();
        var b = first.NextSession();

        var second = new SequenceStore(_dir.Path, _time);
        Assert.Equal(b, second.Session);
        Assert.Equal(b + 1, second.NextSession());
        Assert.Equal(a + 1, b);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), a);
    }

    [Fact]
    public void StateFile_WrittenAtomically_LeavesNoTempFile()
    {
        var store = new SequenceStore(_dir.Path, _time);
        store.NextSeq("CAB-1");
        store.NextSession();

        Assert.Equal([SequenceStore.FileName], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }
}
