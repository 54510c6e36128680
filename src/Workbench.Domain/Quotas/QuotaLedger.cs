namespace Workbench.Domain.Quotas;

/// <summary>
/// The quota decision, with no I/O: given what a workspace uses per family and its limits (a family
/// without one is unlimited), may it take <c>vCpus</c> more of <c>family</c>? The family's limit is
/// checked first, then the total.
/// </summary>
public static class QuotaLedger
{
    public static QuotaRefusal? TryReserve(string family, int vCpus, IReadOnlyDictionary<string, int> usage, IReadOnlyDictionary<string, int> limits)
    {
        var used = usage.GetValueOrDefault(family);
        if (limits.TryGetValue(family, out var familyLimit) && used + vCpus > familyLimit)
        {
            return new QuotaRefusal(family, used, vCpus, familyLimit);
        }
        var total = usage.Values.Sum();
        if (limits.TryGetValue(WorkspaceQuota.Total, out var totalLimit) && total + vCpus > totalLimit)
        {
            return new QuotaRefusal(WorkspaceQuota.Total, total, vCpus, totalLimit);
        }
        return null;
    }
}

/// <summary>Why an admission was refused: the limit it would break, what is used of it and what was asked.</summary>
public sealed record QuotaRefusal(string Family, int Used, int Requested, int Limit)
{
    public string Describe() =>
        $"The {(Family == WorkspaceQuota.Total ? "workspace's total vCPU" : $"{Family} vCPU")} quota would be exceeded: "
        + $"used {Used}, requested {Requested}, limit {Limit}.";
}
