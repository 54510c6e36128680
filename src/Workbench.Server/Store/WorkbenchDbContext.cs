using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Workbench.Domain.Computes;
using Workbench.Domain.Identity;
using Workbench.Domain.Workspaces;

namespace Workbench.Server.Store;

/// <summary>The store: the truth about workspaces, users and computes. Provider-specific subclasses own the migrations.</summary>
public abstract class WorkbenchDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ComputeInstance> Instances => Set<ComputeInstance>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Workspace>(workspace =>
        {
            workspace.HasKey(w => w.Name);
            workspace.Property(w => w.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<User>(user =>
        {
            user.HasKey(u => u.Id);
            user.Property(u => u.Name).HasMaxLength(32);
            user.Property(u => u.PasswordHash).HasMaxLength(256);
            user.HasIndex(u => u.Name).IsUnique();
        });

        modelBuilder.Entity<ApiToken>(token =>
        {
            token.HasKey(t => t.Id);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.Property(t => t.Name).HasMaxLength(64);
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ComputeInstance>(instance =>
        {
            instance.ToTable("ComputeInstances");
            instance.HasKey(i => i.Id);
            instance.Property(i => i.Workspace).HasMaxLength(64);
            instance.Property(i => i.Name).HasMaxLength(ComputeName.MaxLength);
            instance.Property(i => i.NameKey).HasMaxLength(ComputeName.MaxLength);
            instance.Property(i => i.Size).HasMaxLength(64);
            instance.Property(i => i.Image).HasMaxLength(64);
            instance.Property(i => i.Owner).HasMaxLength(32);
            instance.Property(i => i.CreatedBy).HasMaxLength(32);
            instance.Property(i => i.SshPublicKey).HasMaxLength(SshPublicKey.MaxLength);
            instance.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
            instance.Property(i => i.DesiredState).HasConversion<string>().HasMaxLength(16);
            instance.Property(i => i.Endpoints).HasConversion(
                endpoints => JsonSerializer.Serialize(endpoints, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonSerializerOptions.Default) ?? new(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    d => d.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
                    d => new Dictionary<string, string>(d)));
            instance.Property(i => i.Version).IsConcurrencyToken();
            instance.Ignore(i => i.Spec);
            instance.HasIndex(i => new { i.Workspace, i.NameKey }).IsUnique();
            instance.HasIndex(i => new { i.Workspace, i.Owner, i.NameKey });
            instance.HasOne<Workspace>().WithMany().HasForeignKey(i => i.Workspace).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
