using System.CommandLine;

namespace Workbench.Cli.Commands;

/// <summary>Options several verbs share; each command gets its own instance, as System.CommandLine expects.</summary>
internal static class CommonOptions
{
    /// <summary>Every verb names its target with --name/-n, as az does.</summary>
    public static Option<string> Name(string what) => new("--name", "-n")
    {
        Description = $"The {what}'s name.",
        Required = true,
    };

    public static Option<FileInfo?> SshPublicKey(string description) => new("--ssh-public-key", "--ssh-public-key-file")
    {
        Description = description,
        HelpName = "FILE",
    };

    /// <summary>The public key line in the file, as the API takes it; the server says what is wrong with one that is not.</summary>
    public static string ReadSshPublicKey(FileInfo file)
    {
        try
        {
            return File.ReadAllText(file.FullName).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the SSH public key {file}: {e.Message}");
        }
    }

    public static Option<bool> NoWait() => new("--no-wait")
    {
        Description = "Return once the server accepts the request instead of waiting for the outcome.",
    };
}
