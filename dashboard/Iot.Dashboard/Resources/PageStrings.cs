namespace Iot.Dashboard.Resources;

/// <summary>
/// Marker type of the strings of the tickets page, the devices page and the side panel's chart, tickets and commands:
/// Resources/PageStrings.resx (French, the default), .ar.resx and .en.resx.
/// </summary>
public sealed class PageStrings;
