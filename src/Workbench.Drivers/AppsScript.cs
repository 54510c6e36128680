using System.Globalization;
using System.Text;

namespace Workbench.Drivers;

/// <summary>
/// The shell lines that start an image's apps, shared by every driver's launch script. Each app runs
/// in the background in a subshell with its own environment. The app token arrives in the script's
/// environment as WB_APP_TOKEN and reaches an app only through its environment (where the image
/// says {token}), never a command line; the script drops it once the apps are started.
/// </summary>
internal static class AppsScript
{
    public const string TokenVariable = "WB_APP_TOKEN";

    /// <param name="home">The instance's home folder, a literal path.</param>
    /// <param name="host">Shell text for the address the apps listen on: a literal or a variable the script set.</param>
    /// <param name="ports">Shell text for each app's port: a number, or a variable the script set.</param>
    public static string StartAll(ComputeSpec spec, string home, string host, IReadOnlyDictionary<string, string> ports)
    {
        var script = new StringBuilder();
        foreach (var app in spec.Image.Apps)
        {
            var values = new Placeholders(ports[app.Name], host, spec.AppBaseUrls[app.Name], home);
            script.AppendLine("(");
            foreach (var (name, value) in app.Environment)
            {
                script.AppendLine(CultureInfo.InvariantCulture, $"  export {name}=\"{values.ExpandQuoted(value)}\"");
            }
            script.AppendLine(CultureInfo.InvariantCulture, $"  unset {TokenVariable}");
            script.AppendLine(CultureInfo.InvariantCulture, $"  exec {values.ExpandCommand(app.Command)}");
            script.AppendLine(") &");
        }
        script.AppendLine(CultureInfo.InvariantCulture, $"unset {TokenVariable}");
        return script.ToString();
    }

    /// <summary>
    /// The values an image may refer to as {port}, {host}, {baseUrl}, {home} and {token}. Port and host
    /// are shell text already (a number, an address or a variable); the token is always a variable.
    /// </summary>
    private sealed record Placeholders(string Port, string Host, string BaseUrl, string Home)
    {
        private const string Token = "${" + TokenVariable + "}";

        /// <summary>A command is shell text of the image's author; values are plain, the token a variable.</summary>
        public string ExpandCommand(string command) => Expand(command, text => text, "\"" + Token + "\"");

        /// <summary>An environment value goes inside double quotes, so its literal text is escaped.</summary>
        public string ExpandQuoted(string value) => Expand(value, ShellQuote.InDoubleQuotes, Token);

        private string Expand(string text, Func<string, string> literal, string token) =>
            literal(text)
                .Replace("{port}", Port, StringComparison.Ordinal)
                .Replace("{host}", Host, StringComparison.Ordinal)
                .Replace("{baseUrl}", literal(BaseUrl), StringComparison.Ordinal)
                .Replace("{home}", literal(Home), StringComparison.Ordinal)
                .Replace("{token}", token, StringComparison.Ordinal);
    }
}
