namespace Workbench.Server.Proxy;

/// <summary>
/// The host name of one app's own origin: {instance}--{app}--{workspace}.{baseDomain}. Compute
/// names may not hold "--", so the three parts split back unambiguously; host names ignore case,
/// so the instance part is its lowercase name key.
/// </summary>
public sealed record AppHost(string Workspace, string Instance, string App)
{
    private const string Separator = "--";

    public string Name(string baseDomain) => $"{Instance.ToLowerInvariant()}{Separator}{App}{Separator}{Workspace}.{baseDomain}";

    /// <summary>The app a host name stands for, or null when the host is not an app host of this base domain.</summary>
    public static AppHost? Parse(string host, string baseDomain)
    {
        var suffix = "." + baseDomain;
        if (!host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var parts = host[..^suffix.Length].ToLowerInvariant().Split(Separator);
        return parts.Length == 3 && parts.All(p => p.Length > 0 && !p.Contains('.', StringComparison.Ordinal))
            ? new AppHost(parts[2], parts[0], parts[1])
            : null;
    }
}
