using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Mainstay.Bench;

/// <summary>
/// What the process allocates, by type: the runtime reports an allocation tick about every 100 KB allocated, naming the
/// type of the object that crossed it, so the ticks per type estimate each type's share of the bytes. Turned on with
/// MAINSTAY_BENCH_ALLOCATIONS=1; <see cref="Report"/> prints the largest shares since the last report.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const long GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);

    public static AllocationSampler? Start() =>
        Environment.GetEnvironmentVariable("MAINSTAY_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        bytes.AddOrUpdate(type, amount, (_, old) => old + amount);
    }

    public void Report(string what, int requests, int top = 25)
    {
        var all = bytes.ToArray();
        bytes.Clear();
        var total = all.Sum(p => p.Value);
        Console.Error.WriteLine($"allocations during {what}: about {total / 1024.0 / requests:F0} KiB a request, largest types:");
        foreach (var (type, b) in all.OrderByDescending(p => p.Value).Take(top))
        {
            Console.Error.WriteLine($"  {b * 100.0 / total,5:F1}%  {b / 1024.0 / requests,6:F1} KiB  {type}");
        }
    }
}

/// <summary>
/// When the runtime stopped the process for garbage collection: from the start of suspending the threads to the end of
/// restarting them, as the runtime's own events time them.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const long GcKeyword = 0x1;
    private readonly List<(DateTime Start, DateTime End)> pauses = [];
    private readonly Lock gate = new();
    private DateTime? suspended;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Informational, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        lock (gate)
        {
            if (e.EventName?.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal) == true)
            {
                suspended = e.TimeStamp.ToUniversalTime();
            }
            else if (e.EventName?.StartsWith("GCRestartEEEnd", StringComparison.Ordinal) == true && suspended is { } start)
            {
                pauses.Add((start, e.TimeStamp.ToUniversalTime()));
                suspended = null;
            }
        }
    }

    /// <summary>The pauses so far; waits a moment first, since the runtime hands its events to listeners a little late.</summary>
    public async Task<List<(DateTime Start, DateTime End)>> TakeAsync()
    {
        await Task.Delay(1500);
        lock (gate)
        {
            return [.. pauses];
        }
    }
}

/// <summary>How many collections of each generation the runtime has made and how long it paused the process for them.</summary>
internal readonly record struct GarbageCollections(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static GarbageCollections Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

    public static GarbageCollections operator -(GarbageCollections a, GarbageCollections b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);

    public override string ToString() =>
        $"{Allocated / 1048576.0:F0} MiB allocated; garbage collections: {Gen0} (gen0+), {Gen1} (gen1+), {Gen2} (gen2), paused {Paused.TotalMilliseconds:F1} ms";
}
