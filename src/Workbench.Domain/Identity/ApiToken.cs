namespace Workbench.Domain.Identity;

/// <summary>A bearer token of a user; only its hash is kept.</summary>
public sealed class ApiToken
{
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
}
