using System.Text.RegularExpressions;

namespace Workbench.Domain.Identity;

/// <summary>A person or program that calls Workbench.</summary>
public sealed partial class User
{
    private User()
    {
    }

    public User(string name, bool isAdmin, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Name = name;
        IsAdmin = isAdmin;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool IsAdmin { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The hash of the user's password (never the password); null while they can sign in only with API tokens.</summary>
    public string? PasswordHash { get; private set; }

    public bool HasPassword => PasswordHash is not null;

    /// <summary>Replaces the password, given as the hash the server made of it; the old one stops working at once.</summary>
    public void ChangePassword(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        PasswordHash = passwordHash;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{1,31}$")]
    private static partial Regex Shape();

    /// <summary>User names become home folder names, so they stay lowercase and path-safe.</summary>
    public static string? ValidateName(string? name) =>
        name is not null && Shape().IsMatch(name)
            ? null
            : $"A user name has 2 to 32 characters: a lowercase letter first, then lowercase letters, digits, '-' or '_'; '{name}' does not.";
}
