namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// Every await on something a test started (a driver's read loop, a simulator, a dispose) goes through here, so that a
/// component that does not stop fails the test with its name instead of hanging the run.
/// </summary>
public static class Bounded
{
    /// <summary>Generous: the machines running these tests are shared and loaded.</summary>
    public static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    public static async Task WithinAsync(this Task task, string what, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var within = limit ?? StopLimit;
        try
        {
            await task.WaitAsync(within);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{what} did not finish within {within.TotalSeconds:0} s", ex);
        }
    }

    public static async Task<T> WithinAsync<T>(this Task<T> task, string what, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        await ((Task)task).WithinAsync(what, limit);
        return await task;
    }

    public static Task WithinAsync(this ValueTask task, string what, TimeSpan? limit = null) => task.AsTask().WithinAsync(what, limit);
}
