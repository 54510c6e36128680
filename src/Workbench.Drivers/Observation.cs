namespace Workbench.Drivers;

/// <summary>What a driver sees of a compute.</summary>
public abstract record Observation
{
    private Observation()
    {
    }

    /// <summary>Its processes run; endpoints map app names to "host:port".</summary>
    public sealed record Alive(IReadOnlyDictionary<string, string> Endpoints) : Observation;

    /// <summary>It is on its way but has no endpoints yet (a Slurm job waiting in the queue); the reason says why.</summary>
    public sealed record Starting(string Reason) : Observation;

    /// <summary>It ran and ended; the reason says how, for the instance's user.</summary>
    public sealed record Exited(int? ExitCode, string Reason) : Observation;

    /// <summary>Nothing of it exists (never started, or released).</summary>
    public sealed record Gone : Observation;

    /// <summary>The driver could not find out (its backend did not answer); the error says why. Look again later.</summary>
    public sealed record Unknown(string Error) : Observation;
}
