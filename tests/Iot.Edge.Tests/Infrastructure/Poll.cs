using System.Diagnostics;
using Xunit;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>Waits for a condition by polling, with a generous limit (machines running these tests are shared).</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<T?> probe, TimeSpan timeout, string what)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(25, TestContext.Current.CancellationToken); // polling interval, not a stand-in for a condition
        }
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        await UntilAsync(() => condition() ? "" : null, timeout, what);

    /// <summary>Polls an asynchronous condition (an HTTP query, say); <paramref name="describe"/> says what was awaited and what was seen.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {describe()}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken); // polling interval, not a stand-in for a condition
        }
    }
}
