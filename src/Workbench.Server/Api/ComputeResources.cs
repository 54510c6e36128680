using Workbench.Contracts;
using Workbench.Domain.Computes;
using Workbench.Server.Reconcile;

namespace Workbench.Server.Api;

/// <summary>Turns stored instances into what the API shows.</summary>
public static class ComputeResources
{
    public static ComputeInstanceResource ToResource(this ComputeInstance instance) => new(
        instance.Name,
        instance.Workspace,
        instance.Size,
        instance.Image,
        instance.Owner,
        instance.CreatedBy,
        instance.State.ToString(),
        instance.DesiredState.ToString(),
        instance.Endpoints,
        instance.Endpoints.Keys.ToDictionary(app => app, app => AppPaths.BaseUrl(instance.Workspace, instance.Name, app)),
        instance.Error,
        instance.CreatedAt,
        instance.UpdatedAt);
}
