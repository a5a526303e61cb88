namespace Iot.Simulators.Serial;

/// <summary>
/// A bin that fills at <c>fillPerHour</c> (fraction of its volume per hour) from <c>residual</c> and is emptied by a
/// collection as soon as it reaches <c>collectAt</c>, then fills again. Pure: the level is a function of time.
/// </summary>
public sealed class BinFillModel(DateTimeOffset start, double fillPerHour, double residual = 0.03, double collectAt = 0.85)
{
    /// <summary>Time from one collection to the next.</summary>
    public TimeSpan Period { get; } = TimeSpan.FromHours((collectAt - residual) / fillPerHour);

    public double LevelAt(DateTimeOffset instant)
    {
        var hours = (instant - start).TotalHours % Period.TotalHours;
        if (hours < 0)
        {
            hours += Period.TotalHours;
        }

        return residual + (fillPerHour * hours);
    }

    /// <summary>How many collections have happened by <paramref name="instant"/>.</summary>
    public long CollectionsBy(DateTimeOffset instant) => (long)Math.Floor((instant - start) / Period);
}
