namespace Iot.Contracts;

public enum MetricValueKind : byte
{
    Number,
    Bool,
    Text,
}
