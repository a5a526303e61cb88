using Microsoft.AspNetCore.Http.HttpResults;

namespace Iot.Hub.Internal;

/// <summary>The REST API's error answers, as <c>ProblemDetails</c>: one shape for every feature.</summary>
internal static class Problems
{
    /// <summary>A 400 naming the bad parameter or body field in <c>field</c>.</summary>
    public static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>
    /// A 404 titled "Unknown <paramref name="what"/>". Also the answer for what the viewer may not see: existence does not leak.
    /// </summary>
    public static ProblemHttpResult NotFound(string what, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Unknown " + what);

    /// <summary>
    /// An endpoint filter for the typed query parameters that parse themselves (<see cref="BoundingBox"/>): when ASP.NET
    /// Core could not bind one, it answers the same 400 naming the parameter as a hand-checked parameter would, instead of
    /// an empty 400. Filters run on a binding failure; the handler does not.
    /// </summary>
    public static TBuilder WithQueryProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Response.StatusCode == StatusCodes.Status400BadRequest
                && context.HttpContext.Request.Query.TryGetValue(BoundingBox.Name, out var bbox)
                && !BoundingBox.TryParse(bbox, null, out _)
                ? Invalid(BoundingBox.Name, BoundingBox.Expected)
                : await next(context));
}
