using System.Globalization;
using Iot.Dashboard.Components.Map;
using Iot.Dashboard.Live;
using Iot.Dashboard.Reports;
using Iot.Dashboard.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Iot.Dashboard.Components.Pages;

/// <summary>
/// The citizens' page, open to anyone: report a problem on the map (<c>/report</c>) through the hub's Open311 service,
/// and look a request up (<c>/report/{id}</c>; with <c>?token=</c>, the reporter may rate it once it is closed).
/// </summary>
public sealed partial class Report : IAsyncDisposable
{
    private ElementReference _mapElement;
    private IJSObjectReference? _module;
    private IJSObjectReference? _map;
    private DotNetObjectReference<Report>? _self;
    // Set when the page goes away (navigation, closed tab); the map set-up awaits the browser and must not go on after it.
    private bool _disposed;
    private string _serviceCode = "";
    private double? _latitude;
    private double? _longitude;
    private string? _description;
    private string? _mediaUrl;
    private string? _email;
    private string? _lookupId;
    private bool _sending;
    private string? _errorField;
    private string? _error;
    private PublicReceipt? _receipt;
    private PublicRequestStatus? _status;
    private bool _lookedUp;
    private string _clientAddress = "unknown";

    /// <summary>The request to show (<c>/report/{RequestId}</c>); null on the report form.</summary>
    [Parameter]
    public string? RequestId { get; set; }

    /// <summary>The rating token of the receipt's link, which lets the reporter rate the closed request.</summary>
    [SupplyParameterFromQuery(Name = "token")]
    public string? Token { get; set; }

    [Inject]
    private ICitizenReportDesk Desk { get; set; } = null!;

    [Inject]
    private ILiveAssetSource Source { get; set; } = null!;

    [Inject]
    private IOptions<DashboardOptions> Options { get; set; } = null!;

    [Inject]
    private IStringLocalizer<Public> P { get; set; } = null!;

    [Inject]
    private IStringLocalizer<Strings> L { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [Inject]
    private IServiceProvider Services { get; set; } = null!;

    /// <summary>JS callback: the citizen tapped the map (or the browser gave its position).</summary>
    [JSInvokable]
    public Task Place(double latitude, double longitude)
    {
        _latitude = latitude;
        _longitude = longitude;
        if (_errorField is "lat" or "long")
        {
            _errorField = null;
            _error = null;
        }

        return InvokeAsync(StateHasChanged);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DropMapAsync();
        _self?.Dispose();
    }

    protected override void OnInitialized()
    {
        // The circuit's connection request: the reporter's address, for the same per-address limit as the Open311 API.
        if (Services.GetService(typeof(IHttpContextAccessor)) is IHttpContextAccessor { HttpContext.Connection.RemoteIpAddress: { } address })
        {
            _clientAddress = address.ToString();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _error = null;
        _errorField = null;
        _status = null;
        _lookedUp = false;
        if (RequestId is not null)
        {
            await DropMapAsync();
            _status = await Desk.FindAsync(RequestId, CancellationToken.None);
            _lookedUp = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed || RequestId is not null || _receipt is not null || _map is not null)
        {
            return;
        }

        _self ??= DotNetObjectReference.Create(this);
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./_content/Iot.Dashboard/js/reportMap.js");
        if (_disposed)
        {
            return; // navigated away while the module loaded: _self is disposed, there is no map to draw
        }

        var setup = MapSetup.Options(Source.City, Options.Value, L);
        _map = await _module.InvokeAsync<IJSObjectReference>("create", _mapElement, _self,
            new { setup.TileUrl, setup.TileAttribution, setup.Districts, setup.Streets, setup.Bounds });
        if (_disposed)
        {
            await DropMapAsync();
            return;
        }

        if (_latitude is { } lat && _longitude is { } lon)
        {
            await _map.InvokeVoidAsync("place", lat, lon, false);
        }
    }

    private async Task SubmitAsync()
    {
        if (_sending)
        {
            return;
        }

        _sending = true;
        _error = null;
        _errorField = null;
        try
        {
            var report = new PublicReport(_serviceCode.Length == 0 ? null : _serviceCode, _latitude, _longitude, _description, _mediaUrl, _email);
            _receipt = await Desk.SubmitAsync(report, _clientAddress, CancellationToken.None);
            await DropMapAsync();
        }
        catch (PublicReportException ex)
        {
            ShowError(ex);
        }
        finally
        {
            _sending = false;
        }
    }

    private async Task RateAsync(int rating)
    {
        _error = null;
        try
        {
            _status = await Desk.RateAsync(RequestId!, Token, rating, CancellationToken.None);
        }
        catch (PublicReportException ex)
        {
            ShowError(ex);
        }
    }

    private async Task LocateAsync()
    {
        if (_map is not null)
        {
            await _map.InvokeVoidAsync("locate");
        }
    }

    private void NewReport()
    {
        _receipt = null;
        _latitude = _longitude = null;
        _description = _mediaUrl = null;
        _serviceCode = "";
    }

    private void Lookup()
    {
        if (_lookupId?.Trim() is { Length: > 0 } id)
        {
            Nav.NavigateTo("report/" + Uri.EscapeDataString(id));
        }
    }

    private void ShowError(PublicReportException ex)
    {
        _errorField = ex.Field is "long" ? "lat" : ex.Field;
        var key = ex.Status switch
        {
            StatusCodes.Status429TooManyRequests => "Error_429",
            StatusCodes.Status409Conflict => "Error_409",
            _ => $"Error_{_errorField}",
        };
        var text = P[key];
        _error = text.ResourceNotFound ? P["Error_other", ex.Message] : text.Value;
    }

    private string? Invalid(string field) => _errorField == field ? "true" : null;

    private RenderFragment? FieldError(string field) => _errorField == field && _error is { } error
        ? builder =>
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "class", "public-error");
            builder.AddAttribute(2, "data-testid", $"error-{field}");
            builder.AddContent(3, error);
            builder.CloseElement();
        }
        : null;

    private static string StatusLink(PublicReceipt receipt) => $"report/{Uri.EscapeDataString(receipt.RequestId)}?token={Uri.EscapeDataString(receipt.RatingToken)}";

    private static string When(DateTimeOffset at) => at.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);

    private async Task DropMapAsync()
    {
        if (_map is not { } map)
        {
            return;
        }

        _map = null;
        try
        {
            await map.InvokeVoidAsync("dispose");
            await map.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone; so is the map.
        }
    }
}
