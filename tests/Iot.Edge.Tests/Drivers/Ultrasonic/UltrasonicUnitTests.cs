using System.Text;
using Iot.Edge.Drivers.Ultrasonic;
using Xunit;

namespace Iot.Edge.Tests.Drivers.Ultrasonic;

public sealed class UltrasonicUnitTests
{
    [Fact]
    public void MedianFilter_IsolatedSpikes_NeverReachTheOutput()
    {
        var filter = new MedianFilter(5);
        int[] samples = [800, 801, 799, 300, 802, 800, 4999, 801, 799, 300, 4999, 800];
        var outputs = samples.Select(filter.Add).Skip(4).ToList();

        Assert.All(outputs, o => Assert.InRange(o, 799, 802));
    }

    [Fact]
    public void MedianFilter_IsFullOnlyAfterAWindowOfSamples()
    {
        var filter = new MedianFilter(3);
        filter.Add(1);
        filter.Add(2);
        Assert.False(filter.IsFull);
        Assert.Equal(2, filter.Add(3));
        Assert.True(filter.IsFull);
    }

    [Fact]
    public void MaxBotixReader_TakesWellFormedFramesOnly()
    {
        var reader = new MaxBotixFrameReader();
        var ranges = new List<int>();

        reader.Feed(Encoding.ASCII.GetBytes("R0812\rR08"), ranges.Add);
        reader.Feed(Encoding.ASCII.GetBytes("13\rRx123\rR12345\r\u0007R0300\r"), ranges.Add);

        Assert.Equal([812, 813, 300], ranges);
        Assert.Equal(2, reader.Rejected);
    }

    [Theory]
    [InlineData(0.15, 1.0)] // surface at the full line
    [InlineData(0.65, 0.5)]
    [InlineData(1.15, 0.0)] // bottom
    [InlineData(0.05, 1.0)] // heaped above the rim: clamped
    [InlineData(2.00, 0.0)] // echo past the bottom: clamped
    public void FillLevel_FollowsTheDocumentedFormulaAndIsClamped(double range, double expected) =>
        Assert.Equal(expected, FillLevel.FromRange(range, binHeightMetres: 1.0, sensorOffsetMetres: 0.15), 9);
}
