using System.Globalization;
using Spectre.Console;
using Workbench.Contracts;

namespace Workbench.Cli.Output;

/// <summary>Workspaces, members, roles, quotas and audit rows as tables.</summary>
internal static class AccessTables
{
    public static void Workspaces(IAnsiConsole console, Page<WorkspaceResource> workspaces)
    {
        var table = Tables.Create("Name", "Your role", "Release quota on stop", "Created");
        foreach (var w in workspaces.Value)
        {
            Tables.AddRow(table, w.Name, w.Role, w.ReleaseQuotaOnStop ? "yes" : "no", Time(w.CreatedAt));
        }
        console.Write(table);
    }

    public static void Workspace(IAnsiConsole console, WorkspaceResource workspace) =>
        console.Write(Tables.Fields([
            ("Name", workspace.Name), ("Your role", workspace.Role),
            ("Release quota on stop", workspace.ReleaseQuotaOnStop ? "yes" : "no"), ("Created", Time(workspace.CreatedAt)),
        ]));

    public static void Members(IAnsiConsole console, Page<MemberResource> members)
    {
        var table = Tables.Create("User", "Role", "Assigned");
        foreach (var m in members.Value)
        {
            Tables.AddRow(table, m.User, m.Role, Time(m.AssignedAt));
        }
        console.Write(table);
    }

    public static void Roles(IAnsiConsole console, Page<RoleResource> roles)
    {
        var table = Tables.Create("Name", "Kind", "Actions", "Not actions", "Own computes only", "Description");
        foreach (var r in roles.Value)
        {
            Tables.AddRow(table, r.Name, r.IsBuiltIn ? "built-in" : "custom", string.Join(' ', r.Actions), string.Join(' ', r.NotActions),
                r.OwnComputesOnly ? "yes" : "no", r.Description);
        }
        console.Write(table);
    }

    /// <summary>Usage per family, as `az ml list-usage` shows it.</summary>
    public static void Quotas(IAnsiConsole console, Page<QuotaResource> quotas)
    {
        var table = Tables.Create("Family", "Used vCPUs", "Limit");
        foreach (var q in quotas.Value)
        {
            Tables.AddRow(table, q.Family, q.Used.ToString(CultureInfo.InvariantCulture), q.Limit?.ToString(CultureInfo.InvariantCulture) ?? "unlimited");
        }
        console.Write(table);
    }

    public static void Audit(IAnsiConsole console, Page<AuditEntryResource> entries) => Audit(console, entries.Value);

    public static void Audit(IAnsiConsole console, IReadOnlyList<AuditEntryResource> entries)
    {
        var table = Tables.Create("Time", "Actor", "Action", "Target", "Status", "Fields");
        foreach (var e in entries)
        {
            Tables.AddRow(table, Time(e.At), e.Actor, e.Action, e.Target, e.Status.ToString(CultureInfo.InvariantCulture), string.Join(',', e.ChangedFields));
        }
        console.Write(table);
    }

    private static string Time(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);
}
