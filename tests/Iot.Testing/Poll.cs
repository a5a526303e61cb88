using System.Diagnostics;
using Xunit;

namespace Iot.Testing;

/// <summary>
/// The one way tests wait for a condition: poll it until it holds, and fail naming what was awaited once a generous
/// limit passes (the machines running these tests are shared and loaded). The interval is a polling pace, never a stand-in
/// for a condition; the limit is measured on a monotonic clock, so the suite also runs under faketime.
/// </summary>
public static class Poll
{
    /// <summary>Between two looks at an in-memory condition.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Between two asynchronous looks (an HTTP or database query, say).</summary>
    private static readonly TimeSpan QueryInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(condition, timeout, () => what);

    /// <summary>As above; <paramref name="describe"/> is asked on failure, to say what was awaited and what was seen.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return LoopAsync(() => Task.FromResult(condition()), timeout, describe, Interval);
    }

    /// <summary>Polls an asynchronous <paramref name="condition"/> (a query, say) until it holds; fails naming <paramref name="what"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        UntilAsync(condition, timeout, () => what);

    /// <summary>As above; <paramref name="describe"/> is asked on failure, to say what was awaited and what was seen.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe) =>
        LoopAsync(condition, timeout, describe, QueryInterval);

    /// <summary>Polls <paramref name="probe"/> until it returns something, and returns that.</summary>
    public static async Task<T> UntilAsync<T>(Func<T?> probe, TimeSpan timeout, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? found = null;
        await LoopAsync(() => Task.FromResult((found = probe()) is not null), timeout, () => what, Interval);
        return found!;
    }

    private static async Task LoopAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {describe()}");
            }

            await Task.Delay(interval, TestContext.Current.CancellationToken);
        }
    }
}
