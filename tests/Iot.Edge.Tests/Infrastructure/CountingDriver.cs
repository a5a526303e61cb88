using System.Collections.Concurrent;
using Iot.Contracts;
using Iot.Edge.Drivers;
using Microsoft.Extensions.Configuration;

namespace Iot.Edge.Tests.Infrastructure;

/// <summary>
/// A test driver: one wastebin whose readings are numbered (<c>fillingLevel</c> = n / 1,000,000, n from 1) at a fixed
/// period, and which executes <c>ping</c> and <c>empty</c> commands (recorded) and refuses any other action.
/// Settings: <c>PeriodMs</c> (default 50).
/// </summary>
public sealed class CountingDriver(DriverContext context) : IDeviceDriver
{
    private long _produced;

    public IReadOnlyList<DriverDevice> Devices { get; } = [new(context.DeviceId, context.Service)];

    public ConcurrentQueue<(string DeviceId, CommandPayload Command)> Executed { get; } = new();

    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Pauses production while set (the readings are not made, not lost).</summary>
    public bool Paused { get; set; }

    public async Task RunAsync(IReadingSink sink, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromMilliseconds(context.Settings.GetValue("PeriodMs", 50));
        using var timer = new PeriodicTimer(period, context.Time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (Paused)
            {
                continue;
            }

            var n = Interlocked.Increment(ref _produced);
            sink.Telemetry(context.DeviceId, context.Time.GetUtcNow().ToUnixTimeMilliseconds(), [new("fillingLevel", n / 1_000_000.0)]);
        }
    }

    public Task<CommandOutcome> ExecuteAsync(string deviceId, CommandPayload command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Action is not ("ping" or "empty"))
        {
            return Task.FromResult(CommandOutcome.Refused($"unknown action '{command.Action}'"));
        }

        Executed.Enqueue((deviceId, command));
        return Task.FromResult(CommandOutcome.Success);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Makes <see cref="CountingDriver"/>s under the name <c>counting</c> and keeps them for the test to inspect.</summary>
public sealed class CountingDriverFactory : IDriverFactory
{
    public string Name => "counting";

    public ConcurrentBag<CountingDriver> Created { get; } = [];

    public IDeviceDriver Create(DriverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!int.TryParse(context.Settings["PeriodMs"] ?? "50", out var period) || period <= 0)
        {
            throw new EdgeConfigException($"{context.Settings.Path}:PeriodMs: must be a positive integer");
        }

        var driver = new CountingDriver(context);
        Created.Add(driver);
        return driver;
    }
}
