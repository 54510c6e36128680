using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Workbench.Domain.Access;
using Workbench.Domain.Audit;
using Workbench.Domain.Clusters;
using Workbench.Domain.Computes;
using Workbench.Domain.Identity;
using Workbench.Domain.Jobs;
using Workbench.Domain.Quotas;
using Workbench.Domain.Workspaces;

namespace Workbench.Server.Store;

/// <summary>The store: the truth about workspaces, members, roles, quotas, users, computes, jobs and the audit log. Provider-specific subclasses own the migrations.</summary>
public abstract class WorkbenchDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ComputeInstance> Instances => Set<ComputeInstance>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Cluster> Clusters => Set<Cluster>();
    public DbSet<ClusterNode> ClusterNodes => Set<ClusterNode>();
    public DbSet<SlotLedger> SlotLedgers => Set<SlotLedger>();
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
            // Instances made before drivers were chosen per compute ran on the local one.
            instance.Property(i => i.Driver).HasMaxLength(16).HasDefaultValue(ComputeDrivers.Local);
            instance.Property(i => i.Partition).HasMaxLength(ComputeDrivers.PartitionMaxLength);
            instance.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
            instance.Property(i => i.DesiredState).HasConversion<string>().HasMaxLength(16);
            instance.Property(i => i.Endpoints).HasJsonConversion();
            instance.Property(i => i.Version).IsConcurrencyToken();
            instance.Ignore(i => i.Spec);
            instance.HasIndex(i => new { i.Workspace, i.NameKey }).IsUnique();
            instance.HasIndex(i => new { i.Workspace, i.Owner, i.NameKey });
            instance.HasOne<Workspace>().WithMany().HasForeignKey(i => i.Workspace).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Cluster>(cluster =>
        {
            cluster.HasKey(c => c.Id);
            cluster.Property(c => c.Workspace).HasMaxLength(64);
            cluster.Property(c => c.Name).HasMaxLength(ComputeName.MaxLength);
            cluster.Property(c => c.NameKey).HasMaxLength(ComputeName.MaxLength);
            cluster.Property(c => c.Size).HasMaxLength(64);
            cluster.Property(c => c.Driver).HasConversion<string>().HasMaxLength(16);
            cluster.Property(c => c.Partition).HasMaxLength(64);
            cluster.Property(c => c.Tier).HasConversion<string>().HasMaxLength(16);
            cluster.Property(c => c.CreatedBy).HasMaxLength(32);
            cluster.Property(c => c.ScaleOutWaits).HasMaxLength(1024);
            cluster.Property(c => c.Version).IsConcurrencyToken();
            cluster.Ignore(c => c.Scale);
            cluster.Ignore(c => c.IdleTimeBeforeScaleDown);
            cluster.HasIndex(c => new { c.Workspace, c.NameKey }).IsUnique();
            cluster.HasOne<Workspace>().WithMany().HasForeignKey(c => c.Workspace).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ClusterNode>(node =>
        {
            node.ToTable("ClusterNodes");
            node.HasKey(n => n.Id);
            node.Property(n => n.Name).HasMaxLength(ComputeName.MaxLength + 7);
            node.Property(n => n.State).HasConversion<string>().HasMaxLength(16);
            node.Property(n => n.Version).IsConcurrencyToken();
            node.HasIndex(n => n.ClusterId);
            node.HasOne<Cluster>().WithMany().HasForeignKey(n => n.ClusterId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Job>(job =>
        {
            // The key is the store's own counter: submit order, which the queue serves jobs by.
            job.HasKey(j => j.Id);
            job.Property(j => j.Id).ValueGeneratedOnAdd();
            job.Property(j => j.Workspace).HasMaxLength(64);
            job.Property(j => j.Name).HasMaxLength(JobName.MaxLength);
            job.Property(j => j.NameKey).HasMaxLength(JobName.MaxLength);
            job.Property(j => j.DisplayName).HasMaxLength(256);
            job.Property(j => j.ExperimentName).HasMaxLength(256);
            job.Property(j => j.Environment).HasMaxLength(64);
            job.Property(j => j.TargetKind).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Compute).HasMaxLength(ComputeName.MaxLength);
            job.Property(j => j.ComputeKey).HasMaxLength(ComputeName.MaxLength);
            job.Property(j => j.Inputs).HasReadOnlyJsonConversion();
            job.Property(j => j.Outputs).HasReadOnlyJsonConversion();
            job.Property(j => j.EnvironmentVariables).HasReadOnlyJsonConversion();
            job.Property(j => j.SpecHash).HasMaxLength(64);
            job.Property(j => j.SubmittedBy).HasMaxLength(32);
            job.Property(j => j.Hosts).HasMaxLength(Job.MaxHostsLength);
            job.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Reason).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Version).IsConcurrencyToken();
            job.HasIndex(j => new { j.Workspace, j.NameKey }).IsUnique();
            // The job list's pages, newest first, whichever of compute and state they filter on: read in index
            // order, never a workspace's jobs sorted whole at each call. The queue's reads (the jobs of one compute
            // in one state, in submit order) use the third; its kind is checked on the rows (a name is one compute's).
            job.HasIndex(j => new { j.Workspace, j.Id });
            job.HasIndex(j => new { j.Workspace, j.ComputeKey, j.Id });
            job.HasIndex(j => new { j.Workspace, j.ComputeKey, j.State, j.Id });
            job.HasIndex(j => new { j.Workspace, j.State, j.Id });
            // The jobs to pick up again at a start, in every workspace.
            job.HasIndex(j => new { j.State, j.Id });
            job.HasOne<Workspace>().WithMany().HasForeignKey(j => j.Workspace).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<SlotLedger>(ledger =>
        {
            ledger.HasKey(l => new { l.Workspace, l.Kind, l.Target });
            ledger.Property(l => l.Workspace).HasMaxLength(64);
            ledger.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
            ledger.Property(l => l.Target).HasMaxLength(ComputeName.MaxLength);
            ledger.HasOne<Workspace>().WithMany().HasForeignKey(l => l.Workspace).OnDelete(DeleteBehavior.Restrict);
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
