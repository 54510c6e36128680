using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.Studio.Tests;

/// <summary>Debian's chromium, headless, driven by Playwright.</summary>
public static class Chromium
{
    /// <summary>Skips the calling test when chromium is not installed (scripts/host-packages.sh installs it for the test suite).</summary>
    public static void SkipWhenMissing() =>
        Assert.SkipUnless(DebianChromium.IsInstalled, $"{DebianChromium.ExecutablePath} is not installed (apt-get install chromium); the browser tests need Debian's chromium.");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = DebianChromium.ExecutablePath,
        Headless = true,
        Args = DebianChromium.Flags,
    });
}
