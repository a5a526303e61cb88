namespace Iot.Contracts;

/// <summary>Topic scheme of wire contract v1.</summary>
public static class Topics
{
    public const string Prefix = "iot/v1/";
    public const int MaxCommuneLength = 32;
    public const int MaxDeviceIdLength = 64;

    public static string Format(string commune, ServiceKind service, string deviceId, MessageKind kind) =>
        string.Concat(Prefix, commune, "/", service.ToWire(), "/", deviceId, "/", KindToWire(kind));

    /// <summary>The per-operator alert topic <c>iot/v1/{commune}/alerts/{operatorId}</c>.</summary>
    public static string Alerts(string commune, string operatorId) => string.Concat(Prefix, commune, "/alerts/", operatorId);

    public static string KindToWire(MessageKind kind) => kind switch
    {
        MessageKind.Telemetry => "telemetry",
        MessageKind.Event => "event",
        MessageKind.Status => "status",
        MessageKind.Cmd => "cmd",
        MessageKind.CmdAck => "cmd-ack",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind."),
    };

    public static bool TryParseKind(ReadOnlySpan<char> text, out MessageKind kind)
    {
        switch (text)
        {
            case "telemetry": kind = MessageKind.Telemetry; return true;
            case "event": kind = MessageKind.Event; return true;
            case "status": kind = MessageKind.Status; return true;
            case "cmd": kind = MessageKind.Cmd; return true;
            case "cmd-ack": kind = MessageKind.CmdAck; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>
    /// Parses a topic. Fails with <see cref="RejectReason.UnknownService"/> when only the service segment is wrong,
    /// <see cref="RejectReason.BadTopic"/> for anything else.
    /// </summary>
    public static bool TryParse(string? topic, out TopicAddress address, out RejectReason reason)
    {
        address = default;
        reason = RejectReason.BadTopic;
        if (topic is null || !topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(Prefix.Length);
        Span<Range> parts = stackalloc Range[5];
        if (rest.Split(parts, '/') != 4)
        {
            return false;
        }

        var commune = rest[parts[0]];
        var service = rest[parts[1]];
        var device = rest[parts[2]];
        var kind = rest[parts[3]];
        if (!IsCommuneSlug(commune) || !IsDeviceId(device) || !TryParseKind(kind, out var messageKind))
        {
            return false;
        }

        if (!ServiceKinds.TryParse(service, out var serviceKind))
        {
            reason = RejectReason.UnknownService;
            return false;
        }

        address = new TopicAddress(commune.ToString(), serviceKind, device.ToString(), messageKind);
        reason = RejectReason.None;
        return true;
    }

    /// <summary><c>[a-z0-9-]{1,32}</c>.</summary>
    public static bool IsCommuneSlug(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxCommuneLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>[A-Za-z0-9_-]{1,64}</c>.</summary>
    public static bool IsDeviceId(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxDeviceIdLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
