namespace Workbench.Domain.Audit;

/// <summary>
/// One call that changed something (or tried to): who, what, on what, and how it ended. Written once,
/// never changed or deleted; it holds field names, never their values.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(DateTimeOffset at, string actor, string action, string? workspace, string target, int status, IEnumerable<string> changedFields)
    {
        At = at;
        Actor = actor;
        Action = action;
        Workspace = workspace;
        Target = target;
        Status = status;
        ChangedFields = string.Join(',', changedFields);
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>The signed-in user; for a sign-in, the name it was tried with.</summary>
    public string Actor { get; private set; } = "";

    public string Action { get; private set; } = "";
    public string? Workspace { get; private set; }

    /// <summary>The resource path, as the API names it (/workspaces/default/computes/box).</summary>
    public string Target { get; private set; } = "";

    /// <summary>The HTTP status the call was answered with.</summary>
    public int Status { get; private set; }

    /// <summary>The names of the fields the call sent, comma-separated; never a value.</summary>
    public string ChangedFields { get; private set; } = "";
}
