using System.Text.Json;
using Workbench.Contracts;

namespace Workbench.Cli;

/// <summary>The file that keeps the server and token, readable by its owner alone because it holds a secret.</summary>
internal sealed class ConfigFile(string path)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;

    public string Path { get; } = path;

    /// <summary>$XDG_CONFIG_HOME/workbench/config.json, or ~/.config/workbench/config.json when that is unset.</summary>
    public static ConfigFile AtDefaultLocation(Func<string, string?> environment)
    {
        var configHome = environment("XDG_CONFIG_HOME");
        // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
        if (string.IsNullOrEmpty(configHome) || !System.IO.Path.IsPathRooted(configHome))
        {
            var home = environment("HOME") is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            configHome = System.IO.Path.Combine(home, ".config");
        }
        return new ConfigFile(System.IO.Path.Combine(configHome, "workbench", "config.json"));
    }

    /// <summary>Returns null when there is no file yet.</summary>
    public CliConfig? Read()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(Path), WorkbenchJson.Options);
        }
        catch (JsonException ex)
        {
            throw new CliException($"cannot read {Path}: {ex.Message} Fix the file or run `wb login --server URL --token T` again.");
        }
    }

    /// <summary>
    /// Writes a fresh file and moves it over the old one, so the token never sits in a file with looser
    /// permissions (an existing file keeps its mode when overwritten) and a crash never leaves half a file.
    /// </summary>
    public void Write(CliConfig config)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        var draft = $"{Path}.{Guid.NewGuid():N}.tmp";
        try
        {
            CreateFolder(folder);
            using (var stream = new FileStream(draft, CreateOptions()))
            {
                JsonSerializer.Serialize(stream, config, WorkbenchJson.Options);
            }
            File.Move(draft, Path, overwrite: true);
        }
        finally
        {
            File.Delete(draft);
        }
    }

    /// <summary>The path of another file of wb's own in the same private folder, which it creates when missing.</summary>
    public string Beside(string fileName)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        CreateFolder(folder);
        return System.IO.Path.Combine(folder, fileName);
    }

    private static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            // The user profile's ACLs already keep other users out.
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }
        return options;
    }
}
