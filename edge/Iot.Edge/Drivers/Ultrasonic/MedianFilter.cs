namespace Iot.Edge.Drivers.Ultrasonic;

/// <summary>
/// A sliding median over the last <see cref="Window"/> samples. An isolated spike (a reflection off the bin wall, an
/// insect, a lid being opened) changes the median by at most one rank, so fewer than half the window in spikes never
/// reach the output.
/// </summary>
public sealed class MedianFilter
{
    private readonly Queue<int> _samples;
    private readonly int[] _sorted;

    public MedianFilter(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        Window = window;
        _samples = new Queue<int>(window);
        _sorted = new int[window];
    }

    public int Window { get; }

    /// <summary>Whether the window is full, i.e. the median is settled.</summary>
    public bool IsFull => _samples.Count == Window;

    /// <summary>Adds a sample and returns the median of the window (the lower middle for an even count).</summary>
    public int Add(int sample)
    {
        if (_samples.Count == Window)
        {
            _samples.Dequeue();
        }

        _samples.Enqueue(sample);
        _samples.CopyTo(_sorted, 0);
        var count = _samples.Count;
        Array.Sort(_sorted, 0, count);
        return _sorted[(count - 1) / 2];
    }

    public void Clear() => _samples.Clear();
}
