using Iot.Simulation.Internal;

namespace Iot.Simulation;

// Waste bins: each fills at its own rate (full in 2.5 to 6 days), is emptied by its gateway's collection round every
// 48 h, and reports every 3 h (faster while a fault holds it: fill 15 min, overflow 5 min, fire 1 min).
public sealed partial class FleetEngine
{
    private const long BinReportInterval = 3 * 3_600_000;
    private const long CollectionPeriod = 48 * 3_600_000;

    private static long BinInterval(BinSim bin) =>
        bin.Fire > 0 ? 60_000 : bin.Overflow > 0 ? 5 * 60_000 : bin.Fill > 0 ? 15 * 60_000 : BinReportInterval;

    private void InitialiseBin(BinSim bin)
    {
        var random = bin.Random;
        bin.RatePerHour = 1 / (24 * (2.5 + (random.NextDouble() * 3.5)));
        bin.Level = random.NextDouble() * 0.6;
        bin.Battery = 0.55 + (random.NextDouble() * 0.45);
        // The bins of a gateway are collected in one round; rounds of different gateways are spread over the period.
        var round = StableHash.Of(bin.Agent.Id, 7) % 48 * 3_600_000L;
        bin.CollectionPhaseMs = round + random.NextInt64(20 * 60_000);
        Schedule(random.NextInt64(BinReportInterval), SimEventKind.Report, bin.Index, 0);
        Schedule(bin.CollectionPhaseMs % CollectionPeriod, SimEventKind.BinCollect, bin.Index, 0);
    }

    private void UpdateLevel(BinSim bin)
    {
        var hours = (NowMs - bin.LevelAtMs) / 3.6e6;
        bin.Level = Math.Min(1.0, bin.Level + (bin.RatePerHour * Math.Max(0, hours)));
        if (bin.Fill > 0)
        {
            bin.Level = Math.Max(bin.Level, bin.FillTo);
        }

        if (bin.Overflow > 0)
        {
            bin.Level = 1.0;
        }

        bin.LevelAtMs = NowMs;
    }

    private void CollectBin(BinSim bin)
    {
        Schedule(NowMs + CollectionPeriod, SimEventKind.BinCollect, bin.Index, 0);
        if (bin.Fill > 0 || bin.Overflow > 0 || bin.Fire > 0)
        {
            return; // the round missed it: that is the fault
        }

        Empty(bin);
    }

    private void Empty(BinSim bin)
    {
        UpdateLevel(bin);
        bin.Level = bin.Random.NextDouble() * 0.04;
        ReportNow(bin); // a level change this large is reported at once
    }

    private void PublishBin(BinSim bin)
    {
        UpdateLevel(bin);
        var random = bin.Random;
        var local = LocalTime(bin.Agent.Commune);
        var ambient = 15 + (6 * Math.Sin(2 * Math.PI * (local.TimeOfDay.TotalHours - 9) / 24)) + Jitter(random, 1);
        var burningFor = (NowMs - bin.FireSinceMs) / 60_000.0;
        var temperature = bin.Fire > 0 ? 72 + Math.Min(25, burningFor * 2) + Jitter(random, 2) : ambient;
        var level = bin.Overflow > 0 ? 1.0 : Math.Clamp(bin.Level + Jitter(random, 0.01), 0, 1);
        bin.Battery = Math.Max(0.05, bin.Battery - 0.0002);
        _metrics.Clear();
        _metrics.Add(new("fillingLevel", Round(level, 3)));
        _metrics.Add(new("temperature", Round(temperature, 1)));
        _metrics.Add(new("status", bin.Fire > 0 ? "burning" : "ok"));
        _metrics.Add(new("batteryLevel", Round(bin.Battery, 3)));
        _metrics.Add(new("rssi", Round(-75 + Jitter(random, 15), 0)));
        PublishTelemetry(bin);
    }

    private void FireEvent(BinSim bin)
    {
        _metrics.Clear();
        _metrics.Add(new("temperature", 72.0));
        PublishEvent(bin, "fire", "critical", "Temperature above 70 °C inside the bin: fire");
    }
}
