namespace Iot.Edge.Drivers.Ultrasonic;

/// <summary>
/// Fill level from a downward-looking range sensor in the lid:
/// <code>
///   fillingLevel = clamp01( 1 - (range - sensorOffset) / binHeight )
/// </code>
/// where <c>range</c> is the measured distance from the sensor face to the waste surface (m), <c>sensorOffset</c> the
/// distance from the sensor face down to the "full" line (the rim, m) and <c>binHeight</c> the depth from the full line
/// to the bottom (m). A range shorter than the offset (waste heaped above the rim) reads 1; a range reaching past the
/// bottom (an empty bin, an echo off the floor through an open flap) reads 0.
/// </summary>
public static class FillLevel
{
    public static double FromRange(double rangeMetres, double binHeightMetres, double sensorOffsetMetres)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binHeightMetres);
        var level = 1 - ((rangeMetres - sensorOffsetMetres) / binHeightMetres);
        return Math.Clamp(level, 0, 1);
    }
}
