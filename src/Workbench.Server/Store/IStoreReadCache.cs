namespace Workbench.Server.Store;

/// <summary>A cache of store reads that must drop what a committed write changed.</summary>
public interface IStoreReadCache
{
    /// <summary>Called once the write that added, changed or deleted <paramref name="changed"/> (entities of any kind) is committed.</summary>
    void Forget(IReadOnlyList<object> changed);
}
