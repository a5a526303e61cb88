using Iot.City.Internal;
using Iot.Contracts;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Iot.City;

/// <summary>
/// Look-ups over a <see cref="CityModel"/>: items by id, assets by agent and by cabinet, the district and contract
/// of a place, and an STRtree of the assets for the map (<see cref="Within"/>) and for <see cref="Nearest"/>.
/// Built once, read-only afterwards, safe to share between threads.
/// </summary>
public sealed class CityIndex
{
    private readonly Dictionary<string, Asset> _assets;
    private readonly Dictionary<string, Agent> _agents;
    private readonly Dictionary<string, Commune> _communes;
    private readonly Dictionary<string, District> _districts;
    private readonly Dictionary<string, Operator> _operators;
    private readonly Dictionary<string, BusRoute> _routes;
    private readonly Dictionary<string, List<Asset>> _byAgent;
    private readonly Dictionary<string, List<Asset>> _byCabinet;
    private readonly STRtree<Asset> _tree = new();
    private readonly Dictionary<ServiceKind, STRtree<Asset>> _treeByService = [];
    private readonly DistrictLocator _districtLocator;
    private readonly ScaledDistance _distance;

    public CityIndex(CityModel city)
    {
        ArgumentNullException.ThrowIfNull(city);
        City = city;
        _assets = city.Assets.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _agents = city.Agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _communes = city.Communes.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _districts = city.Districts.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _operators = city.Operators.ToDictionary(o => o.Id, StringComparer.Ordinal);
        _routes = city.Routes.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _byAgent = Group(city.Assets, a => a.AgentId);
        _byCabinet = Group(city.Assets.Where(a => a.CabinetId is not null), a => a.CabinetId!);
        foreach (var asset in city.Assets)
        {
            _tree.Insert(asset.Location.EnvelopeInternal, asset);
            if (!_treeByService.TryGetValue(asset.Service, out var tree))
            {
                _treeByService[asset.Service] = tree = new STRtree<Asset>();
            }

            tree.Insert(asset.Location.EnvelopeInternal, asset);
        }

        _tree.Build();
        foreach (var tree in _treeByService.Values)
        {
            tree.Build();
        }

        _districtLocator = new DistrictLocator(city.Districts);
        var latitude = city.Assets.Count > 0 ? city.Assets.Average(a => a.Location.Y) : 0;
        _distance = new ScaledDistance(Math.Cos(latitude * Math.PI / 180));
    }

    public CityModel City { get; }

    public Asset? FindAsset(string id) => _assets.GetValueOrDefault(id);

    public Agent? FindAgent(string id) => _agents.GetValueOrDefault(id);

    public Commune? FindCommune(string id) => _communes.GetValueOrDefault(id);

    public District? FindDistrict(string id) => _districts.GetValueOrDefault(id);

    public Operator? FindOperator(string id) => _operators.GetValueOrDefault(id);

    public BusRoute? FindRoute(string id) => _routes.GetValueOrDefault(id);

    /// <summary>The assets an agent publishes for, in file order (a cabinet controller: its cabinet, then its lamps).</summary>
    public IReadOnlyList<Asset> AssetsOfAgent(string agentId) => _byAgent.TryGetValue(agentId, out var list) ? list : [];

    /// <summary>The streetlights hanging on a cabinet, in file order.</summary>
    public IReadOnlyList<Asset> LampsOfCabinet(string cabinetId) => _byCabinet.TryGetValue(cabinetId, out var list) ? list : [];

    /// <summary>The district of <paramref name="communeId"/> whose area covers <paramref name="location"/>, if any.</summary>
    public District? LocateDistrict(string communeId, Point location) => _districtLocator.Locate(communeId, location);

    /// <summary>
    /// The contract in force on <paramref name="date"/> for <paramref name="service"/> in the commune whose zone covers
    /// <paramref name="location"/>: the operator a ticket about an asset there goes to. Null when no contract covers it.
    /// </summary>
    public ServiceContract? FindContract(string communeId, ServiceKind service, Point location, DateOnly date) =>
        City.Contracts.FirstOrDefault(c =>
            c.CommuneId == communeId && c.Service == service && c.IsActiveOn(date) && c.Zone.Covers(location));

    /// <summary>The contract that covers <paramref name="asset"/> on <paramref name="date"/>.</summary>
    public ServiceContract? FindContract(Asset asset, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return FindContract(asset.CommuneId, asset.Service, asset.Location, date);
    }

    /// <summary>Every asset inside <paramref name="envelope"/> (longitude/latitude box, edges included).</summary>
    public IReadOnlyList<Asset> Within(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return _tree.Query(envelope).Where(a => envelope.Covers(a.Location.Coordinate)).ToList();
    }

    /// <summary>The asset nearest to <paramref name="position"/> on the ground, optionally of one service; null when there is none.</summary>
    public Asset? Nearest(Coordinate position, ServiceKind? service = null)
    {
        ArgumentNullException.ThrowIfNull(position);
        var tree = service is { } kind ? _treeByService.GetValueOrDefault(kind) : _tree;
        if (tree is null || tree.Count == 0)
        {
            return null;
        }

        var probe = new Envelope(position);
        return tree.NearestNeighbour(probe, null!, _distance);
    }

    private static Dictionary<string, List<Asset>> Group(IEnumerable<Asset> assets, Func<Asset, string> key)
    {
        var groups = new Dictionary<string, List<Asset>>(StringComparer.Ordinal);
        foreach (var asset in assets)
        {
            if (!groups.TryGetValue(key(asset), out var list))
            {
                groups[key(asset)] = list = [];
            }

            list.Add(asset);
        }

        return groups;
    }

    /// <summary>
    /// Planar distance between envelopes with longitude shrunk by cos(latitude), so that "nearest" means nearest on the
    /// ground in a town; a linear scaling keeps it a lower bound between tree nodes, as the search requires.
    /// </summary>
    private sealed class ScaledDistance(double longitudeScale) : IItemDistance<Envelope, Asset>
    {
        public double Distance(IBoundable<Envelope, Asset> item1, IBoundable<Envelope, Asset> item2)
        {
            var a = item1.Bounds;
            var b = item2.Bounds;
            var dx = Math.Max(0, Math.Max(a.MinX - b.MaxX, b.MinX - a.MaxX)) * longitudeScale;
            var dy = Math.Max(0, Math.Max(a.MinY - b.MaxY, b.MinY - a.MaxY));
            return Math.Sqrt((dx * dx) + (dy * dy));
        }
    }
}
