using System.Globalization;
using System.Text;

namespace Iot.Contracts.Tests;

/// <summary>Payload builders and decoder shortcuts shared by the contract tests. Every time is relative to <see cref="Now"/>.</summary>
internal static class TestPayloads
{
    /// <summary>The fixed hub clock every decoder call uses (2025-11-23T21:04:05.120Z).</summary>
    public const long Now = 1_763_931_845_120;

    public const long Second = 1_000;

    public const long Minute = 60 * Second;

    public const long Day = 24 * 60 * Minute;

    /// <summary>A payload limit large enough for the 10,000-level nesting cases, so the depth check is what answers.</summary>
    public static ValidationOptions Roomy { get; } = new() { MaxPayloadBytes = 1024 * 1024 };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    public static byte[] Telemetry(string metricsJson, long ts = Now, long seq = 1) =>
        Utf8(string.Create(CultureInfo.InvariantCulture, $"{{\"ts\":{ts},\"seq\":{seq},\"metrics\":{{{metricsJson}}}}}"));

    public static (bool Ok, DecodedTelemetry? Value, ValidationError Error) Decode(
        byte[] payload, ServiceKind service = ServiceKind.Streetlight, ValidationOptions? options = null)
    {
        var ok = PayloadDecoder.TryDecodeTelemetry(payload, service, Now, options ?? ValidationOptions.Default, out var value, out var error);
        return (ok, value, error);
    }

    public static string NestedArrays(int depth) => new string('[', depth) + new string(']', depth);

    public static string NestedObjects(int depth)
    {
        var builder = new StringBuilder((depth * 6) + 1);
        for (var i = 0; i < depth; i++)
        {
            builder.Append("{\"a\":");
        }

        builder.Append('1');
        return builder.Append('}', depth).ToString();
    }

    /// <summary>Adds an ignored <c>"pad"</c> string field at the front of a JSON object so the payload is exactly <paramref name="totalBytes"/> long.</summary>
    public static byte[] PaddedTo(string objectJson, int totalBytes)
    {
        // {"pad":"xxx", + the object without its opening brace
        var fill = totalBytes - objectJson.Length - 9;
        var padded = Utf8(string.Concat("{\"pad\":\"", new string('x', fill), "\",", objectJson.AsSpan(1)));
        return padded.Length == totalBytes ? padded : throw new InvalidOperationException("PaddedTo expects ASCII JSON.");
    }

    /// <summary>Puts <paramref name="raw"/> bytes inside the string value of a leading <c>"pad"</c> field.</summary>
    public static byte[] WithRawBytesInString(string objectJson, params byte[] raw) =>
        [.. Utf8("{\"pad\":\"a"), .. raw, .. Utf8("b\","), .. Utf8(objectJson[1..])];

    /// <summary>Adds a leading <c>"pad"</c> field holding <paramref name="valueJson"/>.</summary>
    public static string WithLeadingField(string objectJson, string valueJson) => string.Concat("{\"pad\":", valueJson, ",", objectJson.AsSpan(1));
}
