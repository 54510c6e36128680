using Microsoft.EntityFrameworkCore;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>Answers 404 for a route under a workspace that does not exist, before the endpoint runs.</summary>
public sealed class WorkspaceExistsFilter(WorkbenchDbContext db) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var workspace = context.HttpContext.GetRouteValue("workspace") as string ?? "";
        if (!await db.Workspaces.AnyAsync(w => w.Name == workspace, context.HttpContext.RequestAborted))
        {
            return ApiProblems.NotFound($"There is no workspace named '{workspace}'.");
        }
        return await next(context);
    }
}
