using System.Globalization;
using Workbench.Domain.Jobs;
using Workbench.Server.Catalog;

namespace Workbench.Server.Jobs;

/// <summary>
/// Checks a well-formed spec against what exists: its compute, its environment, whether its resources
/// fit the compute, and whether the caller may run jobs there (only the compute's owner: a job runs in
/// the owner's home folder). Errors name the key and line of the spec.
/// </summary>
public sealed class JobSubmissions(JobTargets targets, ImageCatalog images)
{
    private const double BytesPerGiB = 1024d * 1024 * 1024;

    /// <param name="nameInUrl">The name a PUT gave; a POST gives none and the spec's name, or a generated one, is used.</param>
    /// <param name="hasCode">Whether the request carries a code archive.</param>
    public async Task<SubmissionCheck> CheckAsync(
        ParsedJobSpec parsed, string workspace, string? nameInUrl, string caller, bool hasCode, CancellationToken cancellationToken)
    {
        var spec = parsed.Spec;
        var errors = new List<SpecError>();
        if (nameInUrl is not null && spec.Name is not null && !string.Equals(nameInUrl, spec.Name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(parsed.Error("name", $"the spec names the job '{spec.Name}' but the URL names it '{nameInUrl}'"));
        }
        if (spec.Code is not null && !hasCode)
        {
            errors.Add(parsed.Error("code", "the spec has code but the request carries none: send the folder as a tar archive in a multipart 'code' part (wb job create does)"));
        }
        if (spec.Code is null && hasCode)
        {
            errors.Add(parsed.Error("code", "the request carries a code archive but the spec has no 'code'"));
        }
        var target = await targets.FindAsync(workspace, spec.Compute, cancellationToken);
        if (target is null)
        {
            errors.Add(parsed.Error("compute", $"there is no compute named '{spec.Compute}' in workspace '{workspace}'"));
            return SubmissionCheck.Invalid(errors);
        }
        var environment = spec.Environment ?? target.Image;
        if (images.Find(environment) is null)
        {
            errors.Add(parsed.Error("environment", $"there is no environment image '{environment}'; images: {string.Join(", ", images.All.Select(i => i.Name))}"));
        }
        else if (environment != target.Image)
        {
            errors.Add(parsed.Error("environment", $"jobs on '{target.Name}' run in its sandbox, whose image is '{target.Image}'; use that or leave 'environment' out"));
        }
        errors.AddRange(ResourceErrors(parsed, target));
        if (errors.Count > 0)
        {
            return SubmissionCheck.Invalid(errors);
        }
        if (target.Owner is not null && caller != target.Owner)
        {
            return new SubmissionCheck(null, target, [], $"Only the owner of '{target.Name}' ({target.Owner}) may run jobs on it: a job runs in the owner's home folder.");
        }
        var name = nameInUrl ?? spec.Name ?? Domain.Jobs.JobName.Generate();
        var whole = spec with
        {
            Name = name,
            Environment = environment,
            Compute = target.Name,
            DisplayName = spec.DisplayName.Length > 0 ? spec.DisplayName : name,
        };
        return new SubmissionCheck(whole, target, [], null);
    }

    private static IEnumerable<SpecError> ResourceErrors(ParsedJobSpec parsed, JobTargetView target)
    {
        var resources = parsed.Spec.Resources;
        if (resources.Cpu > target.Slots)
        {
            yield return parsed.Error("resources.cpu", $"the job takes {resources.Cpu} slots; '{target.Name}' has {target.Slots}");
        }
        if (resources.InstanceCount > target.MaxNodes)
        {
            yield return parsed.Error("resources.instance_count", target.Kind is TargetKind.Cluster
                ? $"the job takes {resources.InstanceCount} nodes; cluster '{target.Name}' has at most {target.MaxNodes}"
                : $"the job takes {resources.InstanceCount} nodes; '{target.Name}' is an instance, one node: send multi-node jobs to a cluster");
        }
        if (resources.Gpu > target.Gpus)
        {
            yield return parsed.Error("resources.gpu", $"the job asks for {resources.Gpu} GPUs; '{target.Name}' has {target.Gpus}");
        }
        if (resources.MemoryBytes / BytesPerGiB > target.MemoryGiB)
        {
            var asked = (resources.MemoryBytes!.Value / BytesPerGiB).ToString("0.##", CultureInfo.InvariantCulture);
            yield return parsed.Error("resources.memory", $"the job asks for {asked} GiB; '{target.Name}' has {target.MemoryGiB.ToString(CultureInfo.InvariantCulture)} GiB");
        }
    }
}
