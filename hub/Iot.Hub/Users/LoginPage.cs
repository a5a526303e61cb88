using System.Globalization;
using System.Net;
using Iot.Dashboard.Resources;
using Microsoft.Extensions.Localization;

namespace Iot.Hub.Users;

/// <summary>
/// The sign-in and sign-out pages: plain HTML forms (no script, no circuit) posted with an antiforgery token, in the
/// request's language (fr, ar, en; right-to-left for Arabic). Every dynamic value is HTML-encoded.
/// </summary>
internal static class LoginPage
{
    private const string Style = """
        body{margin:0;font:16px/1.4 system-ui,sans-serif;background:#f3f4f6;color:#1f2937}
        header{background:#594ae2;color:#fff;padding:12px 16px;display:flex;gap:12px;align-items:center}
        header h1{font-size:1.1rem;margin:0;flex:1}
        header a{color:#fff}
        main{max-width:360px;margin:48px auto;background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
        h2{margin-top:0;font-size:1.3rem}
        label{display:block;margin:12px 0 4px;font-weight:600}
        input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font:inherit;border:1px solid #6b7280;border-radius:4px}
        button{margin-top:16px;width:100%;padding:10px;font:inherit;font-weight:600;color:#fff;background:#594ae2;border:0;border-radius:4px;cursor:pointer}
        .error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:8px;border-radius:4px}
        """;

    // Each language named in itself, as in the dashboard's app bar.
    private static readonly (string Code, string Name)[] Languages = [("fr", "Français"), ("ar", "العربية"), ("en", "English")];

    /// <param name="error">Already localized message, or null.</param>
    public static string SignIn(IStringLocalizer<Strings> l, string returnUrl, string tokenField, string token, string? name, string? error)
    {
        var body = $"""
            <h2>{E(l["SignInTitle"])}</h2>
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\" data-testid=\"login-error\">{E(error)}</p>")}
            <form method="post" action="/login" data-testid="login-form">
              <input type="hidden" name="{E(tokenField)}" value="{E(token)}">
              <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
              <label for="name">{E(l["UserName"])}</label>
              <input type="text" id="name" name="name" value="{E(name ?? "")}" autocomplete="username" required autofocus>
              <label for="password">{E(l["Password"])}</label>
              <input type="password" id="password" name="password" autocomplete="current-password" required>
              <button type="submit">{E(l["SignIn"])}</button>
            </form>
            """;
        return Page(l, l["SignInTitle"], body, "/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
    }

    public static string SignOut(IStringLocalizer<Strings> l, string tokenField, string token, string who)
    {
        var body = $"""
            <h2>{E(l["SignOutQuestion"])}</h2>
            <p data-testid="signed-in-user">{E(who)}</p>
            <form method="post" action="/logout" data-testid="logout-form">
              <input type="hidden" name="{E(tokenField)}" value="{E(token)}">
              <button type="submit">{E(l["SignOut"])}</button>
            </form>
            """;
        return Page(l, l["SignOut"], body, "/logout");
    }

    private static string Page(IStringLocalizer<Strings> l, string title, string body, string path)
    {
        var culture = CultureInfo.CurrentUICulture;
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var languages = string.Join(" ", Languages.Select(language =>
            $"<a href=\"{E(path + separator + "culture=" + language.Code)}\" lang=\"{language.Code}\">{E(language.Name)}</a>"));
        return $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}" dir="{(culture.TextInfo.IsRightToLeft ? "rtl" : "ltr")}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} — {E(l["AppTitle"])}</title>
            <style>{Style}</style>
            </head>
            <body>
            <header><h1>{E(l["AppTitle"])}</h1><nav aria-label="{E(l["LanguageLabel"])}">{languages}</nav></header>
            <main>
            {body}
            </main>
            </body>
            </html>
            """;
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
