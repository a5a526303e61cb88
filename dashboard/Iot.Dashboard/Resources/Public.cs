namespace Iot.Dashboard.Resources;

/// <summary>
/// Marker type of the public report page's strings: Resources/Public.resx (French, the default), .ar.resx and .en.resx.
/// Kept apart from <see cref="Strings"/> so the citizen-facing wording can change without touching the operators' UI.
/// </summary>
public sealed class Public;
