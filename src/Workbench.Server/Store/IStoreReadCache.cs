namespace Workbench.Server.Store;

/// <summary>A cache of store reads that must drop what a committed write changed.</summary>
public interface IStoreReadCache
{
    /// <summary>The kinds of entity whose writes this cache must hear of; the writes of no other kind are looked at.</summary>
    IReadOnlyCollection<Type> EntityTypes { get; }

    /// <summary>Called once the write that added, changed or deleted <paramref name="changed"/> (entities of <see cref="EntityTypes"/>) is committed.</summary>
    void Forget(IReadOnlyList<object> changed);
}
