using Iot.City;
using Iot.Hub.Tickets;

namespace Iot.Hub.Detection;

// Waste bins: collection request, overflow, fire, damage.
internal sealed partial class RuleEngine
{
    private long EvaluateBin(DeviceSubject bin, long nowMs)
    {
        var rules = (WastebinRules)bin.Rules;
        var due = long.MaxValue;
        Set(bin, RuleNames.BinCollection, bin.Fill >= rules.CollectionLevel, nowMs, () => DeviceSignal(
            bin, RuleNames.BinCollection, SlaSeverities.Low, $"Bin {bin.Id} is {bin.Fill:P0} full: collection requested", nowMs));

        if (bin.OverflowSinceMs >= 0)
        {
            var at = bin.OverflowSinceMs + (rules.OverflowMinutes * 60_000L);
            if (nowMs >= at)
            {
                NoteLag(bin.Raised.ContainsKey(RuleNames.BinOverflow) ? 0 : nowMs - at);
                Set(bin, RuleNames.BinOverflow, present: true, at, () => DeviceSignal(
                    bin, RuleNames.BinOverflow, SlaSeverities.Medium, $"Bin {bin.Id} full ({bin.Fill:P0}) for over {rules.OverflowMinutes} min: overflowing", at));
            }
            else
            {
                due = at;
            }
        }
        else
        {
            Set(bin, RuleNames.BinOverflow, present: false, nowMs, null);
        }

        var fire = bin.FireEvent || bin.Status == "burning" || bin.Temperature > rules.FireTemperature;
        Set(bin, RuleNames.BinFire, fire, nowMs, () => DeviceSignal(
            bin, RuleNames.BinFire, SlaSeverities.Critical,
            $"Bin {bin.Id} on fire (status {bin.Status ?? "-"}, {bin.Temperature?.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} °C)", nowMs));

        var damaged = bin.Status is "dropped" or "moved" or "vandalized";
        Set(bin, RuleNames.BinDamaged, damaged, nowMs, () => DeviceSignal(
            bin, RuleNames.BinDamaged, SlaSeverities.Medium, $"Bin {bin.Id} reports {bin.Status}", nowMs));
        return due;
    }
}
