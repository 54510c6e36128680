using System.Net;
using System.Text.RegularExpressions;

namespace Workbench.Testing;

/// <summary>
/// Uses the login page as a browser does: reads the antiforgery token from the page's form and posts it
/// back with the fields. The client must keep cookies, since the token pairs with one.
/// </summary>
public static partial class LoginForm
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    public static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string page = "/login")
    {
        var html = await browser.GetStringAsync(page);
        var match = TokenInput().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"{page} has no antiforgery token:\n{html}");
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string password, string? returnUrl = null)
    {
        var page = returnUrl is null ? "/login" : $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var fields = new Dictionary<string, string>
        {
            [AntiforgeryField] = await AntiforgeryTokenAsync(browser, page),
            ["username"] = userName,
            ["password"] = password,
        };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        return await browser.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient browser) =>
        await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [AntiforgeryField] = await AntiforgeryTokenAsync(browser),
        }));
}
