namespace Iot.Hub.Open311.Internal;

// The GeoReport v2 JSON shapes, snake_case through Open311JsonContext. Kept together: they are one wire format.

/// <summary>An entry of <c>services.json</c>.</summary>
internal sealed record ServiceDto(string ServiceCode, string ServiceName, string Description, bool Metadata, string Type, string Keywords, string Group);

/// <summary><c>services/{service_code}.json</c>: the service's attributes.</summary>
internal sealed record ServiceDefinitionDto(string ServiceCode, IReadOnlyList<ServiceAttributeDto> Attributes);

internal sealed record ServiceAttributeDto(bool Variable, string Code, string Datatype, bool Required, string DatatypeDescription, int Order, string Description);

/// <summary>A service request as <c>requests.json</c> and <c>requests/{id}.json</c> return it (the reporter's details never).</summary>
internal sealed record ServiceRequestDto(
    string ServiceRequestId,
    string Status,
    string? StatusNotes,
    string ServiceName,
    string ServiceCode,
    string? Description,
    string AgencyResponsible,
    string? ServiceNotice,
    DateTimeOffset RequestedDatetime,
    DateTimeOffset UpdatedDatetime,
    DateTimeOffset? ExpectedDatetime,
    string? Address,
    string? AddressId,
    string? Zipcode,
    double Lat,
    double Long,
    string? MediaUrl);

/// <summary>The answer to <c>POST requests.json</c>; <c>rating_token</c> is this server's extension (see the README).</summary>
internal sealed record CreatedDto(string ServiceRequestId, string? ServiceNotice, string? AccountId, string RatingToken);

/// <summary>GeoReport v2's error element: <c>code</c> is the HTTP status.</summary>
internal sealed record Open311ErrorDto(int Code, string Description);

/// <summary>The Open311 service discovery document.</summary>
internal sealed record DiscoveryDto(string Changeset, string Contact, string KeyService, IReadOnlyList<DiscoveryEndpointDto> Endpoints);

internal sealed record DiscoveryEndpointDto(string Specification, string Url, string Changeset, string Type, IReadOnlyList<string> Formats);
