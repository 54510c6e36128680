using System.Security.Cryptography;
using System.Text;

namespace Workbench.Server.Auth;

/// <summary>Makes API tokens and the hashes the store keeps of them.</summary>
public static class ApiTokens
{
    private const string Prefix = "wb_";

    /// <summary>256 random bits; so a plain SHA-256 is a safe hash (nothing to brute-force).</summary>
    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
