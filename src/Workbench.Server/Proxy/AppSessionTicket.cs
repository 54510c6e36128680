using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Workbench.Server.Proxy;

/// <summary>
/// Carries a signed-in person from Workbench's origin to an app's own origin, whose cookies Workbench
/// cannot set: Workbench seals (user, app host, a nonce) for one minute, the browser posts it to the
/// app host, which opens a session there. A ticket opens one session on one host, once.
/// </summary>
public sealed class AppSessionTicket(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Workbench.Proxy.AppSessionTicket").ToTimeLimitedDataProtector();

    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new();

    public string Issue(Guid userId, string appHost) =>
        _protector.Protect(
            JsonSerializer.Serialize(new Sealed(userId, appHost.ToLowerInvariant(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)))),
            time.GetUtcNow() + Lifetime);

    /// <summary>The user the ticket names when it is genuine, unexpired, unused and for this host; null otherwise.</summary>
    public Guid? Redeem(string? ticket, string appHost)
    {
        Sealed? content;
        try
        {
            content = JsonSerializer.Deserialize<Sealed>(_protector.Unprotect(ticket ?? "", out _));
            ForgetExpired();
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
        var now = time.GetUtcNow();
        return content is not null && content.Host == appHost.ToLowerInvariant() && _used.TryAdd(content.Nonce, now + Lifetime)
            ? content.UserId
            : null;
    }

    /// <summary>Drops nonces of tickets that have expired anyway, so the set stays small.</summary>
    private void ForgetExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (nonce, until) in _used)
        {
            if (until < now)
            {
                _used.TryRemove(nonce, out var _);
            }
        }
    }

    private sealed record Sealed(Guid UserId, string Host, string Nonce);
}
