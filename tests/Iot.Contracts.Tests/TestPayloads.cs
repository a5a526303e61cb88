using System.Text;

namespace Iot.Contracts.Tests;

internal static class TestPayloads
{
    public const long Now = 1_763_931_845_120;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Telemetry(string metricsJson, long ts = Now, long seq = 1) =>
        Utf8($"{{\"ts\":{ts},\"seq\":{seq},\"metrics\":{{{metricsJson}}}}}");

    public static (bool Ok, DecodedTelemetry? Value, ValidationError Error) Decode(byte[] payload, ServiceKind service = ServiceKind.Streetlight, ValidationOptions? options = null)
    {
        var ok = PayloadDecoder.TryDecodeTelemetry(payload, service, Now, options ?? ValidationOptions.Default, out var value, out var error);
        return (ok, value, error);
    }
}
