namespace Workbench.Server.Access;

/// <summary>
/// Endpoint metadata: the one action an endpoint needs. Under /workspaces/{workspace} the caller's role
/// there must grant it (<see cref="AccessFilter"/>); every mutating call is recorded under it in the audit log.
/// </summary>
/// <param name="Action">A <see cref="Domain.Access.WorkbenchActions"/> or <see cref="Domain.Access.PlatformActions"/> string.</param>
/// <param name="CreatesWorkspace">The endpoint may name a workspace that does not exist yet (platform admins create it).</param>
/// <param name="Audited">Whether mutating calls are recorded; the app proxy's traffic is the app's own, not Workbench's.</param>
public sealed record RequiredAction(string Action, bool CreatesWorkspace = false, bool Audited = true);

/// <summary>Declares an endpoint's action on its Map line, so each route shows what it needs.</summary>
public static class RequiredActionExtensions
{
    public static TBuilder RequireAction<TBuilder>(this TBuilder builder, string action, bool createsWorkspace = false, bool audited = true)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredAction(action, createsWorkspace, audited)).AddEndpointFilter<TBuilder, AccessFilter>();
}
