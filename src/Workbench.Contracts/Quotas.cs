namespace Workbench.Contracts;

/// <summary>One line of a workspace's usage: the vCPUs held of a VM family (or "total") and its limit, null when unlimited.</summary>
public sealed record QuotaResource(string Family, int Used, int? Limit);

/// <summary>The body of PUT .../quotas/{family}: the workspace's own limit, or null to go back to the server's default.</summary>
public sealed record SetQuotaRequest(int? VCpus);
