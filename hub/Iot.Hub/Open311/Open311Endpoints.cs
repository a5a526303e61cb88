using System.Globalization;
using Iot.City;
using Iot.Hub.Devices;
using Iot.Hub.Open311.Internal;

namespace Iot.Hub.Open311;

/// <summary>
/// GeoReport v2 under <c>/open311/v2/</c> (JSON only; <c>.xml</c> answers 400 saying so). Handlers return
/// <see cref="IResult"/> rather than typed unions: every error is Open311's array form, not ProblemDetails.
/// </summary>
internal static class Open311Endpoints
{
    public const string Prefix = "/open311/v2";
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    public static IEndpointRouteBuilder MapOpen311Routes(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("/open311").WithTags("Open311").AllowAnonymous();
        root.MapGet("/discovery.{format}", Discovery).RequireRateLimiting(Open311RateLimitPolicy.GetPolicy);
        var v2 = root.MapGroup("/v2");
        v2.MapGet("/services.{format}", ListServices).RequireRateLimiting(Open311RateLimitPolicy.GetPolicy)
            .WithDescription("GeoReport v2 service list: service_code, service_name, description, metadata, type, keywords, group.");
        v2.MapGet("/services/{code}.{format}", DefineService).RequireRateLimiting(Open311RateLimitPolicy.GetPolicy)
            .WithDescription("GeoReport v2 service definition: the optional attribute asset_id.");
        v2.MapGet("/requests.{format}", ListRequestsAsync).RequireRateLimiting(Open311RateLimitPolicy.GetPolicy)
            .WithDescription("Service requests, newest first: service_request_id (comma list, overrides the rest), service_code, status=open|closed, start_date/end_date (ISO 8601; default the last 90 days), page (from 1) and page_size (1..1000, default 100); X-Total-Count and Link headers.");
        v2.MapPost("/requests.{format}", PostRequestAsync).RequireRateLimiting(Open311RateLimitPolicy.PostPolicy)
            .WithDescription("A new service request (application/x-www-form-urlencoded): api_key, service_code, lat and long (or attribute[asset_id]), description, media_url, email, first_name, last_name; jurisdiction_id when several communes.");
        v2.MapGet("/requests/{id}.{format}", GetRequestAsync).RequireRateLimiting(Open311RateLimitPolicy.GetPolicy);
        v2.MapPost("/requests/{id}/rating.{format}", RateAsync).RequireRateLimiting(Open311RateLimitPolicy.PostPolicy)
            .WithDescription("Extension: the reporter rates a closed request (form fields rating=1..5 and token=the rating_token returned at creation).");
        // Anything else under /open311 is a 404 in Open311's error form, not an HTML page.
        root.Map("/{**rest}", (string? rest) => Open311Results.Error(StatusCodes.Status404NotFound, $"No Open311 resource '/open311/{rest}'. See /open311/discovery.json."))
            .ExcludeFromDescription();
        return root;
    }

