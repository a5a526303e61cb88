namespace Iot.Contracts;

/// <summary>Stable snake_case names of <see cref="RejectReason"/> values.</summary>
public static class RejectReasons
{
    public static string ToWire(this RejectReason reason) => reason switch
    {
        RejectReason.None => "none",
        RejectReason.BadTopic => "bad_topic",
        RejectReason.UnknownService => "unknown_service",
        RejectReason.PayloadTooLarge => "payload_too_large",
        RejectReason.NotUtf8 => "not_utf8",
        RejectReason.NotJson => "not_json",
        RejectReason.TooDeep => "too_deep",
        RejectReason.MissingField => "missing_field",
        RejectReason.MissingTs => "missing_ts",
        RejectReason.MissingSeq => "missing_seq",
        RejectReason.TsInFuture => "ts_in_future",
        RejectReason.TsTooOld => "ts_too_old",
        RejectReason.WrongType => "wrong_type",
        RejectReason.OutOfRange => "out_of_range",
        RejectReason.NotFinite => "not_finite",
        RejectReason.UnknownDevice => "unknown_device",
        RejectReason.NotOwner => "not_owner",
        RejectReason.ServiceMismatch => "service_mismatch",
        RejectReason.CommuneMismatch => "commune_mismatch",
        RejectReason.NotAllowed => "not_allowed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };

    public static IReadOnlyList<RejectReason> All { get; } = Enum.GetValues<RejectReason>();
}
