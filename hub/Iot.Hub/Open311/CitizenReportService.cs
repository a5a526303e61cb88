using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Tickets;
using NetTopologySuite.Geometries;

namespace Iot.Hub.Open311;

/// <summary>
/// Takes citizens' service requests (from the Open311 API and the public page alike): checks them, links a request to
/// a ticket already open for the same problem (same service within <see cref="LinkRadiusMeters"/>, or naming the same
/// asset) or opens a ticket routed like any other, and stores the request. Also rates closed requests.
/// </summary>
public sealed class CitizenReportService(
    ServiceRequestStore store, TicketService tickets, ITicketDirectory directory, CityIndex city, TicketFollower follower,
    TimeProvider time, ILogger<CitizenReportService> logger) : IDisposable
{
    /// <summary>A report this close (metres) to an unresolved ticket of the same service joins it.</summary>
    public const double LinkRadiusMeters = 50;

    /// <summary>Severity of the tickets citizen reports open: the contract's "low" SLA line (a service request).</summary>
    public const string TicketSeverity = SlaSeverities.Low;

    public const int MaxDescriptionLength = 4000;

    // One submission at a time: two reports of the same lamp a millisecond apart must not open two tickets.
    private readonly SemaphoreSlim _submit = new(1, 1);

    public async Task<ServiceRequestReceipt> SubmitAsync(ServiceRequestInput input, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var commune = ResolveCommune(input.JurisdictionId);
        var service = CitizenServices.Find(Trim(input.ServiceCode))
            ?? (string.IsNullOrWhiteSpace(input.ServiceCode)
                ? throw Open311Exception.Invalid("service_code", "required: one of " + string.Join(", ", CitizenServices.All.Select(s => s.Code)) + ".")
                : throw Open311Exception.Invalid("service_code", $"'{input.ServiceCode}' is not a service of this jurisdiction: one of {string.Join(", ", CitizenServices.All.Select(s => s.Code))}."));
        var asset = FindAsset(Trim(input.AssetId), service, commune);
        var (lon, lat) = Locate(input, asset, commune);
        var description = Optional(input.Description, "description", MaxDescriptionLength);
        var mediaUrl = MediaUrl(input.MediaUrl);
        var email = Email(input.Email);
        var name = string.Join(' ', new[] { Optional(input.FirstName, "first_name", 100), Optional(input.LastName, "last_name", 100) }.Where(n => n is not null));
        var address = Optional(input.AddressString, "address_string", 500) ?? asset?.Address;
        var point = CityGeometry.Factory.CreatePoint(new Coordinate(lon, lat));
        var district = city.LocateDistrict(commune.Id, point)?.Id ?? asset?.DistrictId;

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        await _submit.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var ticket = await FindDuplicateAsync(commune.Id, service.Service, asset?.Id, lon, lat, cancellationToken);
            var linked = ticket is not null;
            if (ticket is null)
            {
                var summary = Summary(service, description);
                ticket = await tickets.OpenManualAsync(
                    new ManualTicket(service.Service.ToWire(), TicketSeverity, summary, asset?.Id, commune.Id, lon, lat), source, cancellationToken);
            }

            var request = new ServiceRequest(
                Id: 0, CommuneId: commune.Id, ServiceCode: service.Code, TicketId: ticket.Id, Linked: linked,
                OperatorId: ticket.OperatorId, DistrictId: district, AssetId: asset?.Id, Description: description, MediaUrl: mediaUrl,
                Latitude: lat, Longitude: lon, Address: address, Email: email, ReporterName: name.Length == 0 ? null : name,
                Closed: TicketFollower.IsClosed(ticket), StatusNotes: TicketFollower.StatusNotes(ticket), ExpectedMs: ticket.RepairDueAt,
                CreatedMs: now, UpdatedMs: now, ClosedMs: TicketFollower.ClosedAt(ticket), Rating: null, RatedMs: null,
                RatingTokenHash: Hash(token), Source: source);
            var id = await store.InsertAsync(request, cancellationToken);
            request = request with { Id = id };
            await directory.AppendAuditAsync(
                ticket.Id, source, linked ? "citizen_report_linked" : "citizen_report",
                $"Open311 request {id}{(linked ? " joined this ticket" : string.Empty)}{(description is null ? string.Empty : ": " + Clip(description, 300))}",
                cancellationToken);
            // The ticket may have changed between the look-up and the insert: catch up through the follower's queue.
            follower.Sync(ticket.Id);
            Open311Log.Received(logger, id, service.Code, ticket.Id, linked, source);
            return new ServiceRequestReceipt(request, token);
        }
        finally
        {
            _submit.Release();
        }
    }

    public void Dispose() => _submit.Dispose();

    /// <summary>The reporter (holder of the token returned at creation) rates a closed request 1–5, once.</summary>
    public async Task<ServiceRequest> RateAsync(long id, string? token, int rating, CancellationToken cancellationToken)
    {
        if (rating is < 1 or > 5)
        {
            throw Open311Exception.Invalid("rating", "must be a whole number from 1 to 5.");
        }

        var request = await store.FindAsync(id, cancellationToken) ?? throw NotFound(id);
        if (string.IsNullOrEmpty(token) || !CryptographicOperations.FixedTimeEquals(Hash(token), request.RatingTokenHash))
        {
            throw new Open311Exception(StatusCodes.Status403Forbidden, "token", "token: does not match this request (it is given to the reporter when the request is created).");
        }

        if (!request.Closed)
        {
            throw new Open311Exception(StatusCodes.Status409Conflict, null, $"Request {id} is still open: it can be rated once it is closed.");
        }

        if (request.Rating is not null || !await store.RateAsync(id, rating, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
        {
            throw new Open311Exception(StatusCodes.Status409Conflict, null, $"Request {id} has already been rated.");
        }

        return (await store.FindAsync(id, cancellationToken))!;
    }

    public static Open311Exception NotFound(long id) => new(StatusCodes.Status404NotFound, "service_request_id", $"No service request {id}.");

    /// <summary>The commune a request is for: <c>jurisdiction_id</c>, which may be left out when the hub watches one commune.</summary>
    public Commune ResolveCommune(string? jurisdictionId)
    {
        var communes = city.City.Communes;
        if (string.IsNullOrWhiteSpace(jurisdictionId))
        {
            return communes.Count == 1
                ? communes[0]
                : throw Open311Exception.Invalid("jurisdiction_id", $"required: this server serves {string.Join(", ", communes.Select(c => c.Id))}.");
        }

        return city.FindCommune(jurisdictionId.Trim())
            ?? throw new Open311Exception(StatusCodes.Status404NotFound, "jurisdiction_id", $"jurisdiction_id: '{jurisdictionId}' is not served here ({string.Join(", ", communes.Select(c => c.Id))}).");
    }

    private Asset? FindAsset(string? assetId, CitizenService service, Commune commune)
    {
        if (assetId is null)
        {
            return null;
        }

        const string field = "attribute[asset_id]";
        var asset = city.FindAsset(assetId) ?? throw Open311Exception.Invalid(field, $"no asset '{assetId}' in {commune.Name}.");
        if (asset.Service != service.Service || asset.CommuneId != commune.Id)
        {
            throw Open311Exception.Invalid(field, $"'{assetId}' is not a {service.Code} asset of {commune.Name}.");
        }

        return asset;
    }

    private (double Lon, double Lat) Locate(ServiceRequestInput input, Asset? asset, Commune commune)
    {
        if (input.Latitude is null && input.Longitude is null)
        {
            if (asset is not null)
            {
                return (asset.Location.X, asset.Location.Y);
            }

            throw Open311Exception.Invalid("lat", input.AddressString is null
                ? "lat and long are required (WGS84 degrees), or attribute[asset_id]."
                : "lat and long are required: this server does not geocode address_string.");
        }

        if (input.Latitude is not { } lat || !double.IsFinite(lat) || lat is < -90 or > 90)
        {
            throw Open311Exception.Invalid("lat", "required with long: a latitude in WGS84 degrees (-90 to 90).");
        }

        if (input.Longitude is not { } lon || !double.IsFinite(lon) || lon is < -180 or > 180)
        {
            throw Open311Exception.Invalid("long", "required with lat: a longitude in WGS84 degrees (-180 to 180).");
        }

        var point = CityGeometry.Factory.CreatePoint(new Coordinate(lon, lat));
        var inside = city.LocateDistrict(commune.Id, point) is not null
            || city.City.Contracts.Any(c => c.CommuneId == commune.Id && c.Zone.Covers(point));
        return inside ? (lon, lat) : throw Open311Exception.Invalid("lat", $"the place ({lat}, {lon}) is outside {commune.Name}.");
    }

    private async Task<Ticket?> FindDuplicateAsync(string communeId, ServiceKind service, string? assetId, double lon, double lat, CancellationToken cancellationToken)
    {
        var open = (await directory.ListUnresolvedAsync(cancellationToken))
            .Where(t => t.CommuneId == communeId && t.Service == service)
            .ToList();
        if (assetId is not null && open.Find(t => t.DeviceId == assetId || t.GroupId == assetId) is { } sameAsset)
        {
            return sameAsset;
        }

        var here = new Coordinate(lon, lat);
        return open
            .Select(t => (Ticket: t, Meters: CityGeometry.MetersBetween(here, new Coordinate(t.Longitude, t.Latitude))))
            .Where(x => x.Meters <= LinkRadiusMeters)
            .OrderBy(x => x.Meters)
            .ThenBy(x => x.Ticket.Id)
            .Select(x => x.Ticket)
            .FirstOrDefault();
    }

    private static string Summary(CitizenService service, string? description) =>
        Clip($"Citizen report: {(description is null ? service.Name : description.ReplaceLineEndings(" "))}", 500);

    private static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Optional(string? text, string field, int max)
    {
        var value = Trim(text);
        return value is not null && value.Length > max ? throw Open311Exception.Invalid(field, $"at most {max} characters.") : value;
    }

    private static string? MediaUrl(string? text)
    {
        var value = Trim(text);
        if (value is null)
        {
            return null;
        }

        return value.Length <= 2000 && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : throw Open311Exception.Invalid("media_url", "must be an absolute http or https URL of a photo (at most 2000 characters).");
    }

    private static string? Email(string? text)
    {
        var value = Trim(text);
        if (value is null)
        {
            return null;
        }

        return value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value
            ? value
            : throw Open311Exception.Invalid("email", "is not an e-mail address.");
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
