namespace Iot.Dashboard.Resources;

/// <summary>Marker type of the indicators page's strings: Resources/Indicators.resx (French), .ar.resx and .en.resx.</summary>
public sealed class Indicators;
