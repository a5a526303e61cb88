using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Iot.Access;
using Iot.Dashboard.Components.Map;
using Iot.Dashboard.Components.Pages;
using Iot.Dashboard.Live;
using Iot.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace Iot.Dashboard.Tests.Pages;

/// <summary>The live map page's logic in bUnit: what it sends to the browser's map module, and what it shows around it.</summary>
public sealed class LiveMapTests : DashboardTestContext
{
    private readonly BunitJSModuleInterop _module;
    private readonly BunitJSModuleInterop _map;
    private readonly BunitAuthorizationContext _auth;

    public LiveMapTests()
        : base(new FakeTimeProvider())
    {
        _module = JSInterop.SetupModule("./_content/Iot.Dashboard/js/liveMap.js");
        _map = _module.SetupModule(invocation => invocation.Identifier == "create");
        _map.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(
            new DashboardOptions { PushIntervalMs = 500, RefreshMs = 250, TileUrl = "https://tiles.example.org/{z}/{x}/{y}.png" }));
        Services.AddSingleton<LiveMapFeed>();
        // Signed in as an admin (sees every asset) unless a test signs in as someone else.
        _auth = AddAuthorization();
        _auth.SetAuthorized("admin-1");
        _auth.SetRoles(HubRoles.Admin);
    }

    private void SignInAsOperator(string operatorId)
    {
        _auth.SetAuthorized("ops-1");
        _auth.SetRoles(HubRoles.Operator);
        _auth.SetClaims(new Claim(HubClaims.OperatorId, operatorId));
    }

    private IRenderedComponent<LiveMap> RenderMap()
    {
        Render<MudPopoverProvider>();
        var cut = Render<LiveMap>();
        cut.WaitForAssertion(() => Assert.Single(_map.Invocations["load"]));
        return cut;
    }

    private double[] LastApply() => (double[])_map.Invocations["apply"][^1].Arguments[0]!;

    [Fact]
    public void FirstRender_LoadsEveryAssetOnce_AndCountsThemByStatus()
    {
        Source.Set(0, AssetStatus.Ok);
        Source.Set(1, AssetStatus.Fault);

        var cut = RenderMap();

        var rows = (object[][])_map.Invocations["load"][0].Arguments[0]!;
        Assert.Equal(Source.City.Assets.Count, rows.Length);
        Assert.Equal(Source.City.Assets[1].Id, rows[1][4]);
        Assert.Equal((int)AssetStatus.Fault, rows[1][3]);
        Assert.Equal("1", cut.Find("[data-testid=count-fault] strong").TextContent);
        Assert.Equal((Source.City.Assets.Count - 2).ToString(CultureInfo.InvariantCulture), cut.Find("[data-testid=count-unknown] strong").TextContent);
        Assert.Empty(_map.Invocations["show"]); // nothing filtered out: no mask to send
    }

    [Fact]
    public void Timer_PushesOnlyTheAssetsThatChanged_AndUpdatesTheCounts()
    {
        var cut = RenderMap();
        var lamp = Source.City.Assets.ToList().FindIndex(a => a.Service == Iot.Contracts.ServiceKind.Streetlight);
        Source.Set(lamp, AssetStatus.Fault);

        Time.Advance(TimeSpan.FromMilliseconds(500));

        cut.WaitForAssertion(() => Assert.Single(_map.Invocations["apply"]));
        Assert.Equal([lamp, (int)AssetStatus.Fault, Source.States[lamp].Latitude, Source.States[lamp].Longitude, 1], LastApply());
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=count-fault] strong").TextContent));

        Time.Advance(TimeSpan.FromMilliseconds(500)); // nothing changed: nothing sent
        Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Single(_map.Invocations["apply"]);
    }

    [Fact]
    public void StatusFilter_SendsAMask_AndAnAssetTurningFaultAppears()
    {
        var cut = RenderMap();
        Source.Set(2, AssetStatus.Fault);
        Time.Advance(TimeSpan.FromMilliseconds(500));
        cut.WaitForAssertion(() => Assert.Single(_map.Invocations["apply"]));

        cut.InvokeAsync(() => cut.Instance.SetFilterAsync(MapFilter.All with { Statuses = new HashSet<AssetStatus> { AssetStatus.Fault } }));

        var mask = (byte[])_map.Invocations["show"][^1].Arguments[0]!;
        Assert.Equal(Source.City.Assets.Count, mask.Length);
        Assert.Equal(1, mask.Count(b => b == 1));
        Assert.Equal(1, mask[2]);

        Source.Set(9, AssetStatus.Fault);
        Time.Advance(TimeSpan.FromMilliseconds(500));
        cut.WaitForAssertion(() => Assert.Equal(2, _map.Invocations["apply"].Count));
        Assert.Equal([9, (int)AssetStatus.Fault, Source.States[9].Latitude, Source.States[9].Longitude, 1], LastApply());
        cut.WaitForAssertion(() => Assert.Contains("2 affichés", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void OperatorFilter_OffersTheOperators_AndKeepsOnlyThatOperatorsAssets()
    {
        var cut = RenderMap();
        Assert.NotEmpty(cut.FindAll("[data-testid=filter-operator]"));
        var operatorOf = Enumerable.Range(0, Source.City.Assets.Count).Select(Source.OperatorOf).ToArray();
        var light = operatorOf.First(o => o is not null)!;
        Assert.Contains(operatorOf, o => o != light); // the filter must have something to leave out

        cut.InvokeAsync(() => cut.Instance.SetFilterAsync(MapFilter.All with { OperatorId = light }));

        var mask = (byte[])_map.Invocations["show"][^1].Arguments[0]!;
        Assert.Equal(operatorOf.Select(o => o == light ? (byte)1 : (byte)0).ToArray(), mask);
    }

    [Fact]
    public void ClickOnAnAsset_OpensThePanelWithRegistryDataAndLastValues()
    {
        var cut = RenderMap();
        var index = Source.City.Assets.ToList().FindIndex(a => a.Address is not null && a.Service == Iot.Contracts.ServiceKind.Streetlight);
        var asset = Source.City.Assets[index];
        Source.Details[asset.Id] = new AssetDetails(
            new AssetState(AssetStatus.Fault, asset.Location.Y, asset.Location.X), true, 1_763_931_845_120, 1,
            [new AssetReading("status", "defectiveLamp", 1_763_931_845_120), new AssetReading("voltage", "229,5", 1_763_931_845_120)]);

        cut.InvokeAsync(() => cut.Instance.OnAssetClicked(index));

        var panel = cut.Find("[data-testid=asset-panel]");
        Assert.Contains(asset.Id, panel.TextContent, StringComparison.Ordinal);
        Assert.Contains(asset.Address!, panel.TextContent, StringComparison.Ordinal);
        Assert.Contains(asset.AgentId, panel.TextContent, StringComparison.Ordinal);
        Assert.Contains(Source.City.Districts.First(d => d.Id == asset.DistrictId).Name, panel.TextContent, StringComparison.Ordinal);
        var readings = cut.Find("[data-testid=readings]").TextContent;
        Assert.Contains("defectiveLamp", readings, StringComparison.Ordinal);
        Assert.Contains("229,5", readings, StringComparison.Ordinal);
        Assert.Equal("fault", panel.QuerySelector("[data-status]")!.GetAttribute("data-status"));
        Assert.Contains("En panne", panel.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenPanel_FollowsTheAssetLive()
    {
        var cut = RenderMap();
        cut.InvokeAsync(() => cut.Instance.OnAssetClicked(4));
        Assert.Contains("Inconnu", cut.Find("[data-testid=asset-panel]").TextContent, StringComparison.Ordinal);

        Source.Set(4, AssetStatus.Offline);
        Time.Advance(TimeSpan.FromMilliseconds(500));

        cut.WaitForAssertion(() => Assert.Equal("offline", cut.Find("[data-testid=asset-panel] [data-status]").GetAttribute("data-status")));
    }

    [Fact]
    public void Map_IsCreatedWithTheCityBaseMapAndTheConfiguredTiles()
    {
        RenderMap();

        var setup = (MapSetup.Setup)_module.Invocations["create"][0].Arguments[2]!;
        Assert.Equal("https://tiles.example.org/{z}/{x}/{y}.png", setup.TileUrl);
        Assert.Equal(Source.City.Districts.Count, setup.Districts.Count);
        Assert.Equal(Source.City.Streets.Count, setup.Streets.Count);
        Assert.Equal(Enum.GetValues<Iot.Contracts.ServiceKind>().Length, setup.Services.Count);
        Assert.Equal("Éclairage public", setup.Services[(int)Iot.Contracts.ServiceKind.Streetlight].Label);
        var first = Source.City.Districts[0].Area.ExteriorRing.Coordinates[0];
        Assert.Equal([first.Y, first.X], setup.Districts[0].Rings[0][0]); // Leaflet takes [lat, lon]
    }

    [Fact]
    public void OperatorViewer_GetsOnlyItsOperatorsAssets_AtLoad_InDeltas_AndInSearch()
    {
        SignInAsOperator("OP-WASTE");
        var bins = Enumerable.Range(0, Source.City.Assets.Count).Where(i => Source.OperatorOf(i) == "OP-WASTE").ToList();
        var lamp = Enumerable.Range(0, Source.City.Assets.Count).First(i => Source.OperatorOf(i) == "OP-LIGHT");
        Assert.NotEmpty(bins);

        var cut = RenderMap();

        var rows = (object[][])_map.Invocations["load"][0].Arguments[0]!;
        Assert.Equal(bins.Select(i => Source.City.Assets[i].Id), rows.Select(r => (string)r[4]));
        Assert.Equal(bins.Count.ToString(CultureInfo.InvariantCulture), cut.Find("[data-testid=count-unknown] strong").TextContent);

        // Another operator's lamp fails: nothing is sent. One of its own bins fills up: sent, at its browser index.
        Source.Set(lamp, AssetStatus.Fault);
        Time.Advance(TimeSpan.FromMilliseconds(500));
        Source.Set(bins[3], AssetStatus.Warning);
        Time.Advance(TimeSpan.FromMilliseconds(500));
        cut.WaitForAssertion(() => Assert.Single(_map.Invocations["apply"]));
        Assert.Equal([3, (int)AssetStatus.Warning, Source.States[bins[3]].Latitude, Source.States[bins[3]].Longitude, 1], LastApply());
        Assert.Equal("0", cut.Find("[data-testid=count-fault] strong").TextContent);

        cut.InvokeAsync(() => cut.Instance.OnAssetClicked(3));
        Assert.Contains(Source.City.Assets[bins[3]].Id, cut.Find("[data-testid=asset-panel]").TextContent, StringComparison.Ordinal);
        Assert.Equal(bins.Count, cut.Instance.ViewerAssets.Count);
        Assert.DoesNotContain(cut.Instance.ViewerAssets, a => a.Id == Source.City.Assets[lamp].Id);
    }

    [Fact]
    public void NobodySignedIn_GetsNoAsset()
    {
        _auth.SetNotAuthorized();

        var cut = RenderMap();

        Assert.Empty((object[][])_map.Invocations["load"][0].Arguments[0]!);
        Assert.Empty(cut.Instance.ViewerAssets);
    }

    [Theory]
    [InlineData(AssetStatus.Ok, "\u2713", "En service")]
    [InlineData(AssetStatus.Fault, "\u2715", "En panne")]
    [InlineData(AssetStatus.Offline, "\u2013", "Hors ligne")]
    [InlineData(AssetStatus.Unknown, "?", "Inconnu")]
    [InlineData(AssetStatus.Warning, "!", "Avertissement")]
    public void StatusBadge_ShowsASymbolAndAWord_NotOnlyAColour(AssetStatus status, string symbol, string word)
    {
        var cut = Render<StatusBadge>(p => p.Add(b => b.Status, status));
        Assert.Equal(symbol, cut.Find(".status-dot").TextContent);
        Assert.Contains(word, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusBadge_InArabic_ComesFromTheArabicResources()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ar");
        var cut = Render<StatusBadge>(p => p.Add(b => b.Status, AssetStatus.Fault));
        Assert.Contains("عطل", cut.Markup, StringComparison.Ordinal);
    }
}
