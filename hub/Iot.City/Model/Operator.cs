namespace Iot.City;

/// <summary>
/// A delegated operator (lighting contractor, waste company, bus company). The services it runs are the
/// services of its <see cref="ServiceContract"/>s. <paramref name="Language"/> is the language of its alerts: fr, ar or en.
/// </summary>
public sealed record Operator(string Id, string Name, string Email, string Language);
