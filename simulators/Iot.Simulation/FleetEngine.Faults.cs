using Iot.Simulation.Internal;
using Iot.Simulation.Scenarios;

namespace Iot.Simulation;

// The scenario's faults: each start applies the fault to every target and schedules its end (and, with a repeat period,
// the next cycle's start). Counters rather than flags, so overlapping faults on one target end cleanly.
public sealed partial class FleetEngine
{
    private void StartFault(int index, int cycle)
    {
        var fault = _scenario.Faults[index];
        if (_scenario.Repeat is { } period)
        {
            Schedule((long)(fault.Start + (period * (cycle + 1))).TotalMilliseconds, SimEventKind.FaultStart, index, cycle + 1);
        }

        Schedule(NowMs + (long)fault.Duration.TotalMilliseconds, SimEventKind.FaultEnd, index, cycle);
        foreach (var target in fault.Targets)
        {
            Stats.CountFault();
            Apply(fault, target, start: true);
        }
    }

    private void EndFault(int index)
    {
        var fault = _scenario.Faults[index];
        foreach (var target in fault.Targets)
        {
            Apply(fault, target, start: false);
        }
    }

    private void Apply(ScenarioFault fault, string target, bool start)
    {
        var step = start ? 1 : -1;
        switch (fault.Kind)
        {
            case FaultKind.AgentDisconnect:
                var agent = _agentsById[target];
                agent.Disconnects += step;
                if (start && agent.Connected)
                {
                    Disconnect(agent, clean: fault.Mode == "clean");
                }
                else if (!start && agent.Disconnects == 0 && !agent.Connected)
                {
                    Connect(agent);
                }

                return;

            case FaultKind.CabinetSupplyLoss:
                var cabinet = (CabinetSim)_devicesById[target];
                AccountLamps(cabinet);
                cabinet.SupplyLost += step;
                if (start && cabinet.SupplyLost == 1)
                {
                    SupplyLossEvent(cabinet);
                }

                PublishCabinet(cabinet);
                foreach (var lamp in cabinet.Lamps)
                {
                    PublishLamp(lamp);
                }

                return;

            case FaultKind.LampFailure:
                var failed = (LampSim)_devicesById[target];
                Account(failed);
                failed.Failed += step;
                if (start && failed.Failed == 1)
                {
                    LampEvent(failed);
                }

                PublishLamp(failed);
                return;

            case FaultKind.BinFill or FaultKind.BinOverflow or FaultKind.BinFire:
                ApplyBin(fault, (BinSim)_devicesById[target], step);
                return;

            default:
                ApplyBus(fault, (BusSim)_devicesById[target], step);
                return;
        }
    }

    private void ApplyBin(ScenarioFault fault, BinSim bin, int step)
    {
        UpdateLevel(bin);
        switch (fault.Kind)
        {
            case FaultKind.BinFill:
                bin.Fill += step;
                bin.FillTo = fault.Value ?? 0.9;
                break;
            case FaultKind.BinOverflow:
                bin.Overflow += step;
                break;
            default:
                bin.Fire += step;
                if (step > 0 && bin.Fire == 1)
                {
                    bin.FireSinceMs = NowMs;
                    FireEvent(bin);
                }

                break;
        }

        if (step < 0 && bin.Fill == 0 && bin.Overflow == 0 && bin.Fire == 0)
        {
            Empty(bin); // the fault is cleared by a collection (and, after a fire, a new container)
            return;
        }

        UpdateLevel(bin);
        ReportNow(bin);
    }

    private void ApplyBus(ScenarioFault fault, BusSim bus, int step)
    {
        switch (fault.Kind)
        {
            case FaultKind.BusBreakdown when fault.Mode == "stalled":
                bus.Stalled += step;
                break;
            case FaultKind.BusBreakdown:
                bus.Broken += step;
                break;
            case FaultKind.BusOffRoute:
                bus.OffRoute += step;
                bus.OffRouteMetres = fault.Value ?? 300;
                break;
            default:
                bus.Silent += step;
                break;
        }

        ReportNow(bus);
    }
}
