using Iot.Testing.Hosting;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Tests.Alerts;

public sealed class AlertsConfigurationTests
{
    [Theory]
    [InlineData("--Alerts:Subscriptions:0:OperatorId=OP-NOBODY", "Alerts:Subscriptions:0:OperatorId")]
    [InlineData("--Alerts:Subscriptions:0:OperatorId=OP-LIGHT --Alerts:Subscriptions:0:WebhookUrl=http://127.0.0.1:1/h", "Alerts:Subscriptions:0:WebhookSecret")]
    [InlineData("--Alerts:Subscriptions:0:OperatorId=OP-LIGHT --Alerts:Subscriptions:0:MinSeverity=urgent", "Alerts:Subscriptions:0:MinSeverity")]
    [InlineData("--Alerts:Subscriptions:0:OperatorId=OP-LIGHT --Alerts:Subscriptions:0:Services:0=trams", "Alerts:Subscriptions:0:Services:0")]
    [InlineData("--Alerts:Subscriptions:0:OperatorId=OP-LIGHT --Alerts:Subscriptions:0:Language=de", "Alerts:Subscriptions:0:Language")]
    [InlineData("--Alerts:Escalation:0:CommuneId=atlantis", "Alerts:Escalation:0:CommuneId")]
    [InlineData("--Alerts:Smtp:Host=127.0.0.1", "Alerts:Smtp:From")]
    [InlineData("--Alerts:Webhook:MaxAttempts=0", "Alerts:Webhook:MaxAttempts")]
    [InlineData("--Alerts:PublicBaseUrl=hub.example", "Alerts:PublicBaseUrl")]
    [InlineData("--Alerts:Subscriptions:0:OperatorId=OP-LIGHT --Alerts:Subscriptions:0:EmailEnabled=false --Alerts:Subscriptions:0:MqttPassword=short", "Alerts:Subscriptions:0:MqttPassword")]
    public async Task Start_BadAlertsSetting_FailsNamingTheKey(string settings, string key)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await HubInstance.StartAsync(settings.Split(' '))).DisposeAsync());
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }
}