    private static IResult Discovery(string format, HttpContext http)
    {
        if (Format(format) is { } error)
        {
            return error;
        }

        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Prefix}/";
        return Open311Results.Json(
            new DiscoveryDto("2026-01-01T00:00:00Z", "the commune's service desk", "Open311:ApiKeys of the hub (ask the commune)",
                [new DiscoveryEndpointDto("http://wiki.open311.org/GeoReport_v2", baseUrl, "2026-01-01T00:00:00Z", "production", ["application/json"])]),
            Open311JsonContext.Api.DiscoveryDto);
    }

    private static IResult ListServices(string format, string? jurisdiction_id, CitizenReportService reports)
    {
        try
        {
            if (Format(format) is { } error)
            {
                return error;
            }

            reports.ResolveCommune(jurisdiction_id);
            return Open311Results.Json<IReadOnlyList<ServiceDto>>(
                [.. CitizenServices.All.Select(s => new ServiceDto(s.Code, s.Name, s.Description, true, "realtime", s.Keywords, s.Group))],
                Open311JsonContext.Api.IReadOnlyListServiceDto);
        }
        catch (Open311Exception ex)
        {
            return Open311Results.Error(ex);
        }
    }

    private static IResult DefineService(string code, string format, string? jurisdiction_id, CitizenReportService reports)
    {
        try
        {
            if (Format(format) is { } error)
            {
                return error;
            }

            reports.ResolveCommune(jurisdiction_id);
            var service = CitizenServices.Find(code)
                ?? throw new Open311Exception(StatusCodes.Status404NotFound, "service_code", $"service_code: no service '{code}'.");
            return Open311Results.Json(
                new ServiceDefinitionDto(service.Code,
                [
                    new ServiceAttributeDto(true, CitizenServices.AssetAttribute, "string", false,
                        "The id printed on the equipment (for example LAMP-001-01, BIN-0002, BUS-01).", 1,
                        "Which equipment? Optional; when given, lat and long may be left out."),
                ]),
                Open311JsonContext.Api.ServiceDefinitionDto);
        }
        catch (Open311Exception ex)
        {
            return Open311Results.Error(ex);
        }
    }

    private static async Task<IResult> ListRequestsAsync(string format, HttpContext http, CitizenReportService reports, ServiceRequestStore store, CityIndex city, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            if (Format(format) is { } error)
            {
                return error;
            }

            var q = http.Request.Query;
            var commune = reports.ResolveCommune(q["jurisdiction_id"]);
            var query = ParseQuery(q, commune.Id, time.GetUtcNow());
            var (items, total) = await store.QueryAsync(query, cancellationToken);
            http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
            if ((long)query.Page * query.PageSize < total)
            {
                var next = QueryString.Create(q.Where(p => p.Key != "page").Append(new("page", (query.Page + 1).ToString(CultureInfo.InvariantCulture))));
                http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{next}>; rel=\"next\"";
            }

            return Open311Results.Json<IReadOnlyList<ServiceRequestDto>>([.. items.Select(r => ToDto(r, city))], Open311JsonContext.Api.IReadOnlyListServiceRequestDto);
        }
        catch (Open311Exception ex)
        {
            return Open311Results.Error(ex);
        }
    }

    private static async Task<IResult> GetRequestAsync(string id, string format, string? jurisdiction_id, CitizenReportService reports, ServiceRequestStore store, CityIndex city, CancellationToken cancellationToken)
    {
        try
        {
            if (Format(format) is { } error)
            {
                return error;
            }

            var commune = reports.ResolveCommune(jurisdiction_id);
            var request = (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? await store.FindAsync(number, cancellationToken) : null)
                is { } found && found.CommuneId == commune.Id ? found : null;
            return request is null
                ? Open311Results.Error(StatusCodes.Status404NotFound, $"service_request_id: no service request '{id}'.")
                : Open311Results.Json<IReadOnlyList<ServiceRequestDto>>([ToDto(request, city)], Open311JsonContext.Api.IReadOnlyListServiceRequestDto);
        }
        catch (Open311Exception ex)
        {
            return Open311Results.Error(ex);
        }
    }

    private static async Task<IResult> PostRequestAsync(string format, HttpContext http, ApiKeyRing keys, CitizenReportService reports, CancellationToken cancellationToken)
    {
        try
        {
            if (Format(format) is { } error)
            {
                return error;
            }

            var form = await ReadFormAsync(http, cancellationToken);
            var apiKey = form["api_key"].ToString();
            var keyName = keys.Find(apiKey.Length > 0 ? apiKey : http.Request.Query["api_key"].ToString());
            if (keyName is null)
            {
                return Open311Results.Error(StatusCodes.Status403Forbidden,
                    apiKey.Length == 0 && !http.Request.Query.ContainsKey("api_key") ? "api_key: required to post a service request." : "api_key: not a valid key.");
            }

            var input = new ServiceRequestInput(
                JurisdictionId: Text(form["jurisdiction_id"]),
                ServiceCode: Text(form["service_code"]),
                Latitude: Number(form["lat"], "lat"),
                Longitude: Number(form["long"], "long"),
                AddressString: Text(form["address_string"]),
                AssetId: Text(form[$"attribute[{CitizenServices.AssetAttribute}]"]),
                Description: Text(form["description"]),
                MediaUrl: Text(form["media_url"]),
                Email: Text(form["email"]),
                FirstName: Text(form["first_name"]),
                LastName: Text(form["last_name"]));
            var receipt = await reports.SubmitAsync(input, $"api:{keyName}", cancellationToken);
            var request = receipt.Request;
            return Open311Results.Json<IReadOnlyList<CreatedDto>>(
                [new CreatedDto(Id(request), ServiceNotice(request), null, receipt.RatingToken)],
                Open311JsonContext.Api.IReadOnlyListCreatedDto, StatusCodes.Status201Created);
        }
        catch (Open311Exception ex)
        {
            return Open311Results.Error(ex);
        }
    }

    private static async Task<IResult> RateAsync(string id, string format, HttpContext http, CitizenReportService reports, CityIndex city, CancellationToken cancellationToken)
    {
        try
        {
            if (Format(format) is { } error)
            {
                return error;
            }

            var form = await ReadFormAsync(http, cancellationToken);
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return Open311Results.Error(StatusCodes.Status404NotFound, $"service_request_id: no service request '{id}'.");
            }

            var text = form["rating"].ToString();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rating))
            {
                throw Open311Exception.Invalid("rating", text.Length == 0 ? "required: a whole number from 1 to 5." : $"'{text}' is not a whole number from 1 to 5.");
            }

            var request = await reports.RateAsync(number, Text(form["token"]), rating, cancellationToken);
            return Open311Results.Json<IReadOnlyList<ServiceRequestDto>>([ToDto(request, city)], Open311JsonContext.Api.IReadOnlyListServiceRequestDto);
        }
        catch (Open311Exception ex)
        {
            return Open311Results.Error(ex);
        }
    }

    internal static ServiceRequestQuery ParseQuery(IQueryCollection q, string communeId, DateTimeOffset now)
    {
        var page = Integer(q["page"], "page", 1, int.MaxValue) ?? 1;
        var pageSize = Integer(q["page_size"], "page_size", 1, MaxPageSize) ?? DefaultPageSize;
        if (List(q["service_request_id"]) is { } idTexts)
        {
            var ids = idTexts.Select(t => long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw Open311Exception.Invalid("service_request_id", $"'{t}' is not a service request id.")).ToList();
            return new ServiceRequestQuery(communeId, Ids: ids, Page: page, PageSize: pageSize);
        }

        var codes = List(q["service_code"]);
        foreach (var code in codes ?? [])
        {
            _ = CitizenServices.Find(code) ?? throw Open311Exception.Invalid("service_code", $"'{code}' is not a service: one of {string.Join(", ", CitizenServices.All.Select(s => s.Code))}.");
        }

        bool? closed = null;
        if (List(q["status"]) is { } statuses)
        {
            var bad = statuses.FirstOrDefault(s => s is not ("open" or "closed"));
            closed = bad is not null
                ? throw Open311Exception.Invalid("status", $"'{bad}' is not open or closed.")
                : statuses.Distinct().Count() == 2 ? null : statuses[0] == "closed";
        }

        var start = Instant(q["start_date"], "start_date");
        var end = Instant(q["end_date"], "end_date");
        if (start is null && end is null)
        {
            start = (now - DefaultWindow).ToUnixTimeMilliseconds();
        }
        else if (start is null)
        {
            start = end!.Value - (long)DefaultWindow.TotalMilliseconds;
        }

        if (end is not null && start > end)
        {
            throw Open311Exception.Invalid("start_date", "must not be after end_date.");
        }

        return new ServiceRequestQuery(communeId, null, codes, closed, start, end, page, pageSize);
    }

    private static ServiceRequestDto ToDto(ServiceRequest r, CityIndex city)
    {
        var service = CitizenServices.Find(r.ServiceCode);
        var agency = r.OperatorId is { } op ? city.FindOperator(op)?.Name ?? op : city.FindCommune(r.CommuneId)?.Name ?? r.CommuneId;
        return new ServiceRequestDto(
            Id(r), r.Closed ? "closed" : "open", r.StatusNotes, service?.Name ?? r.ServiceCode, r.ServiceCode, r.Description, agency,
            ServiceNotice(r), Time(r.CreatedMs), Time(r.UpdatedMs), r.ExpectedMs is { } e ? Time(e) : null, r.Address, null, null,
            r.Latitude, r.Longitude, r.MediaUrl);
    }

    private static string Id(ServiceRequest r) => r.Id.ToString(CultureInfo.InvariantCulture);

    private static string? ServiceNotice(ServiceRequest r) =>
        r.Linked ? "This problem had already been reported; your request joins the one being handled." : null;

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Null when <paramref name="format"/> is json; else the error (xml: 400, anything else: 404).</summary>
    private static IResult? Format(string format) =>
        string.Equals(format, "json", StringComparison.OrdinalIgnoreCase) ? null
        : string.Equals(format, "xml", StringComparison.OrdinalIgnoreCase)
            ? Open311Results.Error(StatusCodes.Status400BadRequest, "format: this server answers JSON only; use .json instead of .xml.")
            : Open311Results.Error(StatusCodes.Status404NotFound, $"format: '.{format}' is not served; use .json.");

    private static async Task<IFormCollection> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            throw Open311Exception.Invalid("body", "send the parameters as application/x-www-form-urlencoded (or multipart/form-data).");
        }

        try
        {
            return await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw Open311Exception.Invalid("body", ex.Message);
        }
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || string.IsNullOrWhiteSpace(value[0]) ? null : value[0];

    private static double? Number(Microsoft.Extensions.Primitives.StringValues value, string field)
    {
        var text = Text(value);
        return text is null ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number
            : throw Open311Exception.Invalid(field, $"'{text}' is not a number (WGS84 degrees, with a dot).");
    }

    private static int? Integer(Microsoft.Extensions.Primitives.StringValues value, string field, int min, int max)
    {
        var text = Text(value);
        return text is null ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max ? number
            : throw Open311Exception.Invalid(field, $"must be a whole number from {min} to {max}.");
    }

    private static List<string>? List(Microsoft.Extensions.Primitives.StringValues value) =>
        Text(value) is { } text ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null;

    private static long? Instant(Microsoft.Extensions.Primitives.StringValues value, string field)
    {
        var text = Text(value);
        return text is null ? null
            : TimeParameters.TryParseInstant(text, DateTimeOffset.UnixEpoch, out var ms) ? ms
            : throw Open311Exception.Invalid(field, $"'{text}' is not an ISO 8601 date-time (for example 2026-11-23T20:00:00Z).");
    }
}
