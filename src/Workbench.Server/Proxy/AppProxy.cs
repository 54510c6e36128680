using System.Net;
using System.Security.Claims;
using Workbench.Domain.Access;
using Workbench.Domain.Computes;
using Workbench.Server.Access;
using Workbench.Server.Api;
using Workbench.Server.Auth;
using Workbench.Server.Reconcile;
using Yarp.ReverseProxy.Forwarder;

namespace Workbench.Server.Proxy;

/// <summary>
/// /i/{workspace}/{instance}/{app}/...: forwards HTTP and websockets to an instance's app, for its
/// owner only (admins and workspace Owners included in "not the owner"), when their role grants
/// application access, signed in with an API token or the browser session.
/// Each request reads the instance through <see cref="AppRoutes"/>, which this server's writes keep
/// current, so a route lives exactly while the instance runs, with no restart of anything.
/// </summary>
public static class AppProxy
{
    private const string Prefix = "/i";

    public static IEndpointRouteBuilder MapAppProxy(this IEndpointRouteBuilder app)
    {
        // The role must grant application access, and the caller must own the instance besides: a workspace's
        // Owner may stop anyone's instance but not open its apps. The app's traffic is not Workbench's to audit.
        app.Map(Prefix + "/{workspace}/{instance}/{app}/{**rest}", ForwardAsync).RequireAction(WorkbenchActions.ComputesApplicationAccess, audited: false);
        return app;
    }

    /// <summary>A person opening an app in a browser tab, who is better served by the login page than by a 401.</summary>
    public static bool IsBrowserNavigation(HttpRequest request) =>
        request.Path.StartsWithSegments(Prefix)
        && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task<IResult> ForwardAsync(
        HttpContext context, string workspace, string instance, string app, string? rest, ClaimsPrincipal caller,
        AppRoutes routes, AppSecrets secrets, IHttpForwarder forwarder, AppHttpClient client)
    {
        if (caller.HasSession() && !SameOrigin.Holds(context.Request))
        {
            return ApiProblems.Forbidden("A request made with the session cookie must come from this site's own pages.");
        }
        var found = await routes.FindAsync(workspace, instance, context.RequestAborted);
        if (found is null)
        {
            return ApiProblems.NotFound($"There is no compute named '{instance}' in workspace '{workspace}'.");
        }
        if (found.Owner != caller.UserName())
        {
            return ApiProblems.Forbidden($"Only the owner of '{found.Name}' ({found.Owner}) may open its apps.");
        }
        var basePath = AppPaths.BaseUrl(found.Workspace, found.Name, app);
        if (!context.Request.Path.StartsWithSegments(basePath.TrimEnd('/'), StringComparison.Ordinal))
        {
            // The app knows its base URL in one spelling; an instance name asked in another case is led there.
            return Results.Redirect($"{basePath}{rest}{context.Request.QueryString}", permanent: false, preserveMethod: true);
        }
        if (found.State is InstanceState.Creating or InstanceState.Starting or InstanceState.Restarting)
        {
            return StartingPage.For(found.Name, found.State.ToString());
        }
        if (found.State is not InstanceState.Running || AppEndpoints.Find(found, app) is not { } endpoint)
        {
            return found.State is InstanceState.Running
                ? ApiProblems.NotFound($"'{found.Name}' has no app named '{app}'.")
                : ApiProblems.Conflict("Compute is not running", $"'{found.Name}' is {found.State}; start it to open its apps.");
        }
        var error = await forwarder.SendAsync(context, $"http://{endpoint}", client.Invoker,
            ForwarderRequestConfig.Empty, new AppRequestTransformer(secrets.GetOrCreate(found.Id)));
        if (error is not ForwarderError.None && !context.Response.HasStarted)
        {
            return TypedResults.Problem($"The app did not answer ({error}).", statusCode: (int)HttpStatusCode.BadGateway, title: "Bad gateway");
        }
        return Results.Empty;
    }
}
