namespace Workbench.Domain.Identity;

/// <summary>A bearer token of a user; only its hash is kept.</summary>
public sealed class ApiToken
{
    public const int MaxNameLength = 64;

    private ApiToken()
    {
    }

    public ApiToken(Guid userId, string hash, string name, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        Hash = hash;
        Name = name;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Hash { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Returns why the (trimmed) name is not allowed, or null when it is.</summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl)
            ? $"A token needs a name of 1 to {MaxNameLength} printable characters, so you can tell it apart later."
            : null;
}
