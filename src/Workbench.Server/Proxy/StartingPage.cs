using System.Net;

namespace Workbench.Server.Proxy;

/// <summary>What a user who opened an app too early sees: a page that reloads itself until the instance runs.</summary>
public static class StartingPage
{
    private const int RefreshSeconds = 2;

    public static IResult For(string instance, string state) =>
        Results.Content(
            $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{{RefreshSeconds}}">
            <title>{{WebUtility.HtmlEncode(instance)}} is starting</title></head>
            <body style="font-family: sans-serif; margin: 3em">
            <h1>{{WebUtility.HtmlEncode(instance)}} is {{WebUtility.HtmlEncode(state.ToLowerInvariant())}}</h1>
            <p>This page reloads every {{RefreshSeconds}} seconds and opens the app once it is ready.</p>
            </body></html>
            """,
            "text/html; charset=utf-8",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}
