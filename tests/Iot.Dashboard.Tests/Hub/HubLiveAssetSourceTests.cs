using System.Net.Http.Json;
using System.Text.Json;
using Iot.Contracts;
using Iot.Dashboard.Live;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Dashboard.Tests.Hub;

/// <summary>The map's status rules over a real hub's in-memory state: tickets, telemetry and agent connections.</summary>
public sealed class HubLiveAssetSourceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static AssetStatus StatusOf(HubInstance hub, string id) =>
        hub.Services.GetRequiredService<ILiveAssetSource>().Describe(id)!.State.Status;

    [Fact]
    public async Task OpenTicketOnAnAsset_MakesItFault_UntilTheTicketIsResolved()
    {
        await using var hub = await HubInstance.StartAsync();
        var bin = hub.Registry.Devices.First(d => d.Service == ServiceKind.Wastebin);
        Assert.Equal(AssetStatus.Unknown, StatusOf(hub, bin.Id));

        using var opened = await hub.Http.PostAsJsonAsync("/api/tickets", new { service = "wastebin", severity = "high", summary = "Lid torn off", deviceId = bin.Id });
        opened.EnsureSuccessStatusCode();
        var ticketId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await Poll.UntilAsync(() => StatusOf(hub, bin.Id) == AssetStatus.Fault, Patience, $"{bin.Id} fault after its ticket opened");
        Assert.Equal(1, hub.Services.GetRequiredService<ILiveAssetSource>().Describe(bin.Id)!.OpenTickets);

        using var resolved = await hub.Http.PostAsJsonAsync($"/api/tickets/{ticketId}/resolve", new { note = "Lid replaced" });
        resolved.EnsureSuccessStatusCode();
        await Poll.UntilAsync(() => StatusOf(hub, bin.Id) == AssetStatus.Unknown, Patience, $"{bin.Id} back to unknown (never reported) after the ticket was resolved");
    }

    [Fact]
    public async Task Telemetry_MakesTheAssetOk_AndItsAgentDisconnecting_MakesItOffline()
    {
        await using var hub = await HubInstance.StartAsync();
        var bin = hub.Registry.Devices.First(d => d.Service == ServiceKind.Wastebin);
        // HubDatabase lets a second connection in while the first one still migrates (a race in main); wait until the
        // ticket service has loaded, by when the schema exists.
        await hub.Services.GetRequiredService<Iot.Hub.Tickets.TicketService>().Loaded;
        var secret = await hub.AddAgentAsync(bin.Agent);
        var agent = await hub.ConnectAsync(bin.Agent, secret);
        await agent.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format(bin.Commune, ServiceKind.Wastebin, bin.Id, MessageKind.Telemetry))
            .WithPayload(Payloads.Telemetry(Payloads.NowMs, 1L, new("fillingLevel", 0.4), new("status", "ok"), new("batteryLevel", 0.9)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await Poll.UntilAsync(() => StatusOf(hub, bin.Id) == AssetStatus.Ok, Patience, $"{bin.Id} ok after healthy telemetry");

        await agent.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Format(bin.Commune, ServiceKind.Wastebin, bin.Id, MessageKind.Telemetry))
            .WithPayload(Payloads.Telemetry(Payloads.NowMs, 2L, new MetricReading("fillingLevel", 0.95)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await Poll.UntilAsync(() => StatusOf(hub, bin.Id) == AssetStatus.Warning, Patience, $"{bin.Id} warning when 95 % full");

        await agent.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build());
        agent.Dispose();
        await Poll.UntilAsync(() => StatusOf(hub, bin.Id) == AssetStatus.Offline, Patience, $"{bin.Id} offline once its agent {bin.Agent} disconnected");
    }

    [Theory]
    [InlineData("ftp://tiles.example.org/{z}/{x}/{y}.png")]
    [InlineData("https://tiles.example.org/tile.png")]
    public async Task BadTileUrl_FailsAtStartNamingTheKey(string url)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HubInstance.StartAsync([$"--Dashboard:TileUrl={url}"]));
        Assert.Contains("Dashboard:TileUrl", error.Message, StringComparison.Ordinal);
    }
}
