using Iot.Edge.Drivers;
using Xunit;

namespace Iot.Edge.Tests;

public sealed class SerialSettingsTests
{
    [Fact]
    public void Defaults_are_9600_8N1()
    {
        var settings = new SerialSettings("/dev/ttyUSB0");

        Assert.Equal((9600, 8, "None", "One"), (settings.BaudRate, settings.DataBits, settings.Parity, settings.StopBits));
    }
}
