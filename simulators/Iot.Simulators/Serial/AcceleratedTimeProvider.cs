namespace Iot.Simulators.Serial;

/// <summary>
/// Simulated time running <see cref="Factor"/> times faster than the wall clock from <paramref name="start"/>: its
/// <c>GetUtcNow</c> advances by Factor seconds per real second and its timers (hence <c>Task.Delay(d, provider)</c>)
/// fire after d / Factor of real time. Lets a simulator and a driver share one speeded-up clock.
/// </summary>
public sealed class AcceleratedTimeProvider(DateTimeOffset start, double factor) : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();

    public double Factor { get; } = factor > 0 ? factor : throw new ArgumentOutOfRangeException(nameof(factor));

    public override DateTimeOffset GetUtcNow() => start + (System.GetElapsedTime(_origin) * Factor);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span == TimeSpan.Zero ? span : span / Factor;

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Scale(dueTime), owner.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
