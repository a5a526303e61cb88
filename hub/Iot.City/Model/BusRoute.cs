using NetTopologySuite.Geometries;

namespace Iot.City;

/// <summary>
/// A bus line: its <paramref name="Shape"/> runs from one terminus to the other; buses leave every
/// <paramref name="Headway"/> between <paramref name="ServiceStart"/> and <paramref name="ServiceEnd"/> (commune local time),
/// the hours during which a bus that stops reporting is a fault. <paramref name="Depot"/> is where buses park, when known.
/// </summary>
public sealed record BusRoute(
    string Id,
    string CommuneId,
    string Name,
    LineString Shape,
    TimeSpan Headway,
    TimeOnly ServiceStart,
    TimeOnly ServiceEnd,
    Point? Depot)
{
    /// <summary>The terminus at the start of <see cref="Shape"/>.</summary>
    public Point FirstTerminus => Shape.StartPoint;

    /// <summary>The terminus at the end of <see cref="Shape"/>.</summary>
    public Point LastTerminus => Shape.EndPoint;

    /// <summary>Whether buses are due on the road at <paramref name="time"/>; a service may run past midnight.</summary>
    public bool IsInService(TimeOnly time) => time.IsBetween(ServiceStart, ServiceEnd);
}
