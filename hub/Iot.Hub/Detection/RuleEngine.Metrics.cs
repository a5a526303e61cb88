using Iot.Contracts;

namespace Iot.Hub.Detection;

// Ingest: the last values the rules read, and the times their conditions began.
internal sealed partial class RuleEngine
{
    private static void Apply(DeviceSubject device, MetricReading metric, long nowMs)
    {
        var value = metric.Value;
        var number = value.Kind == MetricValueKind.Number ? value.Number : (double?)null;
        switch (metric.Name)
        {
            case "batteryLevel":
                device.Battery = number;
                break;
            case "status":
                device.Status = value.Text;
                break;
            case "powerState":
                var wasLit = device.IsLit;
                device.PowerState = value.Text;
                if (wasLit != device.IsLit)
                {
                    device.LitChangedMs = nowMs;
                }

                break;
            case "powerConsumption":
                device.Power = number;
                break;
            case "illuminanceLevel":
                device.Level = number;
                break;
            case "voltage":
                device.Voltage = number;
                break;
            case "fillingLevel":
                device.Fill = number;
                break;
            case "temperature":
                device.Temperature = number;
                break;
            case "serviceStatus":
                device.ServiceStatus = value.Text;
                break;
            case "lon":
                device.Longitude = number;
                break;
            case "lat":
                device.Latitude = number;
                break;
            case "speed":
                device.Speed = number;
                break;
        }
    }

    /// <summary>After a message's metrics are applied: start or stop the clocks of the conditions that must last.</summary>
    private void AfterTelemetry(DeviceSubject device, long nowMs)
    {
        switch (device.Info.Service)
        {
            case ServiceKind.Streetlight:
                if (device.Status is "ok")
                {
                    device.FaultEvent = false; // the lamp reports itself repaired
                }

                device.LowSinceMs = IsLowPower(device) ? (device.LowSinceMs < 0 ? nowMs : device.LowSinceMs) : -1;
                UpdateFailing(device, nowMs);
                break;

            case ServiceKind.Cabinet when device.Group is { } group:
                if (device.Voltage > group.Rules.SupplyLossVoltage)
                {
                    group.SupplyEvent = false;
                }

                break;

            case ServiceKind.Wastebin:
                var rules = (WastebinRules)device.Rules;
                device.OverflowSinceMs = device.Fill >= rules.OverflowLevel ? (device.OverflowSinceMs < 0 ? nowMs : device.OverflowSinceMs) : -1;
                if (device.Status is not "burning" && !(device.Temperature > rules.FireTemperature))
                {
                    device.FireEvent = false;
                }

                break;

            case ServiceKind.Bus:
                TrackBus(device, nowMs);
                break;
        }
    }
}
