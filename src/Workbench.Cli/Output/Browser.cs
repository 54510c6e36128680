using System.Diagnostics;

namespace Workbench.Cli.Output;

/// <summary>Opens a URL in the desktop's browser when there is a desktop; on a server it does nothing.</summary>
internal static class Browser
{
    public static void TryOpen(Uri url)
    {
        var desktop = Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 };
        if (!desktop || !File.Exists("/usr/bin/xdg-open"))
        {
            return;
        }
        try
        {
            using var _ = Process.Start(new ProcessStartInfo("/usr/bin/xdg-open", [url.ToString()]) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No browser after all: the URL is printed already.
        }
    }
}
