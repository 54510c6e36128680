namespace Workbench.Domain.Computes;

/// <summary>
/// What a user asks for when creating an instance; two creates with equal specs are the same request.
/// JobSlots is how many job slots it has; null means the default of <see cref="ComputeInstance.SlotsPerVCpu"/> per vCPU.
/// </summary>
public sealed record InstanceSpec(string Size, string Image, string Owner, int? JobSlots = null);
