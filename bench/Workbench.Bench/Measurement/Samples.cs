using System.Diagnostics;

namespace Workbench.Bench.Measurement;

/// <summary>
/// The durations of one measured operation. Percentiles are nearest-rank over the sorted samples:
/// p50 of 10 samples is the 5th smallest, p90 the 9th, p99 of 500 the 495th.
/// </summary>
public sealed class Samples(string name)
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public string Name => name;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _milliseconds.Count;
            }
        }
    }

    public double Median => Percentile(50);

    public double P90 => Percentile(90);

    public double P99 => Percentile(99);

    public double Min => Sorted()[0];

    /// <summary>Adds the time between two <see cref="Stopwatch.GetTimestamp"/> readings; safe from several tasks at once.</summary>
    public double Add(long startTimestamp, long endTimestamp)
    {
        var milliseconds = Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds;
        Add(milliseconds);
        return milliseconds;
    }

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    /// <summary>
    /// How many samples lie just above a whole multiple of <paramref name="step"/> (within <paramref name="band"/>):
    /// where a fixed sleep-and-retry shows. Spread evenly, band / step of the samples over <paramref name="step"/> would.
    /// </summary>
    public int CountNearMultiplesOf(double step, double band)
    {
        lock (_lock)
        {
            return _milliseconds.Count(m => m >= step && m % step < band);
        }
    }

    /// <summary>The share of all the time measured that samples of at least <paramref name="milliseconds"/> make up.</summary>
    public double ShareOfTimeAtLeast(double milliseconds)
    {
        lock (_lock)
        {
            var total = _milliseconds.Sum();
            return total == 0 ? 0 : _milliseconds.Where(m => m >= milliseconds).Sum() / total;
        }
    }

    public int CountAtLeast(double milliseconds)
    {
        lock (_lock)
        {
            return _milliseconds.Count(m => m >= milliseconds);
        }
    }

    public double Percentile(double percent)
    {
        var sorted = Sorted();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private double[] Sorted()
    {
        double[] copy;
        lock (_lock)
        {
            copy = [.. _milliseconds];
        }
        if (copy.Length == 0)
        {
            throw new InvalidOperationException($"No samples of {name} were taken.");
        }
        Array.Sort(copy);
        return copy;
    }
}
