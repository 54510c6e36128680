using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Computes;
using Workbench.Domain.Identity;
using Workbench.Domain.Workspaces;
using Workbench.Server.Store;

namespace Workbench.Server.Tests.Store;

/// <summary>The same store tests for every provider: each subclass supplies fresh contexts on a migrated database.</summary>
public abstract partial class StoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A new context on the provider's database, migrated and holding the default workspace.</summary>
    protected abstract Task<WorkbenchDbContext> NewContextAsync();

    protected static async Task SeedAsync(WorkbenchDbContext db)
    {
        await db.MigrateAsync(CancellationToken.None);
        if (!await db.Workspaces.AnyAsync(w => w.Name == Workspace.DefaultName))
        {
            db.Workspaces.Add(new Workspace(Workspace.DefaultName, Now));
            await db.SaveChangesAsync();
        }
    }

    private static ComputeInstance NewInstance(string name, string owner = "alice") =>
        new(Workspace.DefaultName, name, new InstanceSpec("Standard_DS2_v2", "jupyter", owner), owner, Now);

    [Fact]
    public async Task Instance_RoundTrips_EveryField()
    {
        var instance = NewInstance("round-1");
        instance.ChangeSshPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAocpkGy2j9wvvDC9rUagu/Oc2bis7G/ypCvhliHLZE alice@laptop", Now);
        instance.Launched("{\"pid\":1}", Now.AddSeconds(1));
        instance.BecameReady(new Dictionary<string, string> { ["jupyter"] = "127.0.0.1:8888", ["ssh"] = "node2:2222" }, Now.AddSeconds(2));
        await using (var db = await NewContextAsync())
        {
            db.Instances.Add(instance);
            await db.SaveChangesAsync();
        }
        await using (var db = await NewContextAsync())
        {
            var loaded = await db.Instances.SingleAsync(i => i.Id == instance.Id);
            Assert.Equal(InstanceState.Running, loaded.State);
            Assert.Equal(DesiredState.Running, loaded.DesiredState);
            Assert.Equal("node2:2222", loaded.Endpoints["ssh"]);
            Assert.Equal("{\"pid\":1}", loaded.DriverHandle);
            Assert.Equal(Now.AddSeconds(2), loaded.UpdatedAt);
            Assert.Equal(instance.Spec, loaded.Spec);
            Assert.Equal(instance.Version, loaded.Version);
        }
    }

    [Fact]
    public async Task Instance_SameNameInOtherCase_IsRefusedByUniqueIndex()
    {
        await using var db = await NewContextAsync();
        db.Instances.Add(NewInstance("Dup-1"));
        await db.SaveChangesAsync();
        db.Instances.Add(NewInstance("dup-1"));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Instance_SavedFromStaleRead_IsRefused()
    {
        var instance = NewInstance("stale-1");
        await using (var db = await NewContextAsync())
        {
            db.Instances.Add(instance);
            await db.SaveChangesAsync();
        }
        await using var first = await NewContextAsync();
        await using var second = await NewContextAsync();
        var a = await first.Instances.SingleAsync(i => i.Id == instance.Id);
        var b = await second.Instances.SingleAsync(i => i.Id == instance.Id);
        a.Stop(Now);
        await first.SaveChangesAsync();
        b.Launched("{}", Now);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = await NewContextAsync();
        Assert.Equal(InstanceState.Stopping, (await check.Instances.SingleAsync(i => i.Id == instance.Id)).State);
    }

    [Fact]
    public async Task Instances_KeysetPage_OrdersByNameKey()
    {
        await using (var db = await NewContextAsync())
        {
            db.Instances.AddRange(NewInstance("ks-c"), NewInstance("ks-a"), NewInstance("KS-B"));
            await db.SaveChangesAsync();
        }
        await using var read = await NewContextAsync();
        var after = await read.Instances.Where(i => i.NameKey.StartsWith("ks-") && string.Compare(i.NameKey, "ks-a") > 0)
            .OrderBy(i => i.NameKey).Select(i => i.Name).ToListAsync();
        Assert.Equal(["KS-B", "ks-c"], after);
    }

    [Fact]
    public async Task Tokens_HashIsUnique_AndDeletedWithUser()
    {
        await using var db = await NewContextAsync();
        var user = new User("tokenuser", isAdmin: false, Now);
        db.Users.Add(user);
        db.ApiTokens.Add(new ApiToken(user.Id, new string('a', 64), "one", Now));
        await db.SaveChangesAsync();
        db.ApiTokens.Add(new ApiToken(user.Id, new string('a', 64), "two", Now));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        db.Users.Remove(await db.Users.SingleAsync(u => u.Name == "tokenuser"));
        await db.SaveChangesAsync();
        Assert.False(await db.ApiTokens.AnyAsync(t => t.UserId == user.Id));
    }

    [Fact]
    public async Task User_PasswordHash_RoundTrips_AndIsNullWithoutOne()
    {
        var withPassword = new User("pwuser", isAdmin: false, Now);
        withPassword.ChangePassword("AQAAAAIAAYagAAAAE" + new string('x', 67));
        await using (var db = await NewContextAsync())
        {
            db.Users.AddRange(withPassword, new User("tokenonly", isAdmin: false, Now));
            await db.SaveChangesAsync();
        }
        await using var read = await NewContextAsync();
        Assert.Equal(withPassword.PasswordHash, (await read.Users.SingleAsync(u => u.Name == "pwuser")).PasswordHash);
        Assert.False((await read.Users.SingleAsync(u => u.Name == "tokenonly")).HasPassword);
    }
}
