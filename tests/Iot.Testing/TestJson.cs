using System.Text.Json;

namespace Iot.Testing;

/// <summary>The JSON settings of the hub's API (web defaults), for tests that read it.</summary>
public static class TestJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
