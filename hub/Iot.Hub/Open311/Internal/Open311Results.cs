using System.Text.Json.Serialization.Metadata;

namespace Iot.Hub.Open311.Internal;

/// <summary>Open311's answers: JSON through the source-generated context, errors as <c>[{"code", "description"}]</c>.</summary>
internal static class Open311Results
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, type, "application/json; charset=utf-8", status);

    public static IResult Error(int status, string description) =>
        Json<IReadOnlyList<Open311ErrorDto>>([new Open311ErrorDto(status, description)], Open311JsonContext.Api.IReadOnlyListOpen311ErrorDto, status);

    public static IResult Error(Open311Exception error) => Error(error.Status, error.Message);
}
