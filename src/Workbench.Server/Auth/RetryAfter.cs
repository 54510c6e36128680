using System.Globalization;

namespace Workbench.Server.Auth;

/// <summary>How a refusal says when to come back: whole seconds for the Retry-After header, words for people.</summary>
public static class RetryAfter
{
    public static string Seconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static string Describe(TimeSpan wait) =>
        wait <= TimeSpan.FromMinutes(1) ? "a minute" : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";
}
