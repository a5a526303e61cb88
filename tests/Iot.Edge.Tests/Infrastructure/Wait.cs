namespace Iot.Edge.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a generous deadline passes (the machine is shared and loaded).</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {timeout.TotalSeconds:0} s: {describe()}");
            }

            await Task.Delay(50);
        }
    }
}
