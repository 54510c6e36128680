namespace Workbench.Domain.Clusters;

/// <summary>The part of a cluster a user may change after creating it: how far it scales, how fast it shrinks, its tier.</summary>
public sealed record ClusterScale(int MinNodes, int MaxNodes, int IdleSecondsBeforeScaleDown, ClusterTier Tier)
{
    public const int DefaultIdleSeconds = 120;
    public const int MostNodes = 100;
    public const int MostIdleSeconds = 7 * 24 * 3600;

    /// <summary>Why the numbers cannot be, per field (the API's names), empty when they can.</summary>
    public IEnumerable<(string Field, string Message)> Errors()
    {
        if (MinNodes < 0)
        {
            yield return ("minNodes", $"minNodes is 0 or more; it is {MinNodes}.");
        }
        if (MaxNodes is < 1 or > MostNodes)
        {
            yield return ("maxNodes", $"maxNodes is between 1 and {MostNodes}; it is {MaxNodes}.");
        }
        else if (MinNodes > MaxNodes)
        {
            yield return ("minNodes", $"minNodes ({MinNodes}) is more than maxNodes ({MaxNodes}).");
        }
        if (IdleSecondsBeforeScaleDown is < 0 or > MostIdleSeconds)
        {
            yield return ("idleSecondsBeforeScaleDown", $"idleSecondsBeforeScaleDown is between 0 and {MostIdleSeconds}; it is {IdleSecondsBeforeScaleDown}.");
        }
    }
}
