namespace Workbench.Domain.Catalog;

/// <summary>A named machine shape; the family is what quotas count against.</summary>
public sealed record Size(string Name, int VCpus, double MemoryGiB, int Gpus, string Family, decimal PricePerHour);
