namespace Iot.Contracts;

/// <summary>Why a message was refused. The wire names (see <see cref="RejectReasons"/>) appear in stats and diagnostics.</summary>
public enum RejectReason
{
    None,
    BadTopic,
    UnknownService,
    PayloadTooLarge,
    NotUtf8,
    NotJson,
    TooDeep,
    MissingField,
    MissingTs,
    MissingSeq,
    TsInFuture,
    TsTooOld,
    WrongType,
    OutOfRange,
    NotFinite,
    UnknownDevice,
    NotOwner,
    ServiceMismatch,
    CommuneMismatch,
    NotAllowed,
}
