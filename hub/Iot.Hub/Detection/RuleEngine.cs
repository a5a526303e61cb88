using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Tickets;

namespace Iot.Hub.Detection;

/// <summary>
/// The outage rules. Not thread-safe: every call (ingest, deadlines) runs on one loop, given as <c>post</c>; the
/// deadlines are a <see cref="DeadlineQueue"/> on the injected <see cref="TimeProvider"/>. Conditions seen on ingest
/// raise at once (AtMs = the message's arrival); conditions that must last raise when their deadline passes, with
/// AtMs = the deadline itself, so a raise can be compared with the instant it was due.
/// Every problem is raised once while present and cleared as soon as it is gone.
/// </summary>
internal sealed partial class RuleEngine : IDisposable
{
    private readonly DetectionOptions _options;
    private readonly IProblemSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeadlineQueue _deadlines;
    private readonly Dictionary<string, DeviceSubject> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentSubject> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RouteSubject> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommuneSky> _skies = new(StringComparer.Ordinal);
    private readonly DeviceRegistry _registry;
    private long _startMs;

    public RuleEngine(DeviceRegistry registry, CityIndex index, DetectionOptions options, IProblemSink sink, TimeProvider time, Action<Action> post, ILogger logger)
    {
        _registry = registry;
        _options = options;
        _sink = sink;
        _time = time;
        _logger = logger;
        _deadlines = new DeadlineQueue(time, post, OnDue);
        Build(registry, index);
    }

    /// <summary>Deadlines currently queued (including stale entries), for tests and diagnostics.</summary>
    public int QueuedDeadlines => _deadlines.Count;

    /// <summary>The largest delay seen between a deadline and its evaluation, in ms (the benchmark's figure).</summary>
    public long MaxDeadlineLagMs { get; private set; }

    /// <summary>Arms every device's first deadlines, counted from <paramref name="nowMs"/> (the hub's start).</summary>
    public void Start(long nowMs)
    {
        _startMs = nowMs;
        foreach (var device in _devices.Values)
        {
            device.SilenceBaseMs = nowMs;
            device.LitChangedMs = nowMs;
            Evaluate(device, nowMs);
        }

        foreach (var route in _routes.Values)
        {
            EvaluateRoute(route, nowMs);
        }

        DetectionLog.Started(_logger, _devices.Count, _agents.Count, _routes.Count);
    }

    public void OnTelemetry(DeviceInfo info, DecodedTelemetry telemetry, long receivedMs)
    {
        if (!_devices.TryGetValue(info.Id, out var device))
        {
            return;
        }

        Heard(device, receivedMs);
        foreach (var metric in telemetry.Metrics)
        {
            Apply(device, metric, receivedMs);
        }

        AfterTelemetry(device, receivedMs);
        Evaluate(device, receivedMs);
        if (device.Route is { } route)
        {
            route.LastReportMs = Math.Max(route.LastReportMs, receivedMs);
            EvaluateRoute(route, receivedMs);
        }
    }

    public void OnEvent(DeviceInfo info, EventPayload payload, long receivedMs)
    {
        if (!_devices.TryGetValue(info.Id, out var device))
        {
            return;
        }

        Heard(device, receivedMs);
        switch (payload.Type)
        {
            case "lampFailure" when device.Info.Service == ServiceKind.Streetlight:
                device.FaultEvent = true;
                break;
            case "supplyLoss" when device.Group is { } group:
                group.SupplyEvent = true;
                break;
            case "fire" when device.Info.Service == ServiceKind.Wastebin:
                device.FireEvent = true;
                break;
        }

        Evaluate(device, receivedMs);
    }

    public void OnAgentState(string agentId, bool online, bool clean, long receivedMs)
    {
        if (!_agents.TryGetValue(agentId, out var agent))
        {
            return;
        }

        if (online)
        {
            AgentUp(agent, receivedMs);
            return;
        }

        if (!agent.Down)
        {
            agent.Down = true;
            foreach (var device in agent.Devices)
            {
                _deadlines.Schedule(device, long.MaxValue); // unknown while the agent is down
            }
        }

        agent.Seen = true;
        if (agent.Raised.ContainsKey(RuleNames.CommLost))
        {
            return;
        }

        if (clean)
        {
            // A goodbye: the offline status that came a moment before was part of it.
            agent.AbruptSinceMs = -1;
            if (agent.CleanSinceMs < 0)
            {
                agent.CleanSinceMs = receivedMs;
            }
        }
        else if (agent.AbruptSinceMs < 0 && agent.CleanSinceMs < 0)
        {
            agent.AbruptSinceMs = receivedMs;
        }

        EvaluateAgent(agent, receivedMs);
    }

