namespace Iot.Simulation;

/// <summary>
/// Runs an engine against the wall clock: the events of simulated time <c>t</c> are processed when the wall clock reaches
/// their due time (<see cref="SimulationClock.WireTs"/>). When the machine cannot keep up, the engine falls behind
/// (<see cref="FleetStats.LagMs"/>) and catches up in slices, never skipping an event.
/// </summary>
public static class FleetRunner
{
    private const int SliceEvents = 20_000;

    public static async Task RunAsync(FleetEngine engine, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(time);
        engine.Start();
        while (!cancellationToken.IsCancellationRequested)
        {
            var wall = time.GetUtcNow().ToUnixTimeMilliseconds();
            var target = engine.Clock.SimulatedMsAtWall(wall);
            var processed = engine.RunUntil(target, SliceEvents);
            engine.Stats.SetProgress(engine.NowMs, target - engine.NowMs);
            if (processed == SliceEvents)
            {
                await Task.Yield();
                continue;
            }

            var wait = engine.NextEventMs is { } next ? engine.Clock.WireTs(next) - wall : 50;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(wait, 1, 50)), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        engine.Shutdown();
    }
}
