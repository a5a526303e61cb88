using System.Collections.Concurrent;
using Iot.City;
using Iot.Contracts;
using Iot.Simulation.Internal;
using Iot.Simulation.Scenarios;

namespace Iot.Simulation;

/// <summary>
/// The fleet simulator's core: a discrete-event simulation of every agent and device of a city, played on one thread.
/// Events are ordered by simulated time, then by the order they were scheduled in, and every random draw comes from a
/// per-device stream seeded by <see cref="FleetOptions.Seed"/> and the device id: the same city, scenario and seed give
/// the same sequence of sink calls however the run is sliced into <see cref="RunUntil"/> calls. Only commands arriving
/// from outside (<see cref="Deliver"/>) and connections lost unexpectedly (<see cref="ReportConnectionLost"/>) add input.
/// </summary>
public sealed partial class FleetEngine
{
    private static readonly ValidationOptions CommandValidation = new() { MaxFutureSkew = TimeSpan.FromDays(1) };

    private readonly PriorityQueue<SimEvent, (long Time, long Order)> _queue = new();
    private readonly ConcurrentQueue<(string? Topic, byte[]? Payload, string? LostAgent)> _inbox = new();
    private readonly IFleetSink _sink;
    private readonly Payloads _payloads = new();
    private readonly List<MetricReading> _metrics = new(16);
    private readonly FleetOptions _options;
    private readonly Scenario _scenario;
    private readonly AgentSim[] _agents;
    private readonly DeviceSim[] _devices;
    private readonly CommuneSim[] _communes;
    private readonly Dictionary<string, AgentSim> _agentsById;
    private readonly Dictionary<string, DeviceSim> _devicesById;
    private readonly Dictionary<AgentSim, string[]> _commandTopics = [];
    private long _order;
    private bool _started;

    /// <param name="stats">Counters to update, shared with the sink (a new set when null).</param>
    public FleetEngine(CityModel city, Scenario scenario, FleetOptions options, IFleetSink sink, FleetStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(city);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        Clock = new SimulationClock(options);
        Stats = stats ?? new FleetStats();
        _options = options;
        _scenario = scenario;
        _sink = sink;
        _communes = [.. city.Communes.Select(c => new CommuneSim(c, FindZone(c)))];
        var communeIndex = city.Communes.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var serviceOf = city.Agents.ToDictionary(a => a.Id, a => a.Kind switch
        {
            AgentKinds.BusTracker => ServiceKind.Bus,
            AgentKinds.BinGateway => ServiceKind.Wastebin,
            _ => ServiceKind.Cabinet,
        }, StringComparer.Ordinal);
        _agents = [.. city.Agents.Select((a, i) => new AgentSim(a, i, serviceOf[a.Id]) { Commune = communeIndex[a.CommuneId] })];
        _agentsById = _agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var routes = city.Routes.ToDictionary(r => r.Id, r => (Route: r, Track: new RouteTrack(r.Shape)), StringComparer.Ordinal);
        var busesPerRoute = new Dictionary<string, int>(StringComparer.Ordinal);
        var devices = new List<DeviceSim>(city.Assets.Count);
        foreach (var asset in city.Assets)
        {
            var agent = _agentsById[asset.AgentId];
            DeviceSim device = asset.Service switch
            {
                ServiceKind.Streetlight => new LampSim(asset, devices.Count, agent, options.Seed),
                ServiceKind.Cabinet => new CabinetSim(asset, devices.Count, agent, options.Seed),
                ServiceKind.Wastebin => new BinSim(asset, devices.Count, agent, options.Seed),
                _ => new BusSim(asset, devices.Count, agent, options.Seed)
                {
                    Route = routes[asset.RouteId!].Route,
                    Track = routes[asset.RouteId!].Track,
                    Rank = busesPerRoute[asset.RouteId!] = busesPerRoute.GetValueOrDefault(asset.RouteId!) + 1,
                },
            };
            devices.Add(device);
            agent.Devices.Add(device);
        }

        _devices = [.. devices];
        _devicesById = _devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var lamp in _devices.OfType<LampSim>())
        {
            if (lamp.Asset.CabinetId is { } cabinetId && _devicesById.GetValueOrDefault(cabinetId) is CabinetSim cabinet)
            {
                lamp.Cabinet = cabinet;
                cabinet.Lamps.Add(lamp);
            }
        }

        foreach (var cabinet in _devices.OfType<CabinetSim>())
        {
            _communes[communeIndex[cabinet.Asset.CommuneId]].Cabinets.Add(cabinet);
        }

        foreach (var bus in _devices.OfType<BusSim>())
        {
            bus.Rank--; // 1-based while counting
        }

