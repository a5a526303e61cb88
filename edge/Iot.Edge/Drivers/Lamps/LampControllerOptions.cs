namespace Iot.Edge.Drivers.Lamps;

/// <summary>
/// Settings of <c>lamp-controller</c> (section <c>Devices:N:Settings</c>; the device itself is the cabinet):
/// <c>PollInterval</c> (hh:mm:ss, default 00:00:30), <c>ReplyTimeout</c> (default 00:00:02), <c>Attempts</c> (per request,
/// default 2), and <c>Lamps</c>: a list of <c>{ "Id": "LAMP-0001", "Address": 0 }</c> (device id of the lamp, its address
/// 0–63 on the controller; both unique).
/// </summary>
public sealed record LampControllerOptions(TimeSpan PollInterval, TimeSpan ReplyTimeout, int Attempts, IReadOnlyList<LampBinding> Lamps);

/// <summary>A lamp's device id and its address on the controller.</summary>
public sealed record LampBinding(string Id, int Address);
