using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Workbench.Server.Auth;

/// <summary>
/// Counts failed sign-ins per user name and per client address over a sliding window, in memory (a
/// restart forgets them, which at worst shortens one window). Once either count reaches its limit,
/// sign-ins for that name or from that address are refused before any password is looked at.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginOptions> options, TimeProvider time)
{
    // Longer than any user name; keeps made-up names from costing memory.
    private const int MaxNameKeyLength = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byAddress = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep = time.GetUtcNow();

    private LoginOptions Options => options.Value;

    /// <summary>How long until a sign-in as this name from this address may be tried again; null when it may be tried now.</summary>
    public TimeSpan? RetryAfter(string userName, IPAddress? address)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var forUser = Wait(_byUser, NameKey(userName), Options.MaxFailuresPerUser, now);
            var forAddress = Wait(_byAddress, AddressKey(address), Options.MaxFailuresPerAddress, now);
            return new[] { forUser, forAddress }.Max();
        }
    }

    public void RecordFailure(string userName, IPAddress? address)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            SweepIfDue(now);
            Add(_byUser, NameKey(userName), now);
            Add(_byAddress, AddressKey(address), now);
        }
    }

    /// <summary>The right password clears the name's failures; the address keeps its own, so one known account cannot launder guesses at others.</summary>
    public void RecordSuccess(string userName)
    {
        lock (_gate)
        {
            _byUser.Remove(NameKey(userName));
        }
    }

    private TimeSpan? Wait(Dictionary<string, Queue<DateTimeOffset>> counts, string key, int limit, DateTimeOffset now)
    {
        if (!counts.TryGetValue(key, out var failures))
        {
            return null;
        }
        DropExpired(failures, now);
        // Another try is allowed once enough of the oldest failures have left the window.
        return failures.Count < limit ? null : failures.ElementAt(failures.Count - limit) + Options.FailureWindow - now;
    }

    private static void Add(Dictionary<string, Queue<DateTimeOffset>> counts, string key, DateTimeOffset now)
    {
        if (!counts.TryGetValue(key, out var failures))
        {
            counts[key] = failures = new Queue<DateTimeOffset>();
        }
        failures.Enqueue(now);
    }

    private void DropExpired(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.TryPeek(out var oldest) && oldest + Options.FailureWindow <= now)
        {
            failures.Dequeue();
        }
    }

    /// <summary>Once a window, forgets names and addresses whose failures have all expired, so the tables cannot grow without end.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        if (now - _lastSweep < Options.FailureWindow)
        {
            return;
        }
        _lastSweep = now;
        foreach (var counts in new[] { _byUser, _byAddress })
        {
            foreach (var (key, failures) in counts)
            {
                DropExpired(failures, now);
                if (failures.Count == 0)
                {
                    counts.Remove(key);
                }
            }
        }
    }

    private static string NameKey(string userName)
    {
        var key = userName.Trim().ToLowerInvariant();
        return key.Length > MaxNameKeyLength ? key[..MaxNameKeyLength] : key;
    }

    /// <summary>IPv4 as is (also when mapped into IPv6); IPv6 by its /64, which one client usually holds whole.</summary>
    private static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
