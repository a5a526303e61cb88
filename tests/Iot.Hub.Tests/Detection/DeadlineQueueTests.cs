using Iot.Hub.Detection;
using Microsoft.Extensions.Time.Testing;

namespace Iot.Hub.Tests.Detection;

public sealed class DeadlineQueueTests
{
    private sealed class Named(string id) : Subject
    {
        public override string Id { get; } = id;
    }

    [Fact]
    public void OneTimer_FiresEachSubjectAtItsLatestDeadline_StaleEntriesSkipped()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        var fired = new List<(string Id, long AtMs)>();
        DeadlineQueue? queue = null;
        queue = new DeadlineQueue(time, work => work(), now =>
        {
            foreach (var subject in queue!.PopDue(now))
            {
                fired.Add((subject.Id, now));
            }

            queue.Rearm();
        });
        using var _ = queue;
        var a = new Named("a");
        var b = new Named("b");
        queue.Schedule(a, 1_000_100);
        queue.Schedule(b, 1_000_050);
        queue.Schedule(b, 1_000_200); // moved later: its first entry is stale

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([("a", 1_000_100L)], fired);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Single(fired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([("a", 1_000_100L), ("b", 1_000_200L)], fired);

        queue.Schedule(a, 1_000_300);
        queue.Schedule(a, long.MaxValue); // cancelled
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, fired.Count);
    }
}
