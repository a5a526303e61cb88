namespace Iot.Contracts.Tests;

public sealed class ServiceKindsTests
{
    [Theory]
    [InlineData(ServiceKind.Streetlight, "streetlight")]
    [InlineData(ServiceKind.Cabinet, "cabinet")]
    [InlineData(ServiceKind.Wastebin, "wastebin")]
    [InlineData(ServiceKind.Bus, "bus")]
    public void ToWire_AndTryParse_AreInverse(ServiceKind service, string wire)
    {
        Assert.Equal(wire, service.ToWire());
        Assert.True(ServiceKinds.TryParse(wire, out var parsed));
        Assert.Equal(service, parsed);
    }

    [Fact]
    public void All_ListsEveryServiceOnce() =>
        Assert.Equal(Enum.GetValues<ServiceKind>(), ServiceKinds.All);

    [Theory]
    [InlineData("")]
    [InlineData("Bus")]
    [InlineData("tram")]
    [InlineData("streetlight ")]
    public void TryParse_NotAWireName_Fails(string text) =>
        Assert.False(ServiceKinds.TryParse(text, out _));
}
