namespace Workbench.Contracts;

/// <summary>A machine shape from the size catalog.</summary>
public sealed record SizeResource(string Name, int VCpus, double MemoryGiB, int Gpus, string Family, decimal PricePerHour);
