using Iot.Edge.Agent;
using Xunit;

namespace Iot.Edge.Tests.Agent;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(3, 0.0, 2000)]
    [InlineData(3, 0.5, 3000)]
    [InlineData(10, 0.0, 30000)]
    [InlineData(10, 1.0, 60000)]
    [InlineData(1000, 1.0, 60000)]
    public void Backoff_DoublesWithEqualJitterUpToTheCap(int failures, double random, int expectedMs)
    {
        var delay = EdgeAgentService.Backoff(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, 1);
    }
}
