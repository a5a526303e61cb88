using System.ComponentModel.DataAnnotations;
using Iot.Contracts;

namespace Iot.Hub.Ingest;

/// <summary>The <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Messages waiting for the decoder. When full, the broker stops reading from publishers.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Oldest <c>ts</c> accepted, in days.</summary>
    [Range(1, 3650)]
    public int HorizonDays { get; set; } = 30;

    /// <summary>How far ahead of the hub clock a <c>ts</c> may be, in minutes.</summary>
    [Range(0, 1440)]
    public int MaxFutureSkewMinutes { get; set; } = 5;

    public ValidationOptions ToValidationOptions() => new()
    {
        Horizon = TimeSpan.FromDays(HorizonDays),
        MaxFutureSkew = TimeSpan.FromMinutes(MaxFutureSkewMinutes),
    };
}
