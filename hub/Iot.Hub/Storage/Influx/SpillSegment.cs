namespace Iot.Hub.Storage.Influx;

/// <summary>One append-only file of the spill: <c>{number:D12}.lp</c>, line protocol, each line ending with <c>\n</c>.</summary>
internal sealed class SpillSegment(long number, string path, long length)
{
    public long Number { get; } = number;

    public string Path { get; } = path;

    public long Length { get; set; } = length;

    /// <summary>Bytes already delivered (sent or dead-lettered) by an interrupted replay of this process.</summary>
    public int Delivered { get; set; }

    public static string FileName(long number) => number.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) + ".lp";
}
