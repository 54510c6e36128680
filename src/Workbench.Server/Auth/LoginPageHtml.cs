using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace Workbench.Server.Auth;

/// <summary>The sign-in page as HTML: one small form, styles inline, no scripts, nothing loaded from anywhere else.</summary>
public static class LoginPageHtml
{
    /// <summary>Only what the page itself holds may run or load, it may post only here, and no other site may frame it.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <param name="signedInAs">The user whose session this browser has, if any: the page then offers to sign out.</param>
    /// <param name="returnUrl">A local URL to go back to after signing in; only ever one that passed <see cref="LocalUrl.IsLocal"/>.</param>
    public static string Render(string pathBase, AntiforgeryTokenSet tokens, string? signedInAs, string? userName, string? returnUrl, string? message)
    {
        var antiforgery = Hidden(tokens.FormFieldName, tokens.RequestToken);
        var body = signedInAs is null
            ? $"""
              <h1>Sign in to Workbench</h1>
              {Message(message)}
              <form method="post" action="{Encode(pathBase)}{LoginPages.LoginPath}">
              {antiforgery}{(returnUrl is null ? "" : Hidden(LoginPages.ReturnUrlParameter, returnUrl))}
              <label for="username">User name</label>
              <input id="username" name="username" autocomplete="username" autocapitalize="none" required autofocus value="{Encode(userName)}">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">Sign in</button>
              </form>
              """
            : $"""
              <h1>Workbench</h1>
              {Message(message)}
              <p>You are signed in as <strong>{Encode(signedInAs)}</strong>.</p>
              {(returnUrl is null ? "" : $"<p><a href=\"{Encode(returnUrl)}\">Continue to {Encode(returnUrl)}</a></p>")}
              <form method="post" action="{Encode(pathBase)}{LoginPages.LogoutPath}">
              {antiforgery}
              <button type="submit">Sign out</button>
              </form>
              """;
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Workbench: sign in</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 24rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
            label { display: block; margin-top: 1rem; font-weight: 600; }
            input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; border: 1px solid #888; border-radius: 4px; }
            button { margin-top: 1.5rem; padding: .5rem 1.5rem; font-size: 1rem; cursor: pointer; }
            .message { padding: .5rem .75rem; border-left: 4px solid #b00020; background: #fdecee; }
            </style>
            </head>
            <body>
            {{body}}
            </body>
            </html>
            """;
    }

    private static string Message(string? message) =>
        message is null ? "" : $"<p class=\"message\" role=\"alert\">{Encode(message)}</p>";

    private static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">\n";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
