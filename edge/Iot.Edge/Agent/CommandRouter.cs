using System.Globalization;
using Iot.Contracts;
using Iot.Edge.Drivers;
using Iot.Edge.Internal;
using Microsoft.Extensions.Logging;

namespace Iot.Edge.Agent;

/// <summary>
/// Decodes a command, refuses it when it has expired (its <c>expiresTs</c> is not after now) or names a device the
/// agent does not have, otherwise runs it on the device's driver within a time limit, and returns the <c>cmd-ack</c>.
/// A payload too broken to carry an <c>id</c> cannot be acknowledged: it is logged and null is returned.
/// </summary>
public sealed class CommandRouter(
    IReadOnlyDictionary<string, IDeviceDriver> drivers,
    TimeProvider time,
    TimeSpan timeout,
    ILogger logger)
{
    public async Task<CommandAckPayload?> HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!Topics.TryParse(topic, out var address, out _) || address.Kind != MessageKind.Cmd)
        {
            Log.BadCommand(logger, topic, "not a command topic");
            return null;
        }

        if (!PayloadDecoder.TryDecodeCommand(payload.Span, now, ValidationOptions.Default, out var command, out var error))
        {
            Log.BadCommand(logger, topic, error.Detail);
            return null;
        }

        var outcome = await ExecuteAsync(address.DeviceId, command!, now, cancellationToken);
        Log.CommandDone(logger, command!.Id, command.Action, address.DeviceId, outcome.Ok, outcome.Error);
        return new CommandAckPayload(command.Id, time.GetUtcNow().ToUnixTimeMilliseconds(), outcome.Ok, outcome.Error);
    }

    private async Task<CommandOutcome> ExecuteAsync(string deviceId, CommandPayload command, long now, CancellationToken cancellationToken)
    {
        if (command.ExpiresTs is { } expires && expires <= now)
        {
            return CommandOutcome.Refused(string.Create(CultureInfo.InvariantCulture,
                $"expired: expiresTs {expires} is {now - expires} ms in the past; not executed"));
        }

        if (!drivers.TryGetValue(deviceId, out var driver))
        {
            return CommandOutcome.Refused($"unknown device '{deviceId}' on this agent");
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await driver.ExecuteAsync(deviceId, command, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CommandOutcome.Refused(string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds:0.#} s on the device"));
        }
#pragma warning disable CA1031 // A driver failure becomes a refusal the hub can show, not a crash of the agent.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return CommandOutcome.Refused("device error: " + ex.Message);
        }
    }
}
