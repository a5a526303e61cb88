using Iot.Dashboard.Formatting;
using Iot.Dashboard.Live;
using Iot.Dashboard.Resources;
using Iot.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Iot.Dashboard.Components.Pages;

/// <summary>
/// The base of the signed-in pages (set once by <c>@inherits</c> in this folder's <c>_Imports.razor</c>): the services
/// every one of them injects. A page injects only its own port besides (<c>ITicketsView</c>, <c>IDevicesView</c>, …).
/// The public report page and the indicators page, which need none of these, inherit <see cref="ComponentBase"/>.
/// </summary>
public abstract class DashboardPage : ComponentBase
{
    /// <summary>Who is signed in on this circuit.</summary>
    [Inject]
    protected ICurrentViewer CurrentViewer { get; set; } = null!;

    /// <summary>The hub's in-memory picture: the city and the live state of its assets.</summary>
    [Inject]
    protected ILiveAssetSource Source { get; set; } = null!;

    /// <summary>Instants in the commune's own time zone.</summary>
    [Inject]
    protected CityClock Clock { get; set; } = null!;

    [Inject]
    protected TimeProvider Time { get; set; } = null!;

    /// <summary>The shared strings (app title, services, statuses, filters).</summary>
    [Inject]
    protected IStringLocalizer<Strings> L { get; set; } = null!;

    /// <summary>The pages' own strings.</summary>
    [Inject]
    protected IStringLocalizer<PageStrings> P { get; set; } = null!;
}
