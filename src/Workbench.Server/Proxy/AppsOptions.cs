using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Workbench.Server.Proxy;

/// <summary>How instance apps are addressed ("Workbench:Apps").</summary>
public sealed class AppsOptions
{
    /// <summary>
    /// When set (e.g. "apps.example.org"), each app is also served on its own origin,
    /// {instance}--{app}--{workspace}.{BaseDomain}, and browsers are sent there: code running in
    /// the app then shares no origin, and so no cookies or API access, with Workbench itself.
    /// Needs a wildcard DNS name (and certificate) pointing at the server; "localhost" works on
    /// one machine, since browsers resolve every *.localhost to the loopback address.
    /// </summary>
    public string? BaseDomain { get; set; }

    /// <summary>
    /// The address browsers reach Workbench itself at (e.g. "https://workbench.example.org"); needed
    /// with a base domain, so an app's origin, which has no login page, can send people there to sign in.
    /// </summary>
    public string? ServerUrl { get; set; }
}

/// <summary>Refuses a base domain that is not a host name, when the server starts.</summary>
public sealed partial class AppsOptionsValidator : IValidateOptions<AppsOptions>
{
    [GeneratedRegex("^(?=.{1,200}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")]
    private static partial Regex HostName();

    public ValidateOptionsResult Validate(string? name, AppsOptions options)
    {
        if (options.BaseDomain is null)
        {
            return ValidateOptionsResult.Success;
        }
        if (!HostName().IsMatch(options.BaseDomain))
        {
            return ValidateOptionsResult.Fail(
                $"Workbench:Apps:BaseDomain must be a lowercase host name without scheme, port or leading dot; '{options.BaseDomain}' is not.");
        }
        return Uri.TryCreate(options.ServerUrl, UriKind.Absolute, out var server) && server.Scheme is "http" or "https" && server.AbsolutePath == "/"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Workbench:Apps:ServerUrl must be the http(s) address browsers reach Workbench at, without a path, when Workbench:Apps:BaseDomain is set; '{options.ServerUrl}' is not.");
    }
}
