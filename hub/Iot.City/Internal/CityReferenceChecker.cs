using Iot.Contracts;

namespace Iot.City.Internal;

/// <summary>
/// Checks what no single item can check alone: unique ids, references between sections, lamps and their cabinets,
/// the district of every asset, agents that own nothing. Builds the model when the file is sound.
/// </summary>
internal static class CityReferenceChecker
{
    public static CityModel? Check(CityDraft draft, CityErrorList errors)
    {
        var communes = Unique(draft.Communes, "commune", draft.UnreadableSections.Contains("communes"), errors);
        var districts = Unique(draft.Districts, "district", draft.UnreadableSections.Contains("districts"), errors);
        var operators = Unique(draft.Operators, "operator", draft.UnreadableSections.Contains("operators"), errors);
        Unique(draft.Contracts, "contract", draft.UnreadableSections.Contains("contracts"), errors);
        var agents = Unique(draft.Agents, "agent", draft.UnreadableSections.Contains("agents"), errors);
        var routes = Unique(draft.Routes, "route", draft.UnreadableSections.Contains("routes"), errors);
        Unique(draft.Streets, "street", draft.UnreadableSections.Contains("streets"), errors);
        var assets = UniqueAssets(draft.Assets, draft.UnreadableSections.Contains("assets"), errors);

        foreach (var district in draft.Districts)
        {
            Reference(communes, district.Value.CommuneId, "commune", district.Location("commune"), errors);
        }

        foreach (var contract in draft.Contracts)
        {
            Reference(operators, contract.Value.OperatorId, "operator", contract.Location("operator"), errors);
            Reference(communes, contract.Value.CommuneId, "commune", contract.Location("commune"), errors);
        }

        foreach (var agent in draft.Agents)
        {
            Reference(communes, agent.Value.CommuneId, "commune", agent.Location("commune"), errors);
        }

        foreach (var route in draft.Routes)
        {
            Reference(communes, route.Value.CommuneId, "commune", route.Location("commune"), errors);
        }

        foreach (var street in draft.Streets)
        {
            Reference(communes, street.Value.CommuneId, "commune", street.Location("commune"), errors);
        }

        var brokenDistricts = draft.Districts.Where(d => d.Value.Area.IsEmpty).Select(d => d.Value.CommuneId).ToHashSet(StringComparer.Ordinal);
        var locator = new DistrictLocator(draft.Districts.Select(d => d.Value));
        var resolved = new List<string?>(draft.Assets.Count);
        foreach (var asset in draft.Assets)
        {
            // Once a reference is reported unknown, checks that build on it stay quiet: one mistake, one error.
            var communeKnown = Reference(communes, asset.CommuneId, "commune", asset.Locate("properties.commune"), errors);
            var agentKnown = CheckAgent(asset, agents, communeKnown, errors);
            CheckCabinet(asset, assets, agentKnown, errors);
            CheckRoute(asset, routes, communeKnown, errors);
            resolved.Add(ResolveDistrict(asset, districts, locator, communeKnown, !brokenDistricts.Contains(asset.CommuneId ?? string.Empty), errors));
        }

        var owners = draft.Assets.Select(a => a.AgentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var agent in agents.Values.Where(a => !assets.Unreadable && !owners.Contains(a.Value.Id)))
        {
            errors.Add(agent.Location(), $"agent '{agent.Value.Id}' owns no asset (no asset names it as its agent)");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new CityModel(
            Values(draft.Communes),
            Values(draft.Districts),
            Values(draft.Operators),
            Values(draft.Contracts),
            Values(draft.Agents),
            Values(draft.Routes),
            Values(draft.Streets),
            draft.Assets.Select((a, i) => new Asset(
                a.Id, a.Service!.Value, a.CommuneId!, a.AgentId!, a.Location!, resolved[i]!, a.CabinetId, a.RouteId, a.Address, a.Model)).ToList());
    }

    private static List<T> Values<T>(IReadOnlyList<Located<T>> items) => items.Select(item => item.Value).ToList();

    private static IdTable<Located<T>> Unique<T>(IReadOnlyList<Located<T>> items, string kind, bool unreadable, CityErrorList errors)
    {
        var byId = new IdTable<Located<T>>(unreadable);
        foreach (var item in items.Where(item => item.Id.Length > 0))
        {
            if (!byId.TryAdd(item.Id, item))
            {
                errors.Add(item.Location("id"), $"duplicate {kind} id '{item.Id}' (first defined at {byId[item.Id].Path})");
            }
        }

        return byId;
    }

    private static IdTable<AssetDraft> UniqueAssets(IReadOnlyList<AssetDraft> assets, bool unreadable, CityErrorList errors)
    {
        var byId = new IdTable<AssetDraft>(unreadable);
        foreach (var asset in assets.Where(asset => asset.Id.Length > 0))
        {
            if (!byId.TryAdd(asset.Id, asset))
            {
                errors.Add(asset.Locate("id"), $"duplicate asset id '{asset.Id}' (first defined at {byId[asset.Id].Path})");
            }
        }

        return byId;
    }

    /// <summary>
    /// Reports an unknown reference. An empty one was already reported as missing or invalid, and references into
    /// a section that could not be read at all are not reported one by one.
    /// </summary>
    private static bool Reference<T>(IdTable<T> targets, string? id, string kind, string location, CityErrorList errors)
    {
        if (string.IsNullOrEmpty(id) || targets.Unreadable)
        {
            return false;
        }

        if (targets.ContainsKey(id))
        {
            return true;
        }

        errors.Add(location, $"unknown {kind} '{id}'");
        return false;
    }

    private static bool CheckAgent(AssetDraft asset, IdTable<Located<Agent>> agents, bool communeKnown, CityErrorList errors)
    {
        if (!Reference(agents, asset.AgentId, "agent", asset.Locate("properties.agent"), errors))
        {
            return false;
        }

        var agent = agents[asset.AgentId!].Value;
        if (communeKnown && agent.CommuneId.Length > 0 && agent.CommuneId != asset.CommuneId)
        {
            errors.Add(asset.Locate("properties.agent"), $"agent '{agent.Id}' belongs to commune '{agent.CommuneId}', not '{asset.CommuneId}'");
        }

        if (asset.Service is { } service && agent.Kind.Length > 0 && !AgentKinds.CanOwn(agent.Kind, service))
        {
            errors.Add(asset.Locate("properties.agent"), $"agent '{agent.Id}' is a {agent.Kind} and cannot speak for a {service.ToWire()}");
        }

        return true;
    }

    private static void CheckCabinet(AssetDraft lamp, IdTable<AssetDraft> assets, bool agentKnown, CityErrorList errors)
    {
        if (lamp.Service != ServiceKind.Streetlight
            || !Reference(assets, lamp.CabinetId, "cabinet", lamp.Locate("properties.cabinet"), errors))
        {
            return;
        }

        var cabinet = assets[lamp.CabinetId!];
        if (cabinet.Service is { } service && service != ServiceKind.Cabinet)
        {
            errors.Add(lamp.Locate("properties.cabinet"), $"'{cabinet.Id}' is a {service.ToWire()}, not a cabinet");
        }
        else if (agentKnown && cabinet.AgentId is not null && cabinet.AgentId != lamp.AgentId)
        {
            errors.Add(
                lamp.Locate("properties.agent"),
                $"the lamp's cabinet '{cabinet.Id}' is run by agent '{cabinet.AgentId}', so the lamp must be too, not by '{lamp.AgentId}'");
        }
    }

    private static void CheckRoute(AssetDraft bus, IdTable<Located<BusRoute>> routes, bool communeKnown, CityErrorList errors)
    {
        if (bus.Service != ServiceKind.Bus || !Reference(routes, bus.RouteId, "route", bus.Locate("properties.route"), errors))
        {
            return;
        }

        var route = routes[bus.RouteId!].Value;
        if (communeKnown && route.CommuneId.Length > 0 && route.CommuneId != bus.CommuneId)
        {
            errors.Add(bus.Locate("properties.route"), $"route '{route.Id}' belongs to commune '{route.CommuneId}', not '{bus.CommuneId}'");
        }
    }

    private static string? ResolveDistrict(
        AssetDraft asset,
        IdTable<Located<District>> districts,
        DistrictLocator locator,
        bool communeKnown,
        bool districtsSound,
        CityErrorList errors)
    {
        if (asset.DistrictId is { } stated)
        {
            if (!Reference(districts, stated, "district", asset.Locate("properties.district"), errors))
            {
                return null;
            }

            var district = districts[stated].Value;
            if (communeKnown && district.CommuneId != asset.CommuneId)
            {
                errors.Add(asset.Locate("properties.district"), $"district '{stated}' belongs to commune '{district.CommuneId}', not '{asset.CommuneId}'");
            }
            else if (asset.Location is not null && !district.Area.IsEmpty && !district.Area.Covers(asset.Location))
            {
                errors.Add(asset.Locate("geometry"), $"the asset lies outside its district '{stated}'");
            }

            return stated;
        }

        // An invalid district polygon was reported once; the assets it would have held are not reported again.
        if (!communeKnown || !districtsSound || asset.Location is null)
        {
            return null;
        }

        var found = locator.Locate(asset.CommuneId!, asset.Location);
        if (found is null)
        {
            errors.Add(asset.Locate("geometry"), $"the asset lies outside every district of commune '{asset.CommuneId}'");
        }

        return found?.Id;
    }

    /// <summary>Items of one section by id; <see cref="Unreadable"/> when the section itself was missing or malformed.</summary>
    private sealed class IdTable<T>(bool unreadable) : Dictionary<string, T>(StringComparer.Ordinal)
    {
        public bool Unreadable { get; } = unreadable;
    }
}
