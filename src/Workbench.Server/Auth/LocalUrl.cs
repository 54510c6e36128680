using System.Diagnostics.CodeAnalysis;

namespace Workbench.Server.Auth;

/// <summary>Where signing in may send the browser afterwards: only to a path on this server, so no link can make the login page an open redirect.</summary>
public static class LocalUrl
{
    /// <summary>
    /// "/path" yes; "//host", "/\host" (browsers read both as another host), absolute URLs and anything
    /// with control characters (browsers drop tabs and newlines, so "/\t/host" is "//host") no.
    /// </summary>
    public static bool IsLocal([NotNullWhen(true)] string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
