using System.Text;
using Iot.Contracts;
using Iot.Edge.Agent;
using Iot.Edge.Drivers;
using Iot.Edge.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Iot.Edge.Tests.Agent;

public sealed class CommandRouterTests : IAsyncDisposable
{
    private const string Topic = "iot/v1/demo/wastebin/BIN-1/cmd";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_763_931_845_000));
    private readonly CountingDriver _driver;
    private readonly CommandRouter _router;

    public CommandRouterTests()
    {
        var settings = new ConfigurationBuilder().Build().GetSection("Devices:0:Settings");
        _driver = new CountingDriver(new DriverContext("BIN-1", ServiceKind.Wastebin, new SerialSettings("/dev/null"), settings, _time, NullLoggerFactory.Instance));
        _router = new CommandRouter(new Dictionary<string, IDeviceDriver> { ["BIN-1"] = _driver }, _time, TimeSpan.FromSeconds(5), NullLogger.Instance);
    }

    public ValueTask DisposeAsync() => _driver.DisposeAsync();

    private static byte[] Command(string action, long ts, long? expires) => Encoding.UTF8.GetBytes(
        expires is null ? $$"""{"id":"c-1","ts":{{ts}},"action":"{{action}}"}""" : $$"""{"id":"c-1","ts":{{ts}},"action":"{{action}}","expiresTs":{{expires}}}""");

    [Fact]
    public async Task Handle_ExpiredCommand_IsRefusedWithReasonAndNotExecuted()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();

        var ack = await _router.HandleAsync(Topic, Command("empty", now - 60_000, now - 1500), CancellationToken.None);

        Assert.NotNull(ack);
        Assert.Equal("c-1", ack.Id);
        Assert.False(ack.Ok);
        Assert.Contains("expired", ack.Error, StringComparison.Ordinal);
        Assert.Contains("1500 ms", ack.Error, StringComparison.Ordinal);
        Assert.Empty(_driver.Executed);
    }

    [Fact]
    public async Task Handle_CommandExpiringExactlyNow_IsRefused()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();

        var ack = await _router.HandleAsync(Topic, Command("empty", now - 10, now), CancellationToken.None);

        Assert.False(ack!.Ok);
        Assert.Empty(_driver.Executed);
    }

    [Fact]
    public async Task Handle_LiveCommand_RunsOnTheDriverAndAcksOk()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();

        var ack = await _router.HandleAsync(Topic, Command("empty", now, now + 30_000), CancellationToken.None);

        Assert.True(ack!.Ok);
        Assert.Null(ack.Error);
        Assert.Equal(now, ack.Ts);
        Assert.Equal(("BIN-1", "empty"), _driver.Executed.Select(e => (e.DeviceId, e.Command.Action)).Single());
    }

    [Fact]
    public async Task Handle_DriverRefusal_IsAckedWithItsReason()
    {
        var ack = await _router.HandleAsync(Topic, Command("explode", _time.GetUtcNow().ToUnixTimeMilliseconds(), null), CancellationToken.None);

        Assert.False(ack!.Ok);
        Assert.Equal("unknown action 'explode'", ack.Error);
    }

    [Fact]
    public async Task Handle_UnknownDevice_IsRefused()
    {
        var ack = await _router.HandleAsync("iot/v1/demo/wastebin/BIN-9/cmd", Command("ping", _time.GetUtcNow().ToUnixTimeMilliseconds(), null), CancellationToken.None);

        Assert.False(ack!.Ok);
        Assert.Contains("BIN-9", ack.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_PayloadWithoutId_CannotBeAcked()
    {
        var ack = await _router.HandleAsync(Topic, Encoding.UTF8.GetBytes("{\"action\":\"ping\"}"), CancellationToken.None);

        Assert.Null(ack);
        Assert.Empty(_driver.Executed);
    }
}
