namespace Iot.Edge.Drivers.Ultrasonic;

/// <summary>
/// Settings of <c>ultrasonic-level</c> (section <c>Devices:N:Settings</c>): <c>BinHeight</c> (m, required, 0.1–5),
/// <c>SensorOffset</c> (m, default 0, 0–2), <c>MedianWindow</c> (samples, odd, default 5, 1–99),
/// <c>PublishInterval</c> (hh:mm:ss, default 00:05:00, 100 ms–24 h).
/// </summary>
public sealed record UltrasonicLevelOptions(double BinHeight, double SensorOffset, int MedianWindow, TimeSpan PublishInterval);
