using System.Globalization;
using Bunit;
using Iot.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Iot.Dashboard.Tests;

/// <summary>
/// What every page test in bUnit starts from (as MudBlazor's component tests inherit their <c>BunitTest</c>): French
/// culture, loose JS interop, MudBlazor and localization services, a fake clock, and the fake hub views over the demo
/// commune, signed in as an admin (<see cref="FakeViewsExtensions.AddFakeViews"/>). A test adds what is its own.
/// </summary>
public abstract class DashboardTestContext : BunitContext
{
    /// <summary>A November evening at the demo commune (21:00 UTC), where the page tests' clock starts unless told otherwise.</summary>
    protected static readonly DateTimeOffset Evening = new(2025, 11, 23, 21, 0, 0, TimeSpan.Zero);

    /// <param name="time">The fake clock; by default one set at <see cref="Evening"/>.</param>
    protected DashboardTestContext(FakeTimeProvider? time = null)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Time = time ?? new FakeTimeProvider(Evening);
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddFakeViews(Source, Time);
    }

    /// <summary>The demo commune's assets with the states a test sets; what the pages see as live.</summary>
    protected FakeAssetSource Source { get; } = new();

    protected FakeTimeProvider Time { get; }
}
