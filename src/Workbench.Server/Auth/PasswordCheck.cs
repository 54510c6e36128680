using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workbench.Server.Store;

namespace Workbench.Server.Auth;

/// <summary>
/// Checks a user name and password, the one way the login page, the token exchange and a password
/// change all do it: refused outright while throttled, the hash checked even for unknown names (so the
/// time taken does not tell who exists), failures counted, and a hash of an outdated format upgraded.
/// </summary>
public sealed class PasswordCheck(WorkbenchDbContext db, PasswordHashes hashes, LoginThrottle throttle)
{
    public async Task<LoginOutcome> CheckAsync(string? userName, string? password, IPAddress? address, CancellationToken cancellationToken)
    {
        userName = userName?.Trim() ?? "";
        if (throttle.RetryAfter(userName, address) is { } wait)
        {
            return new LoginOutcome.Throttled(wait);
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Name == userName, cancellationToken);
        var result = hashes.Verify(user, password ?? "");
        if (result == PasswordVerificationResult.Failed)
        {
            throttle.RecordFailure(userName, address);
            return new LoginOutcome.Refused();
        }
        throttle.RecordSuccess(userName);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Rare (the hasher's defaults grew stronger); the new hash ends the user's other browser sessions, as a password change does.
            user!.ChangePassword(hashes.Hash(user, password!));
            await db.SaveChangesAsync(cancellationToken);
        }
        return new LoginOutcome.Accepted(user!);
    }
}
