namespace Workbench.Server.Reconcile;

/// <summary>The URL path under which the proxy serves an instance's app; the app is started with it as its base URL.</summary>
public static class AppPaths
{
    public static string BaseUrl(string workspace, string instance, string app) => $"/i/{workspace}/{instance}/{app}/";
}