    public void Dispose() => _deadlines.Dispose();

    private void OnDue(long nowMs)
    {
        var due = _deadlines.PopDue(nowMs);
        // Lamps first update their cabinets, so a cabinet's supply loss is raised before its lamps' own problems.
        foreach (var subject in due)
        {
            if (subject is DeviceSubject { Cabinet: not null } lamp && !lamp.Agent.Down)
            {
                UpdateFailing(lamp, nowMs);
            }
        }

        foreach (var subject in due)
        {
            switch (subject)
            {
                case DeviceSubject device:
                    Evaluate(device, nowMs);
                    break;
                case AgentSubject agent:
                    EvaluateAgent(agent, nowMs);
                    break;
                case RouteSubject route:
                    EvaluateRoute(route, nowMs);
                    break;
            }
        }

        _deadlines.Rearm();
    }

    private void Heard(DeviceSubject device, long nowMs)
    {
        device.SilenceBaseMs = Math.Max(device.SilenceBaseMs, nowMs);
        var agent = device.Agent;
        if (!agent.Seen || agent.Down && agent.AbruptSinceMs < 0 && agent.CleanSinceMs < 0)
        {
            // A device's message proves its agent is connected (an agent never heard of, or a lost one now back).
            AgentUp(agent, nowMs);
        }
    }

    private void AgentUp(AgentSubject agent, long nowMs)
    {
        agent.Seen = true;
        agent.AbruptSinceMs = -1;
        agent.CleanSinceMs = -1;
        _deadlines.Schedule(agent, long.MaxValue);
        Set(agent, RuleNames.CommLost, present: false, nowMs, null);
        if (!agent.Down)
        {
            return;
        }

        agent.Down = false;
        foreach (var device in agent.Devices)
        {
            device.SilenceBaseMs = Math.Max(device.SilenceBaseMs, nowMs); // a fresh window to report again
            Evaluate(device, nowMs);
        }
    }

    private void EvaluateAgent(AgentSubject agent, long nowMs)
    {
        if (!agent.Down || agent.Raised.ContainsKey(RuleNames.CommLost))
        {
            return;
        }

        long dueMs;
        string why;
        if (agent.AbruptSinceMs >= 0)
        {
            dueMs = agent.AbruptSinceMs + _options.AbruptSettleMilliseconds;
            why = "lost its connection abruptly (Last Will or broken connection)";
        }
        else if (agent.CleanSinceMs >= 0)
        {
            dueMs = agent.CleanSinceMs + (_options.CleanDisconnectGraceSeconds * 1000L);
            why = $"disconnected cleanly and was not back within {_options.CleanDisconnectGraceSeconds} s";
        }
        else
        {
            return;
        }

        if (nowMs < dueMs)
        {
            _deadlines.Schedule(agent, dueMs);
            return;
        }

        // An abrupt loss is dated when it was seen; a clean one when its grace ran out.
        var atMs = agent.AbruptSinceMs >= 0 ? agent.AbruptSinceMs : dueMs;
        RaiseCommLost(agent, atMs, nowMs - dueMs, $"Agent {agent.Id} {why}; its {agent.Devices.Count} device(s) are unknown");
    }

    private void RaiseCommLost(AgentSubject agent, long atMs, long lagMs, string summary)
    {
        NoteLag(lagMs);
        agent.Down = true;
        Set(agent, RuleNames.CommLost, present: true, atMs, () => new ProblemSignal(
            $"{RuleNames.CommLost}:{agent.Id}", RuleNames.CommLost, agent.Service, SlaSeverities.High, null, agent.Id,
            agent.Commune, agent.Longitude, agent.Latitude, summary, null, atMs));
        var key = $"{RuleNames.CommLost}:{agent.Id}";
        foreach (var device in agent.Devices)
        {
            _deadlines.Schedule(device, long.MaxValue);
            foreach (var rule in new[] { RuleNames.DeviceSilent, RuleNames.BusSilent })
            {
                if (device.Raised.TryGetValue(rule, out var signal) && signal.ParentKey != key)
                {
                    Reraise(device, signal with { ParentKey = key });
                }
            }
        }
    }

