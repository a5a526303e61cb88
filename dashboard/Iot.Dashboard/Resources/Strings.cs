namespace Iot.Dashboard.Resources;

/// <summary>Marker type of the dashboard's strings: Resources/Strings.resx (French, the default), .ar.resx and .en.resx.</summary>
public sealed class Strings;
