namespace Workbench.Testing;

/// <summary>
/// How the browser tests and the Studio benchmark start Debian's chromium (no browser download): its
/// path and the flags that keep it off the network it would otherwise call on its own (these machines
/// have none) and out of a sandbox that root cannot have.
/// </summary>
public static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static IReadOnlyList<string> Flags { get; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);
}
