using System.Globalization;

namespace Iot.Contracts.Tests;

/// <summary>Every decoder of the wire contract behind one signature, with a valid sample payload for each.</summary>
internal static class WireDecoders
{
    public const string Telemetry = "telemetry";
    public const string Event = "event";
    public const string Status = "status";
    public const string Cmd = "cmd";
    public const string CmdAck = "cmd-ack";

    public static IReadOnlyList<string> DocumentKinds { get; } = [Event, Status, Cmd, CmdAck];

    public static IReadOnlyList<string> AllKinds { get; } = [Telemetry, .. DocumentKinds];

    /// <summary>Decodes with the decoder for <paramref name="kind"/> (telemetry as a streetlight) and returns the decoded object.</summary>
    public static (bool Ok, object? Value, ValidationError Error) Decode(string kind, byte[] payload, ValidationOptions? options = null)
    {
        options ??= ValidationOptions.Default;
        var now = TestPayloads.Now;
        switch (kind)
        {
            case Telemetry:
                {
                    var ok = PayloadDecoder.TryDecodeTelemetry(payload, ServiceKind.Streetlight, now, options, out var value, out var error);
                    return (ok, value, error);
                }

            case Event:
                {
                    var ok = PayloadDecoder.TryDecodeEvent(payload, now, options, out var value, out var error);
                    return (ok, value, error);
                }

            case Status:
                {
                    var ok = PayloadDecoder.TryDecodeStatus(payload, now, options, out var value, out var error);
                    return (ok, value, error);
                }

            case Cmd:
                {
                    var ok = PayloadDecoder.TryDecodeCommand(payload, now, options, out var value, out var error);
                    return (ok, value, error);
                }

            case CmdAck:
                {
                    var ok = PayloadDecoder.TryDecodeCommandAck(payload, now, options, out var value, out var error);
                    return (ok, value, error);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind.");
        }
    }

    /// <summary>A valid payload of <paramref name="kind"/> stamped <paramref name="ts"/>.</summary>
    public static string ValidJson(string kind, long ts = TestPayloads.Now) => kind switch
    {
        Telemetry => Invariant($$$"""{"ts":{{{ts}}},"seq":1042,"metrics":{"powerState":"on","illuminanceLevel":0.8,"powerConsumption":41.7}}"""),
        Event => Invariant($$$"""{"ts":{{{ts}}},"seq":7,"type":"lampFailure","severity":"high","message":"lamp 3 dark","data":{"lamp":3}}"""),
        Status => Invariant($$"""{"ts":{{ts}},"state":"online","session":17,"agent":"CAB-012","fw":"1.4.0"}"""),
        Cmd => Invariant($$"""{"id":"6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41","ts":{{ts}},"action":"dim","args":{"level":0.5},"expiresTs":{{ts + 60_000}}}"""),
        CmdAck => Invariant($$"""{"id":"6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41","ts":{{ts}},"ok":true,"error":null}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind."),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
