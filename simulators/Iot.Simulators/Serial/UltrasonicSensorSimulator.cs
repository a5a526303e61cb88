using System.Globalization;
using System.Text;

namespace Iot.Simulators.Serial;

/// <summary>Writes <c>Rnnnn\r</c> ranges (mm) of a filling bin to a serial port, with noise and spikes.</summary>
public sealed class UltrasonicSensorSimulator(BinFillModel bin, UltrasonicSensorOptions options, TimeProvider time)
{
    private readonly Random _random = new(options.Seed);
    private int _spikes;

    public BinFillModel Bin => bin;

    /// <summary>Wild readings produced so far (what a filter downstream must not let through).</summary>
    public int Spikes => Volatile.Read(ref _spikes);

    public async Task RunAsync(Stream port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        while (!cancellationToken.IsCancellationRequested)
        {
            var bytes = Encoding.ASCII.GetBytes(Frame(RangeAt(time.GetUtcNow())));
            await port.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await port.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.SamplePeriod, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One reading in mm at <paramref name="instant"/>: the true range plus noise, or now and then a spike.</summary>
    public int RangeAt(DateTimeOffset instant)
    {
        if (_random.NextDouble() < options.SpikeProbability)
        {
            Interlocked.Increment(ref _spikes);
            return _random.Next(2) == 0 ? 300 + _random.Next(100) : 4000 + _random.Next(999);
        }

        var trueRange = (options.SensorOffset + ((1 - bin.LevelAt(instant)) * options.BinHeight)) * 1000;
        var gaussian = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return Math.Clamp((int)Math.Round(trueRange + (gaussian * options.NoiseMm)), 0, 9999);
    }

    public static string Frame(int rangeMm) => string.Create(CultureInfo.InvariantCulture, $"R{rangeMm:0000}\r");
}
