using System.Security.Cryptography;
using System.Text;
using Workbench.Domain.Identity;

namespace Workbench.Server.Auth;

/// <summary>Makes API tokens and the hashes the store keeps of them.</summary>
public static class ApiTokens
{
    private const string Prefix = "wb_";

    /// <summary>256 random bits; so a plain SHA-256 is a safe hash (nothing to brute-force).</summary>
    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new token for the user: the entity the store keeps (its hash) and the secret to show once.</summary>
    public static (ApiToken Stored, string Secret) Issue(Guid userId, string name, DateTimeOffset now)
    {
        var secret = New();
        return (new ApiToken(userId, Hash(secret), name, now), secret);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
