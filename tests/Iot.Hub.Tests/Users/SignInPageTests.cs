using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Iot.Hub.Tests.Deployment;
using Iot.Hub.Users;
using Iot.Testing;
using Iot.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Iot.Hub.Tests.Users;

/// <summary>The /login form and the cookie session over real HTTP (the browser tests drive the same page in Chromium).</summary>
public sealed partial class SignInPageTests
{
    [Fact]
    public async Task SignIn_WithTheForm_GivesASessionCookie_ThatTheApiAccepts_AndSignOutEndsIt()
    {
        await using var hub = await HubInstance.StartAsync();
        var password = await hub.AddUserAsync("bus-ops", "operator", "OP-BUS");
        using var browser = Browser(hub);

        using var signedIn = await PostFormAsync(browser, "/login?ReturnUrl=%2Fstatus", new() { ["name"] = "bus-ops", ["password"] = password, ["returnUrl"] = "/status" });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/status", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(UsersExtensions.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/users/me", TestJson.Options);
        Assert.Equal(("bus-ops", "OP-BUS"), (me.GetProperty("name").GetString(), me.GetProperty("operatorId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/status")).StatusCode);

        using var signedOut = await PostFormAsync(browser, "/logout", []);
        Assert.Equal("/login", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/status")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsOneGenericMessage_AndLogsTheNameButNeverThePassword()
    {
        var logs = new WarningRecorder();
        await using var hub = await HubInstance.StartAsync(configureServices: s => s.AddLogging(b => b.AddProvider(logs)));
        await hub.AddUserAsync("tech-9", "technician");
        using var browser = Browser(hub);

        using var wrong = await PostFormAsync(browser, "/login", new() { ["name"] = "tech-9", ["password"] = "Secret-Guess-1", ["returnUrl"] = "/" });
        using var unknown = await PostFormAsync(browser, "/login", new() { ["name"] = "nobody", ["password"] = "Secret-Guess-2", ["returnUrl"] = "/" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"login-error\"", wrongPage, StringComparison.Ordinal);
        Assert.Equal(ErrorText(wrongPage), ErrorText(await unknown.Content.ReadAsStringAsync())); // no hint which was wrong
        Assert.DoesNotContain("Secret-Guess-1", wrongPage, StringComparison.Ordinal);
        Assert.False(wrong.Headers.Contains("Set-Cookie") && wrong.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(UsersExtensions.CookieName, StringComparison.Ordinal)));

        Assert.Contains(logs.Lines, l => l.Contains("tech-9", StringComparison.Ordinal) && l.Contains("WrongPassword", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("nobody", StringComparison.Ordinal) && l.Contains("UnknownUser", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Secret-Guess", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRefused()
    {
        await using var hub = await HubInstance.StartAsync();
        var password = await hub.AddUserAsync("tech-8", "technician");
        using var browser = Browser(hub);

        using var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "tech-8", ["password"] = password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/users/me")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task SignIn_NeverRedirectsOffTheHub(string returnUrl)
    {
        await using var hub = await HubInstance.StartAsync();
        var password = await hub.AddUserAsync("tech-7", "technician");
        using var browser = Browser(hub);

        using var response = await PostFormAsync(browser, "/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), new() { ["name"] = "tech-7", ["password"] = password, ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Demo_CreatesTheUsersTheReadmeLists_AndEachSignsInWithItsDocumentedPassword()
    {
        await using var hub = await HubInstance.StartAsync(["--Users:CreateDemoUsers=true"]);
        var documented = ReadmeDemoUsers();
        Assert.Equal(DemoUsers.For(hub.Registry.City).Select(u => u.Name).Order(), documented.Select(u => u.Name).Order());

        foreach (var (name, role, operatorId, password) in documented)
        {
            var me = await hub.ClientFor(name, password).GetFromJsonAsync<JsonElement>("/api/users/me", TestJson.Options);
            Assert.Equal((name, role, operatorId), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString(), me.GetProperty("operatorId").GetString()));
        }
    }

    /// <summary>The rows of the demo users table in the root README: | `name` | role | operator | `password` |.</summary>
    private static List<(string Name, string Role, string? OperatorId, string Password)> ReadmeDemoUsers() =>
        [.. DemoRow().Matches(File.ReadAllText(RepositoryFiles.PathOf("README.md")))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value is "—" or "" ? null : m.Groups[3].Value, m.Groups[4].Value))];

    [GeneratedRegex(@"^\| `([a-z0-9-]+)` \| (admin|manager|operator|technician) \| `?([A-Z-]*|—)`? \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex DemoRow();

    private static HttpClient Browser(HubInstance hub) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = hub.BaseAddress };

    /// <summary>GETs the page the form is on (for its antiforgery token and cookie), then posts the form with the token.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string pagePath, Dictionary<string, string> fields)
    {
        var action = pagePath.StartsWith("/logout", StringComparison.Ordinal) ? "/logout" : "/login";
        var page = await browser.GetStringAsync(pagePath);
        var token = TokenField().Match(page);
        Assert.True(token.Success, "no antiforgery token on " + pagePath);
        fields[token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value);
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static string ErrorText(string page) => ErrorParagraph().Match(page).Groups[1].Value;

    [GeneratedRegex("<input type=\"hidden\" name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\">")]
    private static partial Regex TokenField();

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex ErrorParagraph();

    private sealed class WarningRecorder : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(Lines);

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {formatter(state, exception)} {exception}");
        }
    }
}
