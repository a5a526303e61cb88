using Iot.City;
using Iot.Dashboard.Live;

namespace Iot.Dashboard.Tests.Infrastructure;

/// <summary>The demo commune with states a test sets by hand; counts how often the map read them.</summary>
public sealed class FakeAssetSource : ILiveAssetSource
{
    private static readonly Lazy<CityModel> Demo = new(() => CityLoader.Load(DemoCityPath));
    private Lazy<CityIndex>? _index;

    public FakeAssetSource()
    {
        City = Demo.Value;
        States = [.. City.Assets.Select(a => new AssetState(AssetStatus.Unknown, a.Location.Y, a.Location.X))];
    }

    public static string DemoCityPath => Path.Combine(AppContext.BaseDirectory, "cities", "demo.city.json");

    public CityModel City { get; }

    public AssetState[] States { get; }

    public Dictionary<string, AssetDetails> Details { get; } = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public int IndexOf(string id) => City.Assets.ToList().FindIndex(a => a.Id == id);

    public void Set(int index, AssetStatus status) => States[index] = States[index] with { Status = status };

    public void ReadStates(Span<AssetState> states)
    {
        Reads++;
        States.CopyTo(states);
    }

    /// <summary>The operator of each asset as the hub decides it (<see cref="CityIndex.FindContract(Asset, DateOnly)"/>, today), or as a test sets it.</summary>
    public Dictionary<int, string?> Operators { get; } = [];

    public string? OperatorOf(int assetIndex) =>
        Operators.TryGetValue(assetIndex, out var op) ? op
        : Index.Value.FindContract(City.Assets[assetIndex], DateOnly.FromDateTime(DateTime.UtcNow))?.OperatorId;

    private Lazy<CityIndex> Index => _index ??= new(() => new CityIndex(City));

    public AssetDetails? Describe(string assetId) =>
        Details.TryGetValue(assetId, out var details) ? details
        : IndexOf(assetId) is var i and >= 0 ? new AssetDetails(States[i], null, 0, 0, []) : null;
}
