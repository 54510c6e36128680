namespace Workbench.Domain.Clusters;

/// <summary>The backend that makes a cluster's nodes real: slices of this host, or a Slurm partition.</summary>
public enum ClusterDriver
{
    Local,
    Slurm,
}
