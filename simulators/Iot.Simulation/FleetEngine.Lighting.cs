using Iot.City;
using Iot.Contracts;
using Iot.Simulation.Internal;

namespace Iot.Simulation;

// Street lighting: lamps follow the astronomical clock of their commune, switched by their cabinet a little after each
// sunset and sunrise; lamps report every 15 min and cabinets every 5 min, and both report at once on a change.
public sealed partial class FleetEngine
{
    private const long LampInterval = 15 * 60_000;
    private const long CabinetInterval = 5 * 60_000;
    private const long SwitchJitterMs = 90_000;

    private void ScheduleSunChange(int commune)
    {
        var c = _communes[commune].Commune;
        if (SolarClock.NextChange(Clock.SimulatedAt(NowMs), c.Latitude, c.Longitude) is { } next)
        {
            Schedule((long)(next - Clock.SimulatedStart).TotalMilliseconds, SimEventKind.SunChange, commune, 0);
        }
    }

    private void SunChanged(int index)
    {
        var commune = _communes[index];
        var dark = SolarClock.IsDark(Clock.SimulatedAt(NowMs), commune.Commune.Latitude, commune.Commune.Longitude);
        commune.Dark = dark == commune.Dark ? !dark : dark;
        foreach (var cabinet in commune.Cabinets)
        {
            // Each controller's clock and photocell differ a little.
            Schedule(NowMs + cabinet.Random.NextInt64(SwitchJitterMs), SimEventKind.CabinetSwitch, cabinet.Index, 0);
        }

        ScheduleSunChange(index);
    }

    private void SwitchCabinet(CabinetSim cabinet)
    {
        var dark = _communes[cabinet.Agent.Commune].Dark;
        AccountLamps(cabinet);
        cabinet.Manual = false;
        foreach (var lamp in cabinet.Lamps)
        {
            lamp.Scheduled = dark;
            lamp.Manual = null; // a sun change returns a manually switched lamp to automatic
            PublishLamp(lamp);
        }

        PublishCabinet(cabinet);
    }

    private void Account(LampSim lamp)
    {
        var elapsed = NowMs - lamp.AccountedMs;
        if (elapsed > 0 && lamp.Lit)
        {
            lamp.EnergyKwh += lamp.RatedPower * lamp.Level * elapsed / 3.6e9;
            lamp.Hours += elapsed / 3.6e6;
        }

        lamp.AccountedMs = NowMs;
    }

    private void AccountLamps(CabinetSim cabinet)
    {
        foreach (var lamp in cabinet.Lamps)
        {
            Account(lamp);
        }
    }

    private static double LampPower(LampSim lamp) =>
        lamp.Lit ? lamp.RatedPower * lamp.Level * (1 + Jitter(lamp.Random, 0.03))
        : lamp.Failed > 0 && lamp.Supplied ? lamp.Random.NextDouble() * 0.5 // the driver's standby draw, no light
        : 0;

    private void PublishLamp(LampSim lamp)
    {
        Account(lamp);
        var on = lamp.Supplied && lamp.Commanded;
        var power = LampPower(lamp);
        var voltage = lamp.Supplied ? 230 + Jitter(lamp.Random, 3) : 0;
        _metrics.Clear();
        _metrics.Add(new("powerState", on ? (lamp.Level < 0.99 ? "low" : "on") : "off"));
        _metrics.Add(new("illuminanceLevel", lamp.Lit ? Round(lamp.Level, 2) : 0.0));
        _metrics.Add(new("powerConsumption", Round(power, 1)));
        _metrics.Add(new("voltage", Round(voltage, 1)));
        _metrics.Add(new("current", voltage > 0 ? Round(power / voltage, 3) : 0.0));
        _metrics.Add(new("activeEnergy", Round(lamp.EnergyKwh, 3)));
        _metrics.Add(new("operatingHours", Round(lamp.Hours, 2)));
        _metrics.Add(new("status", lamp.Failed > 0 ? "defectiveLamp" : "ok"));
        PublishTelemetry(lamp);
    }

    private void PublishCabinet(CabinetSim cabinet)
    {
        AccountLamps(cabinet);
        var supplied = cabinet.SupplyLost == 0;
        var power = 0.0;
        var energy = 0.0;
        var anyOn = false;
        foreach (var lamp in cabinet.Lamps)
        {
            power += lamp.Lit ? lamp.RatedPower * lamp.Level : 0;
            energy += lamp.EnergyKwh;
            anyOn |= lamp.Commanded;
        }

        _metrics.Clear();
        _metrics.Add(new("powerState", supplied && anyOn ? "on" : "off"));
        _metrics.Add(new("voltage", Round(supplied ? 231 + Jitter(cabinet.Random, 2) : cabinet.Random.NextDouble() * 2, 1)));
        _metrics.Add(new("totalActivePower", Round(power * (1 + Jitter(cabinet.Random, 0.02)), 1)));
        _metrics.Add(new("energyConsumed", Round(energy, 3)));
        _metrics.Add(new("doorOpen", false));
        _metrics.Add(new("workingMode", cabinet.Manual ? "manual" : "automatic"));
        PublishTelemetry(cabinet);
    }

    private void LampEvent(LampSim lamp)
    {
        _metrics.Clear();
        _metrics.Add(new("ratedPower", lamp.RatedPower));
        _metrics.Add(new("powerConsumption", 0.0));
        _metrics.Add(new("cabinet", lamp.Cabinet?.Id ?? ""));
        PublishEvent(lamp, "lampFailure", "high", "Lamp draws no current while commanded; lamp or driver failed");
    }

    private void SupplyLossEvent(CabinetSim cabinet)
    {
        _metrics.Clear();
        _metrics.Add(new("voltage", 0.0));
        _metrics.Add(new("lamps", cabinet.Lamps.Count));
        PublishEvent(cabinet, "supplyLoss", "critical", "Mains supply lost at the cabinet; its lamps are out");
    }
}
