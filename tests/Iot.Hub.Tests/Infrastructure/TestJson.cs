using System.Text.Json;

namespace Iot.Hub.Tests.Infrastructure;

public static class TestJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
