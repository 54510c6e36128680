namespace Workbench.Domain.Access;

/// <summary>
/// The actions of calls outside any workspace, named like <see cref="WorkbenchActions"/> so the audit log
/// reads the same throughout. No role grants them: each such endpoint keeps its own rule (admins only, or the caller's own).
/// </summary>
public static class PlatformActions
{
    public const string UsersWrite = "users/write";
    public const string PasswordsWrite = "users/password/write";
    public const string TokensWrite = "users/tokens/write";
    public const string TokensDelete = "users/tokens/delete";
    public const string RolesWrite = "roles/write";
    public const string RolesDelete = "roles/delete";
    public const string SignIn = "login/action";
    public const string SignOut = "logout/action";
}
