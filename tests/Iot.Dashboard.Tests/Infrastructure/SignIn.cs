using Microsoft.Playwright;

namespace Iot.Dashboard.Tests.Infrastructure;

/// <summary>Signs a browser page in through the hub's real /login form, as a person would.</summary>
public static class SignIn
{
    /// <summary>Opens <paramref name="path"/>, which sends the browser to /login; fills the form and waits to be back on <paramref name="path"/>.</summary>
    public static async Task AsAsync(IPage page, Uri hub, string name, string password, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(new Uri(hub, path).ToString());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await SubmitAsync(page, name, password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/login");
    }

    /// <summary>Fills and submits the sign-in form of the page (already on /login).</summary>
    public static async Task SubmitAsync(IPage page, string name, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("#name").FillAsync(name);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("[data-testid=login-form] button[type=submit]").ClickAsync();
    }
}
