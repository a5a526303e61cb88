namespace Iot.Hub.Open311;

/// <summary>
/// What a citizen sends, from <c>POST requests.json</c> or the public page: GeoReport v2's parameters, with
/// <see cref="AssetId"/> for the service attribute <c>attribute[asset_id]</c>. Reporter fields are optional;
/// only <see cref="Email"/> and the name are kept, and never returned.
/// </summary>
public sealed record ServiceRequestInput(
    string? JurisdictionId,
    string? ServiceCode,
    double? Latitude,
    double? Longitude,
    string? AddressString = null,
    string? AssetId = null,
    string? Description = null,
    string? MediaUrl = null,
    string? Email = null,
    string? FirstName = null,
    string? LastName = null);

/// <summary>The answer to a new request: the stored request and the rating token, shown to the reporter only.</summary>
public sealed record ServiceRequestReceipt(ServiceRequest Request, string RatingToken);
