using Iot.City;
using Iot.Hub.Tickets;

namespace Iot.Hub.Detection;

// Street lighting: the astronomical clock, lamp failures, day burning, and a cabinet's supply loss covering its lamps.
internal sealed partial class RuleEngine
{
    private static bool IsLowPower(DeviceSubject lamp)
    {
        if (!lamp.IsLit || lamp.Power is not { } power)
        {
            return false;
        }

        var rules = (StreetlightRules)lamp.Rules;
        var level = lamp.PowerState == "low" ? Math.Max(lamp.Level ?? 0, 0.1) : 1.0;
        return power < rules.LowPowerRatio * lamp.RatedPower * level;
    }

    private static bool HasFault(DeviceSubject lamp) => lamp.FaultEvent || lamp.Status is { } status && status != "ok";

    /// <summary>Whether the lamp is failing in any way right now (what its cabinet counts), and the cabinet's reaction.</summary>
    private void UpdateFailing(DeviceSubject lamp, long nowMs)
    {
        var dark = Sky(lamp).At(nowMs).Dark;
        var failing = HasFault(lamp)
            || lamp.LowSinceMs >= 0
            || dark && lamp.PowerState is not null && !lamp.IsLit
            || lamp.Voltage is { } v && lamp.Cabinet is { } c && v <= c.Rules.SupplyLossVoltage;
        if (failing == lamp.Failing || lamp.Cabinet is not { } group)
        {
            lamp.Failing = failing;
            return;
        }

        lamp.Failing = failing;
        if (failing)
        {
            group.Failing[lamp] = nowMs;
            var since = nowMs - (group.Rules.LampFailureWindowSeconds * 1000L);
            var recent = group.Failing.Values.Count(at => at >= since);
            if (!group.MassFailure && recent >= Threshold(group))
            {
                group.MassFailure = true;
                EvaluateGroup(group, nowMs);
            }
        }
        else
        {
            group.Failing.Remove(lamp);
            if (group.MassFailure && group.Failing.Count < Threshold(group))
            {
                group.MassFailure = false;
                EvaluateGroup(group, nowMs);
            }
        }
    }

    private static int Threshold(CabinetGroup group) => Math.Max(1, (int)Math.Ceiling(group.Rules.LampFailureShare * group.Lamps.Count));

    private long EvaluateCabinet(DeviceSubject cabinet, long nowMs)
    {
        if (cabinet.Group is { } group)
        {
            EvaluateGroup(group, nowMs);
        }

        return long.MaxValue;
    }

    private void EvaluateGroup(CabinetGroup group, long nowMs)
    {
        var cabinet = group.Cabinet;
        if (cabinet.Agent.Down)
        {
            return;
        }

        var voltageLost = cabinet.Voltage is { } v && v <= group.Rules.SupplyLossVoltage;
        var present = voltageLost || group.SupplyEvent || group.MassFailure;
        var wasRaised = group.Raised;
        var why = voltageLost || group.SupplyEvent
            ? $"voltage {cabinet.Voltage?.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) ?? "0"} V"
            : $"{group.Failing.Count} of its {group.Lamps.Count} lamps failed within {group.Rules.LampFailureWindowSeconds} s";
        Set(cabinet, RuleNames.CabinetSupplyLoss, present, nowMs, () => new ProblemSignal(
            group.Key, RuleNames.CabinetSupplyLoss, cabinet.Info.Service, SlaSeverities.High, null, cabinet.Id, cabinet.Info.Commune,
            cabinet.Info.Longitude, cabinet.Info.Latitude, $"Cabinet {cabinet.Id} lost its supply ({why}); its lamps are out", null, nowMs));
        if (present && !wasRaised)
        {
            // Link the lamps' problems already raised to the cabinet's.
            foreach (var lamp in group.Lamps)
            {
                foreach (var signal in lamp.Raised.Values.ToList())
                {
                    if (signal.ParentKey is null)
                    {
                        Reraise(lamp, signal with { ParentKey = group.Key });
                    }
                }
            }
        }
    }

    private static string? LampParent(DeviceSubject lamp) => lamp.Cabinet is { Raised: true } group ? group.Key : null;

    private long EvaluateLamp(DeviceSubject lamp, long nowMs)
    {
        var rules = (StreetlightRules)lamp.Rules;
        var (dark, periodStart, periodEnd) = Sky(lamp).At(nowMs);
        var failureMs = rules.FailureMinutes * 60_000L;
        var burnMs = rules.DayBurningMinutes * 60_000L;
        var parent = LampParent(lamp);
        var due = long.MaxValue;

        Set(lamp, RuleNames.LampFault, HasFault(lamp), nowMs, () => DeviceSignal(
            lamp, RuleNames.LampFault, SlaSeverities.Medium, $"Lamp {lamp.Id} reports a failure ({(lamp.FaultEvent ? "lampFailure event" : lamp.Status)})", nowMs, parent));

        // Off in the dark for the failure time. Cleared only when the lamp is lit again: in daylight its state is unknown.
        if (lamp.PowerState is not null && !lamp.IsLit)
        {
            if (dark)
            {
                var since = Math.Max(lamp.LitChangedMs, periodStart);
                if (nowMs >= since + failureMs)
                {
                    var at = since + failureMs;
                    NoteLag(lamp.Raised.ContainsKey(RuleNames.LampOutAtNight) ? 0 : nowMs - at);
                    Set(lamp, RuleNames.LampOutAtNight, present: true, at, () => DeviceSignal(
                        lamp, RuleNames.LampOutAtNight, SlaSeverities.Medium, $"Lamp {lamp.Id} off after dark for {rules.FailureMinutes} min", at, parent));
                }
                else
                {
                    due = since + failureMs;
                }
            }
            else
            {
                due = periodEnd + failureMs;
            }
        }
        else if (lamp.IsLit)
        {
            Set(lamp, RuleNames.LampOutAtNight, present: false, nowMs, null);
        }

        // Lit but drawing too little for the failure time.
        if (lamp.LowSinceMs >= 0)
        {
            var at = lamp.LowSinceMs + failureMs;
            if (nowMs >= at)
            {
                Set(lamp, RuleNames.LampLowPower, present: true, at, () => DeviceSignal(
                    lamp, RuleNames.LampLowPower, SlaSeverities.Medium,
                    $"Lamp {lamp.Id} draws {lamp.Power:0.#} W, under {rules.LowPowerRatio:P0} of its {lamp.RatedPower:0} W, for {rules.FailureMinutes} min", at, parent));
            }
            else
            {
                due = Math.Min(due, at);
            }
        }
        else
        {
            Set(lamp, RuleNames.LampLowPower, present: false, nowMs, null);
        }

        // Lit in daylight for the day-burning time; cleared when it goes off or night falls.
        if (lamp.IsLit && !dark)
        {
            var since = Math.Max(lamp.LitChangedMs, periodStart);
            if (nowMs >= since + burnMs)
            {
                var at = since + burnMs;
                Set(lamp, RuleNames.DayBurning, present: true, at, () => DeviceSignal(
                    lamp, RuleNames.DayBurning, SlaSeverities.Low, $"Lamp {lamp.Id} lit in daylight for over {rules.DayBurningMinutes} min", at, parent));
                due = Math.Min(due, periodEnd);
            }
            else
            {
                due = Math.Min(due, since + burnMs);
            }
        }
        else
        {
            Set(lamp, RuleNames.DayBurning, present: false, nowMs, null);
            if (lamp.IsLit)
            {
                due = Math.Min(due, periodEnd + burnMs);
            }
        }

        return due;
    }
}