    /// <summary>Raises (once while present) or clears one problem of a subject.</summary>
    private void Set(Subject subject, string rule, bool present, long atMs, Func<ProblemSignal>? make)
    {
        if (present)
        {
            var signal = make!();
            if (!subject.Raised.TryGetValue(rule, out var raised) || raised.ParentKey != signal.ParentKey)
            {
                Reraise(subject, raised is null ? signal : signal with { AtMs = raised.AtMs });
            }
        }
        else if (subject.Raised.Remove(rule))
        {
            var key = $"{rule}:{subject.Id}";
            _sink.Clear(key, atMs);
            DetectionLog.Cleared(_logger, key, atMs);
        }
    }

    private void Reraise(Subject subject, ProblemSignal signal)
    {
        subject.Raised[signal.Rule] = signal;
        _sink.Raise(signal);
        DetectionLog.Raised(_logger, signal.DedupKey, signal.AtMs, signal.ParentKey ?? "-");
    }

    private static ProblemSignal DeviceSignal(DeviceSubject device, string rule, string severity, string summary, long atMs, string? parentKey = null) =>
        new($"{rule}:{device.Id}", rule, device.Info.Service, severity, device.Id, null, device.Info.Commune,
            device.Info.Longitude, device.Info.Latitude, summary, parentKey, atMs);

    private void NoteLag(long lagMs)
    {
        if (lagMs > MaxDeadlineLagMs)
        {
            MaxDeadlineLagMs = lagMs;
        }
    }

    private void Evaluate(DeviceSubject device, long nowMs)
    {
        if (device.Agent.Down)
        {
            _deadlines.Schedule(device, long.MaxValue); // unknown: no new problems from stale values
            return;
        }

        var due = EvaluateSilence(device, nowMs);
        if (device.Agent.Down)
        {
            return; // the silence turned out to be the whole agent's
        }

        Set(device, RuleNames.LowBattery, device.Battery < device.Rules.LowBattery, nowMs, () =>
            DeviceSignal(device, RuleNames.LowBattery, SlaSeverities.Low, $"Battery of {device.Id} at {device.Battery:P0}: maintenance needed", nowMs));
        due = Math.Min(due, device.Info.Service switch
        {
            ServiceKind.Streetlight => EvaluateLamp(device, nowMs),
            ServiceKind.Cabinet => EvaluateCabinet(device, nowMs),
            ServiceKind.Wastebin => EvaluateBin(device, nowMs),
            _ => EvaluateBus(device, nowMs),
        });
        _deadlines.Schedule(device, due);
    }

    /// <summary>Raises or clears the device's silence; returns its next silence deadline (long.MaxValue: none).</summary>
    private long EvaluateSilence(DeviceSubject device, long nowMs)
    {
        var isBus = device.Info.Service == ServiceKind.Bus;
        var rule = isBus ? RuleNames.BusSilent : RuleNames.DeviceSilent;
        var dueMs = device.SilenceBaseMs + device.Rules.SilenceWindowMs;
        if (isBus && device.Route is { } route && !route.Calendar.InService(dueMs))
        {
            // Buses are only due during service hours: counted again from the next service start.
            dueMs = route.Calendar.NextStart(dueMs) + device.Rules.SilenceWindowMs;
        }

        if (nowMs < dueMs)
        {
            Set(device, rule, present: false, nowMs, null);
            return dueMs;
        }

        if (device.Raised.ContainsKey(rule))
        {
            return long.MaxValue;
        }

        NoteLag(nowMs - dueMs);
        var agent = device.Agent;
        if (!agent.Seen)
        {
            RaiseCommLost(agent, dueMs, 0, $"Agent {agent.Id} has not been heard from since the hub started; its {agent.Devices.Count} device(s) are unknown");
            return long.MaxValue;
        }

        var seconds = device.Rules.SilenceWindowMs / 1000;
        Set(device, rule, present: true, dueMs, () => DeviceSignal(
            device, rule, isBus ? SlaSeverities.High : SlaSeverities.Medium,
            $"{device.Id} silent for {seconds} s ({device.Rules.SilenceFactor:0.#} × its {device.Rules.ExpectedIntervalSeconds} s interval)", dueMs));
        return long.MaxValue;
    }

