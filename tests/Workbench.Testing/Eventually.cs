using System.Diagnostics;

namespace Workbench.Testing;

/// <summary>Polls a condition until it holds; fails with a message saying what was last seen.</summary>
public static class Eventually
{
    /// <param name="context">More to say when it times out, such as a server's output.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> observe, Func<T, bool> done, TimeSpan timeout, string what, Func<string>? context = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var seen = await observe();
            if (done(seen))
            {
                return seen;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s; last seen: {seen}\n{context?.Invoke()}");
            }
            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? context = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, timeout, what, context);
}
