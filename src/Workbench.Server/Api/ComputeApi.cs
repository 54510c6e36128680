using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Contracts;
using Workbench.Domain.Access;
using Workbench.Domain.Computes;
using Workbench.Drivers;
using Workbench.Server.Access;
using Workbench.Server.Catalog;
using Workbench.Server.Quotas;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;

namespace Workbench.Server.Api;

/// <summary>
/// /api/v1/workspaces/{workspace}/computes: records what users want of their instances and hands
/// the rest to the reconciler. Nothing here waits on a driver.
/// </summary>
public static class ComputeApi
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private const int ConcurrencyRetries = 5;
    private const int DefaultLogLines = 200;
    private const int MaxLogLines = 1000;

    public static IEndpointRouteBuilder MapComputeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces/{workspace}/computes");
        group.MapPut("/{name}", CreateAsync).RequireAction(WorkbenchActions.ComputesWrite);
        group.MapGet("/{name}", GetAsync).RequireAction(WorkbenchActions.ComputesRead);
        group.MapPatch("/{name}", UpdateAsync).RequireAction(WorkbenchActions.ComputesWrite);
        group.MapGet("/", ListAsync).RequireAction(WorkbenchActions.ComputesRead);
        group.MapGet("/{name}/log", LogAsync).RequireAction(WorkbenchActions.ComputesRead);
        group.MapDelete("/{name}", Acting((instance, now) => instance.Delete(now))).RequireAction(WorkbenchActions.ComputesDelete);
        group.MapPost("/{name}/start", Acting((instance, now) => instance.Start(now))).RequireAction(WorkbenchActions.ComputesStart);
        group.MapPost("/{name}/stop", Acting((instance, now) => instance.Stop(now))).RequireAction(WorkbenchActions.ComputesStop);
        group.MapPost("/{name}/restart", Acting((instance, now) => instance.Restart(now))).RequireAction(WorkbenchActions.ComputesRestart);
        return app;
    }

    private static async Task<Results<Created<ComputeInstanceResource>, Ok<ComputeInstanceResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string workspace, string name, CreateComputeRequest? body, CallerAccess access,
        WorkbenchDbContext db, SizeCatalog sizes, ImageCatalog images, InstanceDrivers drivers, QuotaAdmission quotas, InstanceQueue queue,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (ComputeName.Validate(name) is { } badName)
        {
            errors["name"] = [badName];
        }
        else if (await db.Clusters.AnyAsync(c => c.Workspace == workspace && c.NameKey == ComputeName.Key(name), ct))
        {
            // Job specs name their compute, whatever its kind: one name, one compute.
            errors["name"] = [$"Workspace '{workspace}' has a cluster named '{name}'; instances and clusters share names. Choose another."];
        }
        if (body is null)
        {
            return ApiProblems.Invalid("body", "The body must be a JSON object with at least 'size'.");
        }
        var size = body.Size is null ? null : sizes.Find(body.Size);
        if (size is null)
        {
            errors["size"] = [$"Unknown size '{body.Size}'. Sizes: {string.Join(", ", sizes.All.Select(s => s.Name))}."];
        }
        var image = images.Find(body.Image ?? images.DefaultName);
        if (image is null)
        {
            errors["image"] = [$"Unknown image '{body.Image}'. Images: {string.Join(", ", images.All.Select(i => i.Name))}."];
        }
        string? sshKey = null;
        if (body.SshPublicKey is { } keyText)
        {
            if (SshPublicKey.Validate(keyText) is { } badKey)
            {
                errors["sshPublicKey"] = [badKey];
            }
            else
            {
                sshKey = SshPublicKey.Normalize(keyText);
            }
        }
        var owner = body.AssignTo ?? access.UserName;
        // The caller is in the workspace (the access filter saw to it); only someone else needs looking up.
        if (owner != access.UserName && !await MayOwnAsync(db, workspace, owner, ct))
        {
            errors["assignTo"] = [$"'{owner}' is not a member of workspace '{workspace}'; assign them a role there first (wb role assign)."];
        }
        if (body.JobSlots is < 1 or > ComputeInstance.MaxJobSlots)
        {
            errors["jobSlots"] = [$"jobSlots is between 1 and {ComputeInstance.MaxJobSlots}; it is {body.JobSlots}. Leave it out for two per vCPU."];
        }
        var driver = body.Driver ?? ComputeDrivers.Local;
        if (!ComputeDrivers.All.Contains(driver))
        {
            errors["driver"] = [$"driver is {string.Join(" or ", ComputeDrivers.All)}; it is '{driver}'."];
        }
        else if (!drivers.Has(driver))
        {
            errors["driver"] = [$"This server has no Slurm cluster configured (Drivers:Slurm), so it runs instances only on the {ComputeDrivers.Local} driver."];
        }
        if (body.Partition is { } partition && (driver != ComputeDrivers.Slurm || ComputeDrivers.ValidatePartition(partition) is not null))
        {
            errors["partition"] = [ComputeDrivers.ValidatePartition(partition) ?? "A partition is for instances on the slurm driver only."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        if (!access.AllowsOn(owner))
        {
            return ApiProblems.Denied(access.Action, access.RefusalOn($"an instance assigned to {owner}", owner));
        }
        if (owner != access.UserName && sshKey is not null)
        {
            // Whoever holds the key's private half can log in, so it is the owner's to choose, as the proxy is theirs alone.
            return ApiProblems.Forbidden($"Only the owner may give an instance an SSH key; create it without one and {owner} adds theirs (wb compute update).");
        }

        var spec = new InstanceSpec(size!.Name, image!.Name, owner, sshKey, body.JobSlots, driver, body.Partition);
        var existing = await FindAsync(db, workspace, name, ct);
        if (existing is not null)
        {
            return await SameOrConflictAsync(existing, spec, db, sizes, ct);
        }
        var instance = new ComputeInstance(workspace, name, spec, access.UserName, time.GetUtcNow(), start: body.Start ?? true);
        await using var admission = await AdmitAsync(db, quotas, instance, ct);
        if (admission.Refusal is { } refusal)
        {
            return ApiProblems.QuotaExceeded(refusal);
        }
        db.Instances.Add(instance);
        try
        {
            await db.SaveChangesAsync(ct);
            await admission.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent create of the same name won the unique index; answer as if it came first.
            await admission.DisposeAsync();
            db.ChangeTracker.Clear();
            existing = await FindAsync(db, workspace, name, ct);
            if (existing is null)
            {
                throw;
            }
            return await SameOrConflictAsync(existing, spec, db, sizes, ct);
        }
        queue.Enqueue(instance.Id);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/computes/{name}", await instance.ToResourceAsync(db, sizes, ct));
    }

    /// <summary>An assignee must be able to reach their instance: a member of the workspace, or a platform admin.</summary>
    private static Task<bool> MayOwnAsync(WorkbenchDbContext db, string workspace, string user, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Name == user && (u.IsAdmin || db.Members.Any(m => m.Workspace == workspace && m.UserName == user)), ct);

    /// <summary>
    /// The quota decision for an instance that would newly hold vCPUs (created running, created stopped where
    /// stopped instances keep their quota, or started where they release it); none for one that would not.
    /// </summary>
    private static async Task<Admission> AdmitAsync(WorkbenchDbContext db, QuotaAdmission quotas, ComputeInstance instance, CancellationToken ct)
    {
        var releaseOnStop = await db.Workspaces.Where(w => w.Name == instance.Workspace).Select(w => w.ReleaseQuotaOnStop).FirstAsync(ct);
        return instance.HoldsQuota(releaseOnStop) ? await quotas.AdmitAsync(db, instance, ct) : Admission.None;
    }

    private static async Task<Results<Created<ComputeInstanceResource>, Ok<ComputeInstanceResource>, ValidationProblem, ProblemHttpResult>> SameOrConflictAsync(
        ComputeInstance existing, InstanceSpec asked, WorkbenchDbContext db, SizeCatalog sizes, CancellationToken ct) =>
        existing.State == InstanceState.Deleting
            ? ApiProblems.Conflict("Compute is being deleted", $"'{existing.Name}' is being deleted; create it again once it is gone.")
            : existing.Spec == asked
            ? TypedResults.Ok(await existing.ToResourceAsync(db, sizes, ct))
            : ApiProblems.Conflict("Compute exists with another spec",
                $"'{existing.Name}' exists with {Describe(existing.Spec)}; the request asks for {Describe(asked)}. "
                + "Delete it first or choose another name; its SSH key can be changed with PATCH (wb compute update).");

    private static string Describe(InstanceSpec spec) =>
        $"size {spec.Size}, image {spec.Image}, owner {spec.Owner}, "
        + (spec.SshPublicKey is { } key ? $"SSH key {SshPublicKey.Fingerprint(key)}" : "no SSH key")
        + $", job slots {spec.JobSlots?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}"
        + $", driver {spec.Driver}" + (spec.Partition is { } partition ? $" (partition {partition})" : "");

    private static async Task<Results<Ok<ComputeInstanceResource>, ProblemHttpResult>> GetAsync(
        string workspace, string name, WorkbenchDbContext db, SizeCatalog sizes, CancellationToken ct)
    {
        var instance = await FindAsync(db, workspace, name, ct, tracked: false);
        return instance is null ? NoSuchInstance(workspace, name) : TypedResults.Ok(await instance.ToResourceAsync(db, sizes, ct));
    }

    /// <summary>The last lines of what the instance's processes (its apps, its SSH server) wrote, as the driver keeps it; empty before its first start.</summary>
    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> LogAsync(
        string workspace, string name, WorkbenchDbContext db, IComputeDriver driver, CancellationToken ct, int lines = DefaultLogLines)
    {
        if (lines is < 1 or > MaxLogLines)
        {
            return ApiProblems.Invalid("lines", $"lines is between 1 and {MaxLogLines}; it is {lines}.");
        }
        var instance = await FindAsync(db, workspace, name, ct, tracked: false);
        if (instance is null)
        {
            return NoSuchInstance(workspace, name);
        }
        var tail = await driver.ReadLogTailAsync(instance.Id, lines, ct);
        return TypedResults.Text(tail.Length == 0 ? tail : tail + "\n", "text/plain; charset=utf-8");
    }

    private static async Task<Results<Ok<Page<ComputeInstanceResource>>, ValidationProblem>> ListAsync(
        string workspace, CallerAccess access, WorkbenchDbContext db, SizeCatalog sizes, CancellationToken ct,
        bool mine = false, int top = DefaultPageSize, string? skipToken = null)
    {
        if (top is < 1 or > MaxPageSize)
        {
            return ApiProblems.Invalid("top", $"top is between 1 and {MaxPageSize}; it is {top}.");
        }
        var query = db.Instances.AsNoTracking().Where(i => i.Workspace == workspace);
        if (mine)
        {
            var me = access.UserName;
            query = query.Where(i => i.Owner == me);
        }
        if (skipToken is not null)
        {
            // Keyset paging: the token is the last name key of the previous page, so a page costs the same at any depth.
            query = query.Where(i => string.Compare(i.NameKey, skipToken) > 0);
        }
        var rows = await query.OrderBy(i => i.NameKey).Take(top + 1).ToListAsync(ct);
        var next = rows.Count > top
            ? $"/api/v1/workspaces/{Uri.EscapeDataString(workspace)}/computes?mine={(mine ? "true" : "false")}&top={top}&skipToken={Uri.EscapeDataString(rows[top - 1].NameKey)}"
            : null;
        return TypedResults.Ok(new Page<ComputeInstanceResource>(await ComputeResources.ToResourcesAsync([.. rows.Take(top)], db, sizes, ct), next));
    }

    /// <summary>PATCH: a JSON merge patch of the SSH key, by the owner alone; a running SSH server takes the new key at once.</summary>
    private static async Task<Results<Ok<ComputeInstanceResource>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string workspace, string name, JsonElement body, CallerAccess access, WorkbenchDbContext db, SizeCatalog sizes, InstanceQueue queue, TimeProvider time, CancellationToken ct)
    {
        var (patch, errors) = ComputePatch.Parse(body);
        if (patch is null)
        {
            return ApiProblems.Invalid(errors);
        }
        // Whoever holds the key's private half can log in, so the key is the owner's alone, whatever the caller's role.
        var (instance, problem) = await ChangeAsync(workspace, name, db, null, queue, ct,
            found => found.Owner == access.UserName ? null : ApiProblems.Forbidden($"Only the owner of '{found.Name}' ({found.Owner}) may change its SSH key."),
            found => found.ChangeSshPublicKey(patch.SshPublicKey, time.GetUtcNow()));
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await instance!.ToResourceAsync(db, sizes, ct));
    }

    /// <summary>An endpoint that asks one thing of an instance (start, stop, ...), all sharing the same checks.</summary>
    private static Delegate Acting(Action<ComputeInstance, DateTimeOffset> act) =>
        (string workspace, string name, CallerAccess access, WorkbenchDbContext db, SizeCatalog sizes, QuotaAdmission quotas, InstanceQueue queue, TimeProvider time, CancellationToken ct) =>
            ActAsync(workspace, name, access, db, sizes, quotas, queue, time, act, ct);

    private static async Task<Results<Accepted<ComputeInstanceResource>, ProblemHttpResult>> ActAsync(
        string workspace, string name, CallerAccess access, WorkbenchDbContext db, SizeCatalog sizes, QuotaAdmission quotas, InstanceQueue queue, TimeProvider time,
        Action<ComputeInstance, DateTimeOffset> act, CancellationToken ct)
    {
        var (instance, problem) = await ChangeAsync(workspace, name, db, quotas, queue, ct,
            found => access.AllowsOn(found.Owner) ? null : ApiProblems.Denied(access.Action, access.RefusalOn($"'{found.Name}'", found.Owner)),
            found => act(found, time.GetUtcNow()));
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Accepted($"/api/v1/workspaces/{workspace}/computes/{instance!.Name}", await instance.ToResourceAsync(db, sizes, ct));
    }

    /// <summary>
    /// Finds the instance, refuses a caller who may not make the change (the problem, or null), makes it and
    /// saves; when the reconciler saved an observation meanwhile, it decides again on the fresh state. A
    /// change that makes the instance hold quota again (a start where stopped ones release theirs) is admitted first.
    /// </summary>
    private static async Task<(ComputeInstance? Changed, ProblemHttpResult? Problem)> ChangeAsync(
        string workspace, string name, WorkbenchDbContext db, QuotaAdmission? quotas, InstanceQueue queue, CancellationToken ct,
        Func<ComputeInstance, ProblemHttpResult?> refusal, Action<ComputeInstance> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var instance = await FindAsync(db, workspace, name, ct);
            if (instance is null)
            {
                return (null, NoSuchInstance(workspace, name));
            }
            if (refusal(instance) is { } problem)
            {
                return (null, problem);
            }
            var releaseOnStop = await db.Workspaces.Where(w => w.Name == workspace).Select(w => w.ReleaseQuotaOnStop).FirstAsync(ct);
            var heldQuota = instance.HoldsQuota(releaseOnStop);
            change(instance);
            await using var admission = quotas is not null && !heldQuota && instance.HoldsQuota(releaseOnStop)
                ? await quotas.AdmitAsync(db, instance, ct)
                : Admission.None;
            if (admission.Refusal is { } refused)
            {
                return (null, ApiProblems.QuotaExceeded(refused));
            }
            try
            {
                await db.SaveChangesAsync(ct);
                await admission.CommitAsync(ct);
                queue.Enqueue(instance.Id);
                return (instance, null);
            }
            catch (DbUpdateConcurrencyException) when (attempt < ConcurrencyRetries)
            {
                // The reconciler saved an observation meanwhile; decide again on the fresh state.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static ProblemHttpResult NoSuchInstance(string workspace, string name) =>
        ApiProblems.NotFound($"There is no compute named '{name}' in workspace '{workspace}'.");

    private static Task<ComputeInstance?> FindAsync(WorkbenchDbContext db, string workspace, string name, CancellationToken ct, bool tracked = true)
    {
        var key = ComputeName.Key(name);
        return tracked
            ? db.Instances.FirstOrDefaultAsync(i => i.Workspace == workspace && i.NameKey == key, ct)
            : ReadByName.For(db)(db, workspace, key, ct);
    }

    // Compiled once: clients poll an instance while its jobs run.
    private static readonly CompiledQuery<Func<WorkbenchDbContext, string, string, CancellationToken, Task<ComputeInstance?>>> ReadByName = new(() => EF.CompileAsyncQuery(
        (WorkbenchDbContext db, string workspace, string key, CancellationToken _) => db.Instances.AsNoTracking().FirstOrDefault(i => i.Workspace == workspace && i.NameKey == key)));
}
