using System.Text.Json;

namespace Iot.Contracts;

// Decoders for the low-rate kinds (event, status, cmd, cmd-ack), over JsonDocument.
public static partial class PayloadDecoder
{
    private static readonly string[] Severities = ["low", "medium", "high", "critical"];

    public static bool TryDecodeEvent(ReadOnlySpan<byte> payload, long nowMs, ValidationOptions options, out EventPayload? result, out ValidationError error)
    {
        result = null;
        if (!TryParseDocument(payload, options, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!TryGetLong(root, "ts", RejectReason.MissingTs, out var ts, out error)
                || !TryGetLong(root, "seq", RejectReason.MissingSeq, out var seq, out error)
                || !TryGetString(root, "type", required: true, out var type, out error)
                || !TryGetString(root, "severity", required: false, out var severity, out error)
                || !TryGetString(root, "message", required: false, out var message, out error)
                || !CheckTs(ts, nowMs, options, checkHorizon: true, out error))
            {
                return false;
            }

            if (severity is not null && !Severities.Contains(severity))
            {
                error = new(RejectReason.OutOfRange, $"severity '{severity}' is not one of {string.Join('|', Severities)}");
                return false;
            }

            JsonElement? data = null;
            if (root.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null)
            {
                if (dataElement.ValueKind != JsonValueKind.Object)
                {
                    error = new(RejectReason.WrongType, "data must be an object");
                    return false;
                }

                data = dataElement.Clone();
            }

            result = new EventPayload(ts, seq, type!, severity, message, data);
            return true;
        }
    }

    public static bool TryDecodeStatus(ReadOnlySpan<byte> payload, long nowMs, ValidationOptions options, out StatusPayload? result, out ValidationError error)
    {
        result = null;
        if (!TryParseDocument(payload, options, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            // A retained status may be old; only a clock far ahead is refused.
            if (!TryGetLong(root, "ts", RejectReason.MissingTs, out var ts, out error)
                || !TryGetString(root, "state", required: true, out var state, out error)
                || !TryGetLong(root, "session", RejectReason.MissingField, out var session, out error)
                || !TryGetString(root, "agent", required: true, out var agent, out error)
                || !TryGetString(root, "fw", required: false, out var fw, out error)
                || !CheckTs(ts, nowMs, options, checkHorizon: false, out error))
            {
                return false;
            }

            if (state is not (StatusPayload.Online or StatusPayload.Offline))
            {
                error = new(RejectReason.OutOfRange, $"state '{state}' is not online|offline");
                return false;
            }

            result = new StatusPayload(ts, state, session, agent!, fw);
            return true;
        }
    }

    public static bool TryDecodeCommandAck(ReadOnlySpan<byte> payload, long nowMs, ValidationOptions options, out CommandAckPayload? result, out ValidationError error)
    {
        result = null;
        if (!TryParseDocument(payload, options, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!TryGetString(root, "id", required: true, out var id, out error)
                || !TryGetLong(root, "ts", RejectReason.MissingTs, out var ts, out error)
                || !TryGetString(root, "error", required: false, out var reason, out error)
                || !CheckTs(ts, nowMs, options, checkHorizon: true, out error))
            {
                return false;
            }

            if (!root.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = new(RejectReason.MissingField, "ok (boolean) is required");
                return false;
            }

            result = new CommandAckPayload(id!, ts, ok.GetBoolean(), reason);
            return true;
        }
    }

    public static bool TryDecodeCommand(ReadOnlySpan<byte> payload, long nowMs, ValidationOptions options, out CommandPayload? result, out ValidationError error)
    {
        result = null;
        if (!TryParseDocument(payload, options, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!TryGetString(root, "id", required: true, out var id, out error)
                || !TryGetLong(root, "ts", RejectReason.MissingTs, out var ts, out error)
                || !TryGetString(root, "action", required: true, out var action, out error)
                || !CheckTs(ts, nowMs, options, checkHorizon: true, out error))
            {
                return false;
            }

            long? expires = null;
            if (root.TryGetProperty("expiresTs", out var e) && e.ValueKind != JsonValueKind.Null)
            {
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var value))
                {
                    error = new(RejectReason.WrongType, "expiresTs must be an integer");
                    return false;
                }

                expires = value;
            }

            JsonElement? args = null;
            if (root.TryGetProperty("args", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                if (a.ValueKind != JsonValueKind.Object)
                {
                    error = new(RejectReason.WrongType, "args must be an object");
                    return false;
                }

                args = a.Clone();
            }

            result = new CommandPayload(id!, ts, action!, args, expires);
            return true;
        }
    }

    private static bool TryParseDocument(ReadOnlySpan<byte> payload, ValidationOptions options, out JsonDocument? document, out ValidationError error)
    {
        document = null;
        if (!CheckEnvelope(payload, options, out error))
        {
            return false;
        }

        // A first pass with the reader tells "too deep" from "not JSON" before JsonDocument allocates.
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = options.MaxDepth });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            error = JsonError(payload, ex, options);
            return false;
        }

        document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = options.MaxDepth });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            error = new(RejectReason.NotJson, "payload must be a JSON object");
            return false;
        }

        return true;
    }

    private static bool TryGetLong(JsonElement root, string name, RejectReason missing, out long value, out ValidationError error)
    {
        value = 0;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            error = new(missing, $"{name} is required");
            return false;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out value) || value < 0)
        {
            error = new(RejectReason.WrongType, $"{name} must be a non-negative integer");
            return false;
        }

        error = ValidationError.None;
        return true;
    }

    private static bool TryGetString(JsonElement root, string name, bool required, out string? value, out ValidationError error)
    {
        value = null;
        error = ValidationError.None;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = new(RejectReason.MissingField, $"{name} is required");
            }

            return !required;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = new(RejectReason.WrongType, $"{name} must be a string");
            return false;
        }

        value = element.GetString();
        return true;
    }
}
