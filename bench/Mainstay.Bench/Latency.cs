using System.Diagnostics;

namespace Mainstay.Bench;

/// <summary>Per-call latencies of one scenario, and their median and tail.</summary>
public sealed class Latency(string name)
{
    private readonly List<double> _ms = [];
    private readonly List<(DateTime Start, DateTime End)> _spans = [];

    public string Name { get; } = name;

    public int Count => _ms.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var from = DateTime.UtcNow;
        var result = await call();
        _ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        _spans.Add((from, DateTime.UtcNow));
        return result;
    }

    public void Add(double ms) => _ms.Add(ms);

    public void AddRange(Latency other)
    {
        _ms.AddRange(other._ms);
        _spans.AddRange(other._spans);
    }

    /// <summary>The calls (timed with <see cref="TimeAsync"/>) that were in flight during any of <paramref name="pauses"/>, and the p99 of the others.</summary>
    public (int Overlapping, double P99OfOthers) Apart(IReadOnlyList<(DateTime Start, DateTime End)> pauses)
    {
        if (_spans.Count != _ms.Count)
        {
            throw new InvalidOperationException("Only calls timed with TimeAsync have a start and an end to compare with the pauses.");
        }

        var others = new Latency(Name);
        var overlapping = 0;
        for (var i = 0; i < _spans.Count; i++)
        {
            var (start, end) = _spans[i];
            if (pauses.Any(p => p.Start < end && p.End > start))
            {
                overlapping++;
            }
            else
            {
                others.Add(_ms[i]);
            }
        }

        return (overlapping, others.P99);
    }

    public double Percentile(double p)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ms.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public double Median => Percentile(50);
    public double P99 => Percentile(99);
}
