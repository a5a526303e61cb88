namespace Iot.Contracts;

/// <summary>Why a payload was refused, with a human-readable detail naming the field.</summary>
public readonly record struct ValidationError(RejectReason Reason, string Detail)
{
    public static ValidationError None => new(RejectReason.None, string.Empty);

    public override string ToString() => $"{Reason.ToWire()}: {Detail}";
}
