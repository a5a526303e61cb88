namespace Iot.Dashboard.Assets;

/// <summary>One bucket of a metric's history: the mean, min and max of the values in [Start, Start + step).</summary>
public sealed record SeriesBucket(DateTimeOffset Start, double Mean, double Min, double Max, long Count);

/// <summary>A metric of an asset over a window, bucketed; buckets without data are absent.</summary>
public sealed record AssetSeries(string AssetId, KeyMetric Metric, DateTimeOffset From, DateTimeOffset To, TimeSpan Step, IReadOnlyList<SeriesBucket> Buckets);