    private void Build(DeviceRegistry registry, CityIndex index)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        foreach (var info in registry.Agents)
        {
            var agent = new AgentSubject(info.Id) { Commune = info.Commune };
            if (info.Devices.Count > 0 && registry.FindDevice(info.Devices[0]) is { } first)
            {
                // The agent's own asset when it has one (a cabinet controller and its cabinet share an id), else its first.
                var home = registry.FindDevice(info.Id) ?? first;
                (agent.Service, agent.Longitude, agent.Latitude) = (home.Service, home.Longitude, home.Latitude);
            }

            _agents[info.Id] = agent;
        }

        foreach (var info in registry.Devices)
        {
            var asset = index.FindAsset(info.Id);
            var contract = asset is null ? null : index.FindContract(asset, today);
            var rules = RulesFor(info.Service, contract?.Id);
            var agent = _agents[info.Agent];
            var device = new DeviceSubject(info, agent, rules);
            agent.Devices.Add(device);
            _devices[info.Id] = device;
            if (info.Service == ServiceKind.Streetlight)
            {
                device.RatedPower = asset?.FindModelValue("ratedPower") ?? ((StreetlightRules)rules).DefaultRatedPower;
            }
        }

        foreach (var device in _devices.Values)
        {
            if (device.Info.Service == ServiceKind.Cabinet)
            {
                device.Group = new CabinetGroup(device, (CabinetRules)device.Rules);
            }
        }

        foreach (var device in _devices.Values)
        {
            if (device.Info.Cabinet is { } cabinetId && _devices.TryGetValue(cabinetId, out var cabinet) && cabinet.Group is { } group)
            {
                device.Cabinet = group;
                group.Lamps.Add(device);
            }
        }

        foreach (var route in index.City.Routes)
        {
            var commune = index.FindCommune(route.CommuneId);
            var zone = FindZone(commune?.TimeZone);
            var firstBus = _devices.Values.FirstOrDefault(d => d.Info.Route == route.Id);
            var rules = firstBus?.Rules as BusRules ?? _options.Bus;
            var subject = new RouteSubject(route.Id, new ServiceCalendar(route, zone), new RouteGeometry(route), rules, route.CommuneId);
            _routes[route.Id] = subject;
        }

        foreach (var device in _devices.Values)
        {
            if (device.Info.Route is { } routeId && _routes.TryGetValue(routeId, out var route))
            {
                device.Route = route;
            }
        }
    }

    private ServiceRules RulesFor(ServiceKind service, string? contractId)
    {
        var contract = contractId is not null && _options.Contracts.TryGetValue(contractId, out var c) ? c : null;
        return service switch
        {
            ServiceKind.Streetlight => contract?.Streetlight ?? _options.Streetlight,
            ServiceKind.Cabinet => contract?.Cabinet ?? _options.Cabinet,
            ServiceKind.Wastebin => contract?.Wastebin ?? _options.Wastebin,
            _ => contract?.Bus ?? _options.Bus,
        };
    }

    private CommuneSky Sky(DeviceSubject device)
    {
        var rules = (StreetlightRules)device.Rules;
        var key = $"{device.Info.Commune}|{rules.SunsetOffsetMinutes}|{rules.SunriseOffsetMinutes}";
        if (!_skies.TryGetValue(key, out var sky))
        {
            var commune = _registry.City.Communes.First(c => c.Id == device.Info.Commune);
            sky = new CommuneSky(commune.Latitude, commune.Longitude, TimeSpan.FromMinutes(rules.SunsetOffsetMinutes), TimeSpan.FromMinutes(rules.SunriseOffsetMinutes));
            _skies[key] = sky;
        }

        return sky;
    }

    private static TimeZoneInfo FindZone(string? id)
    {
        try
        {
            return id is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
