using Microsoft.Extensions.Options;
using Workbench.Domain.Quotas;

namespace Workbench.Server.Quotas;

/// <summary>"Workbench:Quotas": the vCPU limits every workspace has until it sets its own.</summary>
public sealed class QuotaOptions
{
    /// <summary>Family name (or "total") → vCPUs. A family without an entry is unlimited.</summary>
    public Dictionary<string, int> Defaults { get; set; } = [];
}

/// <summary>Refuses negative defaults when the server starts.</summary>
public sealed class QuotaOptionsValidator : IValidateOptions<QuotaOptions>
{
    public ValidateOptionsResult Validate(string? name, QuotaOptions options)
    {
        var failures = options.Defaults.Where(d => d.Value < 0)
            .Select(d => $"Workbench:Quotas:Defaults:{d.Key} must be 0 or more vCPUs (leave a family out for no limit; '{WorkspaceQuota.Total}' is the total).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
