using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Workbench.Domain.Identity;

namespace Workbench.Server.Auth;

/// <summary>Hashes and checks passwords with ASP.NET Core Identity's hasher: PBKDF2, salted, its format versioned in the hash.</summary>
public sealed class PasswordHashes(IPasswordHasher<User> hasher)
{
    private static readonly User Nobody = new("nobody", isAdmin: false, DateTimeOffset.UnixEpoch);

    // Checked instead when there is no real hash, so an unknown name costs the same time as a wrong password.
    private readonly Lazy<string> _decoy = new(() => hasher.HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    public string Hash(User user, string password) => hasher.HashPassword(user, password);

    /// <summary>Whether the password is the user's; Failed for no user or one without a password, after the same work.</summary>
    public PasswordVerificationResult Verify(User? user, string password)
    {
        if (user?.PasswordHash is { } hash)
        {
            return hasher.VerifyHashedPassword(user, hash, password);
        }
        hasher.VerifyHashedPassword(Nobody, _decoy.Value, password);
        return PasswordVerificationResult.Failed;
    }
}
