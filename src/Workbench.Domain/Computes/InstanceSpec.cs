namespace Workbench.Domain.Computes;

/// <summary>What a user asks for when creating an instance; two creates with equal specs are the same request.</summary>
public sealed record InstanceSpec(string Size, string Image, string Owner);
