using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Iot.Contracts;
using Iot.Edge.Drivers;
using Iot.Edge.Drivers.Lamps;
using Iot.Edge.Tests.Infrastructure;
using Iot.Simulators.Serial;
using Iot.Testing;
using Xunit;

namespace Iot.Edge.Tests.Serial;

/// <summary>Cabinet controller simulator ↔ socat PTY ↔ lamp-controller driver.</summary>
public sealed class CabinetOverPtyTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["PollInterval"] = "00:00:00.3",
        ["ReplyTimeout"] = "00:00:00.5",
        ["Attempts"] = "3",
        ["Lamps:0:Id"] = "LAMP-A0",
        ["Lamps:0:Address"] = "0",
        ["Lamps:1:Id"] = "LAMP-A1",
        ["Lamps:1:Address"] = "1",
        ["Lamps:2:Id"] = "LAMP-A2",
        ["Lamps:2:Address"] = "2",
        ["Lamps:3:Id"] = "LAMP-A3",
        ["Lamps:3:Address"] = "3",
    };

    [Fact]
    public async Task Driver_PublishesCabinetAndLamps_RaisesLampFailure_AndSwitchesAndDimsTheLamps()
    {
        var ct = TestContext.Current.CancellationToken;

        // 22:00 UTC in March in Nice: dark, so the astronomical schedule has the lamps on.
        var clock = new AcceleratedTimeProvider(new DateTimeOffset(2026, 3, 2, 22, 0, 0, TimeSpan.Zero), factor: 1);
        var cabinet = new CabinetControllerSimulator(new CabinetControllerOptions { Lamps = 4, RatedPower = 60, DeadLamps = [2], GarbleProbability = 0.05, Seed = 5 }, clock);

        await using var pty = await PtyPair.StartAsync(cancellationToken: ct);
        await using var device = pty.OpenDevice();
        var driver = DriverHarness.Create("lamp-controller", "CAB-001", ServiceKind.Cabinet, new SerialSettings(pty.HostPath), Settings, clock);
        Assert.Equal(["CAB-001", "LAMP-A0", "LAMP-A1", "LAMP-A2", "LAMP-A3"], driver.Devices.Select(d => d.DeviceId));
        var sink = new RecordingSink();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = driver.RunAsync(sink, stop.Token);
        var simulating = cabinet.RunAsync(device, stop.Token);
        var wait = TimeSpan.FromSeconds(60);

        // Telemetry for the cabinet and every lamp.
        var cab = await Poll.UntilAsync(() => sink.Telemetry().FirstOrDefault(t => t.DeviceId == "CAB-001"), wait, "cabinet telemetry");
        Assert.InRange(cab.Number("voltage"), 225, 235);
        Assert.Equal("on", cab.Text("powerState"));
        Assert.Equal("automatic", cab.Text("workingMode"));
        Assert.False(cab.Metrics["doorOpen"].Bool);
        Assert.Equal(180, cab.Number("totalActivePower"), 1); // three working lamps at 60 W
        var lamp0 = await Poll.UntilAsync(() => sink.Telemetry().FirstOrDefault(t => t.DeviceId == "LAMP-A0"), wait, "lamp telemetry");
        Assert.Equal("on", lamp0.Text("powerState"));
        Assert.Equal(1.0, lamp0.Number("illuminanceLevel"));
        Assert.Equal(60, lamp0.Number("powerConsumption"), 1);
        Assert.Equal("ok", lamp0.Text("status"));
        Assert.InRange(lamp0.Number("current"), 0.2, 0.35);

        // The dead lamp: status and a lampFailure event (high).
        var failure = await Poll.UntilAsync(() => sink.Events().FirstOrDefault(e => e.DeviceId == "LAMP-A2"), wait, "lampFailure of the dead lamp");
        Assert.Equal(("lampFailure", "high"), (failure.Type, failure.Severity));
        Assert.Equal("defectiveLamp", sink.Telemetry().Last(t => t.DeviceId == "LAMP-A2").Text("status"));

        // A lamp that fails while running.
        cabinet.KillLamp(3);
        await Poll.UntilAsync(() => sink.Events().FirstOrDefault(e => e.DeviceId == "LAMP-A3" && e.Type == "lampFailure"), wait, "lampFailure of lamp 3");
        Assert.DoesNotContain(sink.Events(), e => e.DeviceId is "LAMP-A0" or "LAMP-A1");

        // Dim a lamp: the controller's lamp changes and the next telemetry says so.
        var dim = await driver.ExecuteAsync("LAMP-A1", Command("dim", """{"level":0.5}"""), ct);
        Assert.True(dim.Ok, dim.Error);
        Assert.Equal((true, 50), cabinet.Lamp(1));
        var dimmed = await Poll.UntilAsync(() => sink.Telemetry().LastOrDefault(t => t.DeviceId == "LAMP-A1" && t.Text("powerState") == "low"), wait, "dimmed lamp telemetry");
        Assert.Equal(0.5, dimmed.Number("illuminanceLevel"));
        Assert.Equal(30, dimmed.Number("powerConsumption"), 1);

        // Switch the whole cabinet off.
        var off = await driver.ExecuteAsync("CAB-001", Command("switch", """{"state":"off"}"""), ct);
        Assert.True(off.Ok, off.Error);
        Assert.All(Enumerable.Range(0, 4), a => Assert.False(cabinet.Lamp(a).On));
        await Poll.UntilAsync(() => sink.Telemetry().LastOrDefault(t => t.DeviceId == "CAB-001" && t.Text("powerState") == "off"), wait, "cabinet off");

        // Bad arguments are refused before anything is sent.
        var badLevel = await driver.ExecuteAsync("LAMP-A1", Command("dim", """{"level":1.5}"""), ct);
        Assert.False(badLevel.Ok);
        Assert.Contains("level", badLevel.Error, StringComparison.Ordinal);
        var badState = await driver.ExecuteAsync("LAMP-A1", Command("switch", """{"state":"blink"}"""), ct);
        Assert.False(badState.Ok);
        var unknown = await driver.ExecuteAsync("LAMP-ZZ", Command("switch", """{"state":"on"}"""), ct);
        Assert.False(unknown.Ok);
        Assert.Equal((false, 50), cabinet.Lamp(1));

        // Supply loss: the cabinet reports 0 V and refuses to switch.
        cabinet.SetSupplyLost(true);
        await Poll.UntilAsync(() => sink.Telemetry().LastOrDefault(t => t.DeviceId == "CAB-001" && t.Number("voltage") == 0), wait, "cabinet at 0 V");
        var noSupply = await driver.ExecuteAsync("LAMP-A0", Command("switch", """{"state":"on"}"""), ct);
        Assert.False(noSupply.Ok);
        Assert.Contains("no-supply", noSupply.Error, StringComparison.Ordinal);

        await stop.CancelAsync();
        await reading.WithinAsync("the driver's read loop after cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulating.WithinAsync("the simulator after cancellation"));
        await driver.DisposeAsync().WithinAsync("the driver's dispose");
    }

    [Fact]
    public async Task Driver_ControllerThatNeverAnswers_RefusesTheCommandAfterItsAttempts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pty = await PtyPair.StartAsync(cancellationToken: ct);
        var driver = DriverHarness.Create("lamp-controller", "CAB-002", ServiceKind.Cabinet, new SerialSettings(pty.HostPath), Settings, TimeProvider.System);

        // Before the driver has opened its port: refused at once, saying so.
        var early = await driver.ExecuteAsync("LAMP-A0", Command("switch", """{"state":"on"}"""), ct).WithinAsync("a command before the port is open");
        Assert.False(early.Ok);
        Assert.Equal($"the serial port {pty.HostPath} of the cabinet controller is not open", early.Error);

        // A controller that reads every request and never answers: the test records what reaches it.
        await using var device = pty.OpenDevice();
        var received = new SilentController(device);
        var sink = new RecordingSink();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var listening = received.RunAsync(stop.Token);
        var reading = driver.RunAsync(sink, stop.Token);
        await Poll.UntilAsync(() => received.Lines.Any(l => l.Contains(" CAB?", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the driver's first poll at the controller");

        var outcome = await driver.ExecuteAsync("LAMP-A0", Command("switch", """{"state":"on"}"""), ct).WithinAsync("a command to a silent controller");

        Assert.False(outcome.Ok);
        Assert.Equal("the cabinet controller did not answer", outcome.Error);
        // Attempts = 3: the switch went out three times, each a new request with its own tag, and nothing else was sent for it.
        var switches = received.Lines.Where(l => l.Contains(" SW 0 ON", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, switches.Count);
        Assert.Equal(3, switches.Select(l => l.Split(' ')[0]).Distinct().Count());
        Assert.All(switches, l => Assert.True(LampProtocol.TryUnframe(l, out _), $"'{l}' is not a valid frame"));
        Assert.Empty(sink.Telemetry());

        await stop.CancelAsync();
        await reading.WithinAsync("the driver's read loop after cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening.WithinAsync("the silent controller after cancellation"));
        await driver.DisposeAsync().WithinAsync("the driver's dispose");
    }

    /// <summary>Reads the request lines that reach the controller's end and answers none.</summary>
    private sealed class SilentController(Stream port)
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[256];
            var line = new StringBuilder();
            while (true)
            {
                var read = await port.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b == (byte)'\n')
                    {
                        _lines.Enqueue(line.ToString().TrimEnd('\r'));
                        line.Clear();
                    }
                    else
                    {
                        line.Append((char)b);
                    }
                }
            }
        }
    }

    private static CommandPayload Command(string action, string args) =>
        new(Guid.NewGuid().ToString(), 0, action, JsonDocument.Parse(args).RootElement.Clone());
}
