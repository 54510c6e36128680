using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Workbench.Domain.Access;
using Workbench.Domain.Audit;
using Workbench.Domain.Computes;
using Workbench.Domain.Identity;
using Workbench.Domain.Quotas;
using Workbench.Domain.Workspaces;

namespace Workbench.Server.Store;

/// <summary>The store: the truth about workspaces, members, roles, quotas, users, computes and the audit log. Provider-specific subclasses own the migrations.</summary>
public abstract class WorkbenchDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ComputeInstance> Instances => Set<ComputeInstance>();
    public DbSet<WorkspaceMember> Members => Set<WorkspaceMember>();
    public DbSet<RoleDefinition> Roles => Set<RoleDefinition>();
    public DbSet<WorkspaceQuota> Quotas => Set<WorkspaceQuota>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Workspace>(workspace =>
        {
            workspace.HasKey(w => w.Name);
            workspace.Property(w => w.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<WorkspaceMember>(member =>
        {
            member.ToTable("WorkspaceMembers");
            member.HasKey(m => new { m.Workspace, m.UserName });
            member.Property(m => m.Workspace).HasMaxLength(64);
            member.Property(m => m.UserName).HasMaxLength(32);
            member.Property(m => m.Role).HasMaxLength(64);
            member.HasIndex(m => m.UserName);
            member.HasOne<Workspace>().WithMany().HasForeignKey(m => m.Workspace).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RoleDefinition>(role =>
        {
            role.ToTable("Roles");
            role.HasKey(r => r.Name);
            role.Property(r => r.Name).HasMaxLength(64);
            role.Property(r => r.Description).HasMaxLength(1024);
            role.Property(r => r.Actions).HasConversion(StringListAsJson(), StringListComparer());
            role.Property(r => r.NotActions).HasConversion(StringListAsJson(), StringListComparer());
        });

        modelBuilder.Entity<WorkspaceQuota>(quota =>
        {
            quota.ToTable("WorkspaceQuotas");
            quota.HasKey(q => new { q.Workspace, q.Family });
            quota.Property(q => q.Workspace).HasMaxLength(64);
            quota.Property(q => q.Family).HasMaxLength(64);
            quota.HasOne<Workspace>().WithMany().HasForeignKey(q => q.Workspace).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Actor).HasMaxLength(64);
            entry.Property(e => e.Action).HasMaxLength(128);
            entry.Property(e => e.Workspace).HasMaxLength(64);
            entry.Property(e => e.Target).HasMaxLength(2048);
            entry.Property(e => e.ChangedFields).HasMaxLength(2048);
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.Workspace, e.Id });
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

    private static ValueConverter<List<string>, string> StringListAsJson() => new(
        list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
        json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new());

    private static ValueComparer<List<string>> StringListComparer() => new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        list => list.ToList());
}
