namespace Workbench.Domain.Computes;

/// <summary>
/// What a user asks for when creating an instance; two creates with equal specs are the same request.
/// The SSH key (a normalized public key line, or null for no SSH) is part of it; JobSlots is how many
/// job slots it has, null meaning the default of <see cref="ComputeInstance.SlotsPerVCpu"/> per vCPU.
/// Driver names the backend that runs it (<see cref="ComputeDrivers"/>); Partition is the Slurm partition
/// of an instance on Slurm, null for the driver's default.
/// </summary>
public sealed record InstanceSpec(
    string Size, string Image, string Owner, string? SshPublicKey = null, int? JobSlots = null, string Driver = ComputeDrivers.Local, string? Partition = null);
