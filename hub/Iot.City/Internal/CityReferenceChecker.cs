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
        var communes = Unique(draft.Communes, "commune", errors);
        var districts = Unique(draft.Districts, "district", errors);
        var operators = Unique(draft.Operators, "operator", errors);
        Unique(draft.Contracts, "contract", errors);
        var agents = Unique(draft.Agents, "agent", errors);
        var routes = Unique(draft.Routes, "route", errors);
        Unique(draft.Streets, "street", errors);
        var assets = UniqueAssets(draft.Assets, errors);

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
        foreach (var agent in agents.Values.Where(a => !owners.Contains(a.Value.Id)))
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

    private static Dictionary<string, Located<T>> Unique<T>(IReadOnlyList<Located<T>> items, string kind, CityErrorList errors)
    {
        var byId = new Dictionary<string, Located<T>>(StringComparer.Ordinal);
        foreach (var item in items.Where(item => item.Id.Length > 0))
        {
            if (!byId.TryAdd(item.Id, item))
            {
                errors.Add(item.Location("id"), $"duplicate {kind} id '{item.Id}' (first defined at {byId[item.Id].Path})");
            }
        }

        return byId;
    }

    private static Dictionary<string, AssetDraft> UniqueAssets(IReadOnlyList<AssetDraft> assets, CityErrorList errors)
    {
        var byId = new Dictionary<string, AssetDraft>(StringComparer.Ordinal);
        foreach (var asset in assets.Where(asset => asset.Id.Length > 0))
        {
            if (!byId.TryAdd(asset.Id, asset))
            {
                errors.Add(asset.Locate("id"), $"duplicate asset id '{asset.Id}' (first defined at {byId[asset.Id].Path})");
            }
        }

        return byId;
    }

    /// <summary>Reports an unknown reference; an empty one was already reported as missing or invalid.</summary>
    private static bool Reference<T>(Dictionary<string, T> targets, string? id, string kind, string location, CityErrorList errors)
    {
        if (string.IsNullOrEmpty(id))
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

    private static bool CheckAgent(AssetDraft asset, Dictionary<string, Located<Agent>> agents, bool communeKnown, CityErrorList errors)
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

    private static void CheckCabinet(AssetDraft lamp, Dictionary<string, AssetDraft> assets, bool agentKnown, CityErrorList errors)
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

    private static void CheckRoute(AssetDraft bus, Dictionary<string, Located<BusRoute>> routes, bool communeKnown, CityErrorList errors)
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
        Dictionary<string, Located<District>> districts,
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
}
