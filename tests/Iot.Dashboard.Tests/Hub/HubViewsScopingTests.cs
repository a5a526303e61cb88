using System.Net.Http.Json;
using System.Text.Json;
using Iot.Access;
using Iot.Contracts;
using Iot.Dashboard.Assets;
using Iot.Dashboard.Devices;
using Iot.Dashboard.Tickets;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Iot.Dashboard.Tests.Hub;

/// <summary>The hub's implementations of the pages' views filter by viewer on the server (a real hub, the demo commune).</summary>
public sealed class HubViewsScopingTests
{
    private static readonly Viewer Admin = new("alice", HubRoles.Admin, null);
    private static readonly Viewer Light = new("lumiere", HubRoles.Operator, "OP-LIGHT");
    private static readonly Viewer Waste = new("proprete", HubRoles.Operator, "OP-WASTE");
    private static readonly Viewer Manager = new("max", HubRoles.Manager, null);

    private static async Task<long> OpenAsync(HubInstance hub, string service, string deviceId)
    {
        using var response = await hub.Http.PostAsJsonAsync("/api/tickets", new { service, severity = "high", summary = $"{deviceId} broken", deviceId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task OperatorViewer_GetsOnlyItsOwnTickets_AndActingOnAnothersIsRefused()
    {
        await using var hub = await HubInstance.StartAsync();
        var lamp = hub.Registry.Devices.First(d => d.Service == ServiceKind.Streetlight);
        var bin = hub.Registry.Devices.First(d => d.Service == ServiceKind.Wastebin);
        var lampTicket = await OpenAsync(hub, "streetlight", lamp.Id);
        var binTicket = await OpenAsync(hub, "wastebin", bin.Id);
        var view = hub.Services.GetRequiredService<ITicketsView>();

        var all = await view.QueryAsync(Admin, new TicketFilter(), CancellationToken.None);
        Assert.Equal(2, all.Total);
        var mine = await view.QueryAsync(Waste, new TicketFilter(), CancellationToken.None);
        Assert.Equal([binTicket], mine.Items.Select(t => t.Id));
        var asked = await view.QueryAsync(Waste, new TicketFilter(OperatorId: "OP-LIGHT"), CancellationToken.None);
        Assert.Empty(asked.Items); // asking for another operator's tickets gets nothing, not them

        Assert.Null(await view.FindAsync(Waste, lampTicket, CancellationToken.None));
        Assert.NotNull(await view.FindAsync(Light, lampTicket, CancellationToken.None));
        Assert.Empty(await view.OpenOnAssetAsync(Waste, lamp.Id, CancellationToken.None));
        Assert.Single(await view.OpenOnAssetAsync(Light, lamp.Id, CancellationToken.None));

        var refused = await view.AcknowledgeAsync(Waste, lampTicket, CancellationToken.None);
        Assert.Equal(TicketActionOutcome.NotFound, refused.Outcome);
        var api = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{lampTicket}");
        Assert.Equal("open", api.GetProperty("ticket").GetProperty("status").GetString());

        var done = await view.AcknowledgeAsync(Light, lampTicket, CancellationToken.None);
        Assert.True(done.Succeeded, done.Message);
        var detail = await view.FindAsync(Light, lampTicket, CancellationToken.None);
        Assert.Equal(TicketState.Acknowledged, detail!.Ticket.State);
        Assert.Contains(detail.Timeline, e => e.Action == "acknowledged" && e.Actor == "lumiere");

        var again = await view.AcknowledgeAsync(Light, lampTicket, CancellationToken.None);
        Assert.Equal(TicketActionOutcome.Conflict, again.Outcome);
        var noNote = await view.ResolveAsync(Light, lampTicket, "  ", CancellationToken.None);
        Assert.Equal(TicketActionOutcome.Invalid, noNote.Outcome);
    }

    [Fact]
    public async Task Subscribers_AreToldOfEachTicketChange()
    {
        await using var hub = await HubInstance.StartAsync();
        var bin = hub.Registry.Devices.First(d => d.Service == ServiceKind.Wastebin);
        var view = hub.Services.GetRequiredService<ITicketsView>();
        var told = new List<long>();
        using (view.Subscribe(id => { lock (told) { told.Add(id); } }))
        {
            var id = await OpenAsync(hub, "wastebin", bin.Id);
            await view.CommentAsync(Admin, id, "on the way", CancellationToken.None);
            await Poll.UntilAsync(() => { lock (told) { return told.Count(t => t == id) >= 2; } }, TimeSpan.FromSeconds(10), "opened and commented told");
        }

        var before = told.Count;
        await OpenAsync(hub, "wastebin", hub.Registry.Devices.Last(d => d.Service == ServiceKind.Wastebin).Id);
        await hub.Services.GetRequiredService<Iot.Hub.Tickets.TicketService>().FlushAsync(CancellationToken.None);
        Assert.Equal(before, told.Count); // unsubscribed
    }

    [Fact]
    public async Task DevicesAndHistory_AreScopedToTheOperatorsContracts()
    {
        await using var hub = await HubInstance.StartAsync();
        var devices = hub.Services.GetRequiredService<IDevicesView>();

        var everything = devices.List(Admin);
        Assert.Equal(hub.Registry.Devices.Count, everything.Count);
        var waste = devices.List(Waste);
        Assert.NotEmpty(waste);
        Assert.All(waste, d => Assert.Equal(ServiceKind.Wastebin, d.Service));
        Assert.Equal(hub.Registry.Devices.Count(d => d.Service == ServiceKind.Wastebin), waste.Count);

        var history = hub.Services.GetRequiredService<IAssetHistory>();
        var lamp = hub.Registry.Devices.First(d => d.Service == ServiceKind.Streetlight);
        Assert.Null(await history.Last24HoursAsync(Waste, lamp.Id, CancellationToken.None));
        var series = await history.Last24HoursAsync(Light, lamp.Id, CancellationToken.None);
        Assert.Equal("powerConsumption", series!.Metric.Name);
        Assert.Equal(TimeSpan.FromHours(24), series.To - series.From);
    }

    [Fact]
    public async Task Commands_AreRefusedUnsent_ToAManager_ToAnotherOperator_AndForABin()
    {
        await using var hub = await HubInstance.StartAsync();
        var commands = hub.Services.GetRequiredService<IDeviceCommands>();
        var lamp = hub.Registry.Devices.First(d => d.Service == ServiceKind.Streetlight);
        var bin = hub.Registry.Devices.First(d => d.Service == ServiceKind.Wastebin);

        Assert.Equal(CommandRefusal.NotAllowed, (await commands.SendAsync(Manager, lamp.Id, DeviceCommand.Switch(true), CancellationToken.None)).Refusal);
        Assert.Equal(CommandRefusal.UnknownDevice, (await commands.SendAsync(Waste, lamp.Id, DeviceCommand.Switch(true), CancellationToken.None)).Refusal);
        Assert.Equal(CommandRefusal.Invalid, (await commands.SendAsync(Admin, bin.Id, DeviceCommand.Switch(true), CancellationToken.None)).Refusal);
        Assert.Equal(CommandRefusal.Invalid, (await commands.SendAsync(Admin, lamp.Id, DeviceCommand.Dim(1.5), CancellationToken.None)).Refusal);
        Assert.False(commands.Accepts(bin.Id));
        var listed = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/devices/{lamp.Id}/commands");
        Assert.Equal(0, listed.GetArrayLength()); // nothing went out

        var sent = await commands.SendAsync(Light, lamp.Id, DeviceCommand.Dim(0.4), CancellationToken.None);
        Assert.True(sent.Sent);
        Assert.Equal(CommandProgress.Sent, sent.Command!.Progress);
        Assert.Equal("lumiere", sent.Command.Actor);
        Assert.Null(commands.Find(Waste, sent.Command.Id));
        Assert.Equal(0.4, commands.Find(Light, sent.Command.Id)!.Command.Level);
    }
}
