using Xunit;

namespace Iot.Edge.Tests;

public sealed class EdgeCommandLineTests
{
    [Theory]
    [InlineData(new string[0], "run", EdgeCommandLine.DefaultConfig)]
    [InlineData(new[] { "--config", "a.json" }, "run", "a.json")]
    [InlineData(new[] { "run", "--config=b.json" }, "run", "b.json")]
    [InlineData(new[] { "nmea-replay", "log.nmea" }, "nmea-replay", "log.nmea")]
    [InlineData(new[] { "run", "--help" }, "help", null)]
    public void Parse_ValidArguments(string[] args, string command, string? path)
    {
        var parsed = EdgeCommandLine.Parse(args, TextWriter.Null);

        Assert.Equal(new EdgeCommandLine(command, path), parsed);
    }

    [Fact]
    public void Parse_NoConfigArgument_UsesTheEnvironmentVariable()
    {
        Assert.Equal("/srv/agent.json", EdgeCommandLine.Parse([], TextWriter.Null, "/srv/agent.json")!.Path);
    }

    [Theory]
    [InlineData(new[] { "fly" }, "unknown command 'fly'")]
    [InlineData(new[] { "nmea-replay" }, "nmea-replay takes exactly one file")]
    [InlineData(new[] { "run", "--verbose" }, "unknown argument '--verbose'")]
    public void Parse_BadArguments_SaySoAndReturnNull(string[] args, string message)
    {
        using var error = new StringWriter();

        Assert.Null(EdgeCommandLine.Parse(args, error));
        Assert.Equal(message, error.ToString().Trim());
    }
}
