using Workbench.Drivers.Local;

namespace Workbench.Testing;

/// <summary>The folders a server's instances hand their jobs over in, in the default runtime folder, outside its data folder.</summary>
public static class InstanceHandovers
{
    /// <summary>Deletes those of the instances whose folders are in <paramref name="instancesDir"/>, as the server's release of each would: a test that killed the server leaves them.</summary>
    public static void DeleteAll(string instancesDir)
    {
        var runtime = LocalDriverOptions.DefaultRuntimeDir();
        if (runtime.Length == 0 || !Directory.Exists(instancesDir))
        {
            return;
        }
        foreach (var instance in Directory.EnumerateDirectories(instancesDir))
        {
            var handover = Path.Combine(runtime, Path.GetFileName(instance));
            if (Directory.Exists(handover))
            {
                Directory.Delete(handover, recursive: true);
            }
        }
    }
}