        _busesOnRoute = busesPerRoute;
        Stats.Agents = _agents.Length;
        Stats.Devices = _devices.Length;
    }

    public SimulationClock Clock { get; }

    public FleetStats Stats { get; }

    /// <summary>Simulated time reached, ms since the start of the run.</summary>
    public long NowMs { get; private set; }

    /// <summary>Simulated time of the next scheduled event, or null when nothing is scheduled.</summary>
    public long? NextEventMs => _queue.TryPeek(out _, out var key) ? key.Time : null;

    /// <summary>The agents of the city, in file order.</summary>
    public IReadOnlyList<string> AgentIds => [.. _agents.Select(a => a.Id)];

    private long WireNow => Clock.WireTs(NowMs);

    /// <summary>Schedules the run: every agent connects at time 0, then the sun, periodic reports and the scenario's faults.</summary>
    public void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("The engine is already started.");
        }

        _started = true;
        for (var i = 0; i < _communes.Length; i++)
        {
            var commune = _communes[i];
            commune.Dark = SolarClock.IsDark(Clock.SimulatedAt(0), commune.Commune.Latitude, commune.Commune.Longitude);
            ScheduleSunChange(i);
        }

        foreach (var device in _devices)
        {
            InitialiseDevice(device);
        }

        foreach (var agent in _agents)
        {
            Schedule(0, SimEventKind.Connect, agent.Index, 0);
        }

        for (var f = 0; f < _scenario.Faults.Count; f++)
        {
            Schedule((long)_scenario.Faults[f].Start.TotalMilliseconds, SimEventKind.FaultStart, f, 0);
        }
    }

    /// <summary>
    /// Processes every event due at or before simulated time <paramref name="simMs"/> (at most <paramref name="maxEvents"/>),
    /// after the commands and connection losses received since the last call. Returns the number of events processed.
    /// </summary>
    public int RunUntil(long simMs, int maxEvents = int.MaxValue)
    {
        while (_inbox.TryDequeue(out var input))
        {
            if (input.LostAgent is { } lost)
            {
                ConnectionLost(lost);
            }
            else
            {
                HandleCommand(input.Topic!, input.Payload!);
            }
        }

        var processed = 0;
        while (processed < maxEvents && _queue.TryPeek(out var next, out var key) && key.Time <= simMs)
        {
            _queue.Dequeue();
            NowMs = Math.Max(NowMs, key.Time);
            Handle(next);
            processed++;
        }

        if (processed < maxEvents)
        {
            NowMs = Math.Max(NowMs, simMs);
        }

        return processed;
    }

    /// <summary>A message received on a device's cmd topic (any thread); answered at the next <see cref="RunUntil"/>.</summary>
    public void Deliver(string topic, byte[] payload) => _inbox.Enqueue((topic, payload, null));

    /// <summary>The sink lost an agent's connection without being asked to (any thread); the agent reconnects with a new session.</summary>
    public void ReportConnectionLost(string agentId) => _inbox.Enqueue((null, null, agentId));

    /// <summary>Every connected agent says goodbye: offline status and a clean disconnect.</summary>
    public void Shutdown()
    {
        foreach (var agent in _agents)
        {
            if (agent.Connected)
            {
                Disconnect(agent, clean: true);
            }
        }
    }

    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.Connect:
                var agent = _agents[e.Target];
                if (!agent.Connected && agent.Disconnects == 0)
                {
                    Connect(agent);
                }

                break;
            case SimEventKind.Report:
                var device = _devices[e.Target];
                if (device.Generation == e.Arg)
                {
                    Report(device);
                }

                break;
            case SimEventKind.SunChange:
                SunChanged(e.Target);
                break;
            case SimEventKind.CabinetSwitch:
                SwitchCabinet((CabinetSim)_devices[e.Target]);
                break;
            case SimEventKind.BinCollect:
                CollectBin((BinSim)_devices[e.Target]);
                break;
            case SimEventKind.FaultStart:
                StartFault(e.Target, e.Arg);
                break;
            case SimEventKind.FaultEnd:
                EndFault(e.Target);
                break;
        }
    }

    private void Schedule(long atMs, SimEventKind kind, int target, int arg) =>
        _queue.Enqueue(new SimEvent(kind, target, arg), (Math.Max(atMs, NowMs), _order++));

    /// <summary>Restarts a device's report chain: it reports now, and periodically from now on.</summary>
    private void ReportNow(DeviceSim device)
    {
        device.Generation++;
        Report(device);
    }

    private void Report(DeviceSim device)
    {
        switch (device)
        {
            case LampSim lamp:
                PublishLamp(lamp);
                Schedule(NowMs + LampInterval, SimEventKind.Report, lamp.Index, lamp.Generation);
                break;
            case CabinetSim cabinet:
                PublishCabinet(cabinet);
                Schedule(NowMs + CabinetInterval, SimEventKind.Report, cabinet.Index, cabinet.Generation);
                break;
            case BinSim bin:
                PublishBin(bin);
                Schedule(NowMs + BinInterval(bin), SimEventKind.Report, bin.Index, bin.Generation);
                break;
            case BusSim bus:
                var interval = TickBus(bus);
                Schedule(NowMs + interval, SimEventKind.Report, bus.Index, bus.Generation);
                break;
        }
    }

    /// <summary>Publishes a device's present values without touching its report schedule.</summary>
    private void PublishCurrent(DeviceSim device)
    {
        switch (device)
        {
            case LampSim lamp: PublishLamp(lamp); break;
            case CabinetSim cabinet: PublishCabinet(cabinet); break;
            case BinSim bin: PublishBin(bin); break;
            case BusSim bus: PublishBus(bus); break;
        }
    }

    private void InitialiseDevice(DeviceSim device)
    {
        var random = device.Random;
        switch (device)
        {
            case LampSim lamp:
                lamp.Scheduled = _communes[lamp.Agent.Commune].Dark;
                lamp.Seq = Clock.WireStartMs;
                Schedule(random.NextInt64(LampInterval), SimEventKind.Report, lamp.Index, 0);
                break;
            case CabinetSim cabinet:
                cabinet.Seq = Clock.WireStartMs;
                Schedule(random.NextInt64(CabinetInterval), SimEventKind.Report, cabinet.Index, 0);
                break;
            case BinSim bin:
                bin.Seq = Clock.WireStartMs;
                InitialiseBin(bin);
                break;
            case BusSim bus:
                bus.Seq = Clock.WireStartMs;
                InitialiseBus(bus);
                break;
        }
    }

    private void Connect(AgentSim agent)
    {
        // The session grows by one at each connect and, anchored on the run's start in ms, across runs too.
        agent.Session = agent.Session == 0 ? Clock.WireStartMs : agent.Session + 1;
        agent.Connected = true;
        if (!_commandTopics.TryGetValue(agent, out var commandTopics))
        {
            commandTopics = _commandTopics[agent] = [.. agent.Devices.Select(d => d.CommandTopic)];
        }

        var will = new FleetMessage(agent.StatusTopic, _payloads.Status(WireNow, online: false, agent.Session, agent.Id, _options.Firmware), Retain: true);
        _sink.Connect(new AgentConnection(agent.Id, agent.Session, will, commandTopics));
        _sink.Publish(agent.Id, new FleetMessage(agent.StatusTopic, _payloads.Status(WireNow, online: true, agent.Session, agent.Id, _options.Firmware), Retain: true));

        // Birth: every device's current values, as a real agent reports at start-up.
        foreach (var device in agent.Devices)
        {
            PublishCurrent(device);
        }
    }

    private void Disconnect(AgentSim agent, bool clean)
    {
        if (clean)
        {
            _sink.Publish(agent.Id, new FleetMessage(agent.StatusTopic, _payloads.Status(WireNow, online: false, agent.Session, agent.Id, _options.Firmware), Retain: true));
        }

        _sink.Disconnect(agent.Id, clean);
        agent.Connected = false;
    }

    private void ConnectionLost(string agentId)
    {
        if (_agentsById.TryGetValue(agentId, out var agent) && agent.Connected)
        {
            agent.Connected = false;
            // Back in about 5 s of wall-clock time, whatever the speed.
            Schedule(NowMs + (long)(5000 * Math.Max(1, Clock.Speed)), SimEventKind.Connect, agent.Index, 0);
        }
    }

    private void PublishTelemetry(DeviceSim device)
    {
        if (!device.Agent.Connected)
        {
            return;
        }

        device.Seq++;
        _sink.Publish(device.Agent.Id, new FleetMessage(device.TelemetryTopic, _payloads.Telemetry(WireNow, device.Seq, _metrics), Retain: false));
    }

    private void PublishEvent(DeviceSim device, string type, string severity, string message)
    {
        if (!device.Agent.Connected)
        {
            return;
        }

        device.Seq++;
        _sink.Publish(device.Agent.Id, new FleetMessage(device.EventTopic, _payloads.Event(WireNow, device.Seq, type, severity, message, _metrics), Retain: false));
    }

    private DateTime LocalTime(int commune) => TimeZoneInfo.ConvertTime(Clock.SimulatedAt(NowMs), _communes[commune].Zone).DateTime;

    private static TimeZoneInfo FindZone(Commune commune)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(commune.TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            // No tz database here: solar time is close enough for lamps and service hours.
            var offset = TimeSpan.FromHours(Math.Round(commune.Longitude / 15));
            return TimeZoneInfo.CreateCustomTimeZone(commune.TimeZone, offset, commune.TimeZone, commune.TimeZone);
        }
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static double Jitter(Random random, double spread) => ((random.NextDouble() * 2) - 1) * spread;
}
