using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Workbench.Domain.Jobs;
using Workbench.Server.Auth;
using Workbench.Server.Jobs;
using Workbench.Server.Reconcile;
using Workbench.Server.Store;
using SubmitResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<Workbench.Contracts.JobResource>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<Workbench.Contracts.JobResource>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace Workbench.Server.Api;

/// <summary>Submitting a job: PUT names it, POST takes the spec's name or makes one up.</summary>
public static partial class JobApi
{
    private static async Task<SubmitResult> PutAsync(
        string workspace, string name, HttpRequest request, ClaimsPrincipal caller, [AsParameters] Submission submission, CancellationToken ct) =>
        JobName.Validate(name) is { } badName
            ? ApiProblems.Invalid("name", badName)
            : await SubmitAsync(workspace, name, request, caller, submission, ct);

    private static Task<SubmitResult> PostAsync(
        string workspace, HttpRequest request, ClaimsPrincipal caller, [AsParameters] Submission submission, CancellationToken ct) =>
        SubmitAsync(workspace, null, request, caller, submission, ct);

    /// <summary>The services a submit uses, bound as one parameter.</summary>
    public sealed record Submission(WorkbenchDbContext Db, JobSubmissions Checks, JobInserts Inserts, CodeStore Code, DispatchQueue Dispatch, TimeProvider Time);

    private static async Task<SubmitResult> SubmitAsync(
        string workspace, string? name, HttpRequest request, ClaimsPrincipal caller, Submission submission, CancellationToken ct)
    {
        var (body, status, error) = await JobRequestBody.ReadAsync(request, ct);
        if (body is null)
        {
            return TypedResults.Problem(error, statusCode: status, title: "Bad request", type: "urn:workbench:bad-request");
        }
        var (parsed, errors) = JobSpecReader.Read(body.Spec);
        if (parsed is null)
        {
            return Invalid(errors);
        }
        var check = await submission.Checks.CheckAsync(parsed, workspace, name, caller.UserName(), body.Code is not null, ct);
        if (check.Errors.Count > 0)
        {
            return Invalid(check.Errors);
        }
        if (check.Forbidden is { } forbidden)
        {
            return ApiProblems.Forbidden(forbidden);
        }
        var spec = check.Spec!;
        var hash = JobSpecHash.Of(spec);
        var db = submission.Db;
        Guid? upload = null;
        if (body.Code is { } code)
        {
            // Before unpacking anything: the same submit again is answered without its code going anywhere.
            if (await FindAsync(db, workspace, spec.Name!, ct, tracked: false) is { } existing)
            {
                return SameOrConflict(existing, hash);
            }
            if (submission.Code.FolderExists(workspace, spec.Name!))
            {
                return ApiProblems.Conflict("Job folder exists",
                    $"The workspace share already has {JobFolders.Root(spec.Name!)}/; move it away or choose another job name.");
            }
            upload = Guid.NewGuid();
            if (await CodeArchive.ExtractAsync(code.Body, submission.Code.UploadFolder(upload.Value), ct) is { } badCode)
            {
                submission.Code.DeleteUpload(upload.Value);
                return ApiProblems.Invalid("code", badCode);
            }
        }
        var target = check.Target!.Kind;
        var job = await submission.Inserts.InsertAsync(
            () => new Job(workspace, spec.Name!, spec, target, upload, caller.UserName(), hash, submission.Time.GetUtcNow()), ct);
        if (job is null)
        {
            // The name is taken: by the same spec (a retry, or a concurrent submit that won), or by another.
            if (upload is { } unclaimed)
            {
                submission.Code.DeleteUpload(unclaimed);
            }
            var winner = await FindAsync(db, workspace, spec.Name!, ct, tracked: false)
                ?? throw new InvalidOperationException($"Job '{spec.Name}' could not be stored, yet no job of that name exists.");
            return SameOrConflict(winner, hash);
        }
        submission.Code.Install(job);
        submission.Dispatch.Enqueue(TargetKey.Of(job));
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/jobs/{job.Name}", job.ToResource());
    }

    private static SubmitResult SameOrConflict(Job existing, string specHash) =>
        existing.SpecHash == specHash
            ? TypedResults.Ok(existing.ToResource())
            : ApiProblems.Conflict("Job exists", $"Job '{existing.Name}' exists with another spec; job names are unique in a workspace. Choose another name.");

    private static ValidationProblem Invalid(IEnumerable<SpecError> errors) =>
        ApiProblems.Invalid(errors.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.ToString()).ToArray()));
}
