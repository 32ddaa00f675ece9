using System.Diagnostics;

namespace Mainstay.Bench;

/// <summary>Per-call latencies of one scenario, and their median and tail.</summary>
public sealed class Latency(string name)
{
    private readonly List<double> _ms = [];

    public string Name { get; } = name;

    public int Count => _ms.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await call();
        _ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    public void Add(double ms) => _ms.Add(ms);

    public void AddRange(Latency other) => _ms.AddRange(other._ms);

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
