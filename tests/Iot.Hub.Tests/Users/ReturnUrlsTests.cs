using Iot.Hub.Users;

namespace Iot.Hub.Tests.Users;

public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/status", "/status")]
    [InlineData("/?culture=ar", "/?culture=ar")]
    [InlineData("/tickets?status=open&page=2", "/tickets?status=open&page=2")]
    public void Safe_KeepsAPathOnThisHub(string asked, string expected) => Assert.Equal(expected, ReturnUrls.Safe(asked));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("//evil.example/path")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("status")]
    [InlineData("/ok\r\nLocation: https://evil.example")]
    [InlineData("/login")]
    [InlineData("/logout?x=1")]
    public void Safe_SendsAnythingThatCouldLeaveTheHubHome(string? asked) => Assert.Equal("/", ReturnUrls.Safe(asked));
}
