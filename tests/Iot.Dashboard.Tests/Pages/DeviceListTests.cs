using System.Globalization;
using Bunit;
using Iot.Contracts;
using Iot.Dashboard.Components.Pages;
using Iot.Dashboard.Devices;
using Iot.Dashboard.Live;
using Iot.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iot.Dashboard.Tests.Pages;

/// <summary>The devices page in bUnit: search, service filter, status as symbol + word, links to the map.</summary>
public sealed class DeviceListTests : DashboardTestContext
{
    public DeviceListTests()
    {
        var devices = Services.GetRequiredService<FakeDevicesView>();
        foreach (var asset in Source.City.Assets)
        {
            devices.Rows.Add(new DeviceRow(asset.Id, asset.Service, asset.DistrictId, asset.Address, asset.AgentId, AssetStatus.Unknown, null));
        }
    }

    private IRenderedComponent<DeviceList> RenderPage()
    {
        Render<MudPopoverProvider>();
        return Render<DeviceList>();
    }

    [Fact]
    public void SearchById_FindsTheDevice_WithItsStatusAndAMapLink()
    {
        var devices = Services.GetRequiredService<FakeDevicesView>();
        var lamp = Source.City.Assets.First(a => a.Service == ServiceKind.Streetlight && a.Address is not null);
        var i = devices.Rows.FindIndex(r => r.Id == lamp.Id);
        devices.Rows[i] = devices.Rows[i] with { Status = AssetStatus.Fault, LastSeen = Time.GetUtcNow() };
        var cut = RenderPage();

        cut.InvokeAsync(() => cut.Instance.SetSearch(lamp.Id.ToLowerInvariant()));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr.device-row")));
        var row = cut.Find("tr.device-row");
        Assert.Equal(lamp.Id, row.QuerySelector("[data-testid=device-id]")!.TextContent);
        Assert.Contains(lamp.Address!, row.TextContent, StringComparison.Ordinal);
        Assert.Equal("fault", row.QuerySelector("[data-status]")!.GetAttribute("data-status"));
        Assert.Contains("En panne", row.TextContent, StringComparison.Ordinal); // a word, not only a colour
        Assert.Contains("23/11/2025 22:00", row.TextContent, StringComparison.Ordinal); // last seen, in Paris time
        Assert.Equal($"./?asset={lamp.Id}", row.QuerySelector("[data-testid=open-on-map]")!.GetAttribute("href"));
        Assert.Contains($"1 sur {devices.Rows.Count.ToString(CultureInfo.GetCultureInfo("fr"))}", cut.Find("[data-testid=device-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchByAddressWordAndDistrict_MatchesEveryWord()
    {
        var lamp = Source.City.Assets.First(a => a.Service == ServiceKind.Streetlight && a.Address is not null);
        var street = lamp.Address!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        var district = Source.City.Districts.First(d => d.Id == lamp.DistrictId).Name;
        var cut = RenderPage();

        cut.InvokeAsync(() => cut.Instance.SetSearch($"{street} {district.Split(' ')[^1]}"));

        Assert.NotEmpty(cut.Instance.Shown);
        Assert.Contains(cut.Instance.Shown, r => r.Id == lamp.Id);
        Assert.All(cut.Instance.Shown, r => Assert.Contains(street, r.Address ?? "", StringComparison.CurrentCultureIgnoreCase));
    }

    [Fact]
    public void ServiceFilter_KeepsOnlyThatService()
    {
        var cut = RenderPage();

        cut.InvokeAsync(() => cut.Instance.SetService(ServiceKind.Bus));

        var buses = Source.City.Assets.Count(a => a.Service == ServiceKind.Bus);
        Assert.Equal(buses, cut.Instance.Shown.Count);
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("tr.device-row"), r => Assert.Contains("Bus", r.TextContent, StringComparison.Ordinal)));
    }

    [Fact]
    public void NoMatch_SaysSo()
    {
        var cut = RenderPage();
        cut.InvokeAsync(() => cut.Instance.SetSearch("NO-SUCH-DEVICE"));
        cut.WaitForAssertion(() => Assert.Contains("Aucun équipement ne correspond.", cut.Find("[data-testid=no-devices]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Statuses_AreReadAgainFromMemory()
    {
        var devices = Services.GetRequiredService<FakeDevicesView>();
        var cut = RenderPage();
        cut.InvokeAsync(() => cut.Instance.SetSearch(devices.Rows[0].Id));
        devices.Rows[0] = devices.Rows[0] with { Status = AssetStatus.Offline };

        Time.Advance(DeviceList.Refresh);

        cut.WaitForAssertion(() => Assert.Equal("offline", cut.Find("tr.device-row [data-status]").GetAttribute("data-status")));
    }
}
