using Workbench.Server.Api;
using Workbench.Server.Auth;

namespace Workbench.Server.Access;

/// <summary>
/// Runs before an endpoint under /workspaces/{workspace}: a workspace the caller is not a member of
/// answers 404, as one that does not exist does (so it leaks nothing); a role that does not grant the
/// endpoint's action, 403 naming it. Ownership-scoped roles are then narrowed by the handler through
/// <see cref="CallerAccess"/>. Endpoints outside workspaces keep their own rules.
/// </summary>
public sealed class AccessFilter(MemberRoles roles, CallerAccess access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiredAction>();
        if (required is null || http.GetRouteValue("workspace") is not string workspace)
        {
            return await next(context);
        }
        var caller = http.User;
        var role = await roles.OfAsync(workspace, caller.UserName(), caller.IsAdmin(), http.RequestAborted);
        if (role is null)
        {
            return required.CreatesWorkspace && caller.IsAdmin()
                ? await next(context)
                : ApiProblems.NotFound($"There is no workspace named '{workspace}'.");
        }
        // The ownership question comes later, on the resource itself: here, whether the role could grant it at all.
        if (!role.Allows(required.Action, callerOwnsTarget: true))
        {
            return ApiProblems.Denied(required.Action, $"Your role '{role.Name}' in workspace '{workspace}' does not grant '{required.Action}'.");
        }
        access.Grant(caller.UserName(), workspace, required.Action, role);
        return await next(context);
    }
}
