using System.Globalization;
using Mainstay.Bench;

// Mainstay benchmarks. Results are written, with the machine and command, to docs/PERFORMANCE.md.
//   dotnet run -c Release --project bench/Mainstay.Bench -- patient-search [sizes, default 100000,1000000] [queries per kind, default 300]
if (args.Length == 0 || args[0] != "patient-search")
{
    Console.Error.WriteLine("usage: patient-search [sizes=100000,1000000] [queriesPerKind=300]");
    return 2;
}

var sizes = (args.Length > 1 ? args[1] : "100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var perKind = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine("| patients | query | n | app (EF) median ms | app p99 ms | raw SQL median ms | raw p99 ms | app/raw (median) | HTTP+audit median ms | HTTP p99 ms |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    foreach (var r in await PatientSearchBench.RunAsync(size, perKind))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Patients:N0} | {r.Kind} | {r.Queries} | {r.EfMedian:F2} | {r.EfP99:F2} | {r.RawMedian:F2} | {r.RawP99:F2} | {r.EfMedian / r.RawMedian:F2} | {r.HttpMedian:F2} | {r.HttpP99:F2} |"));
    }
}

return 0;
