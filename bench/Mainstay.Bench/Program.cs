using System.Globalization;
using Mainstay.Bench;
using Mainstay.Hosting;
using Microsoft.Extensions.DependencyInjection;

// Mainstay benchmarks. Results are written, with the machine and command, to docs/PERFORMANCE.md.
//   dotnet run -c Release --project bench/Mainstay.Bench -- patient-search [sizes, default 100000,1000000] [queries per kind, default 300]
//   dotnet run -c Release --project bench/Mainstay.Bench -- fhir [bundle folder, default ../shared/data/synthea/bundles] [copies, default 1] [PostgreSQL connection string]
//   dotnet run -c Release --project bench/Mainstay.Bench -- locator [listings, default 2000,20000] [calls per query, default 300]
//   dotnet run -c Release --project bench/Mainstay.Bench -- inventory [days, default 730] [doses per day, default 300] [PostgreSQL connection string]
//   dotnet run -c Release --project bench/Mainstay.Bench -- dosing-rush [patients per run, default 3000] [stations, default 16,32,64] [PostgreSQL connection string, - for SQLite] [paced doses/s at 32 stations, default 1000; 0 for none] [station clients, default http,socket]
//   dotnet run -c Release --project bench/Mainstay.Bench -- network generate [episodes, default 1000000] [doses, default 100000000] [SQLite folder | PostgreSQL connection string]
//   dotnet run -c Release --project bench/Mainstay.Bench -- network reports [SQLite folder | PostgreSQL connection string] [runs, default 5] [report name prefixes, comma-separated] [app: the application only, no hand-written SQL; - for both] [warm: first what the server runs when it starts, ReportWarmUp]
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
if (args.Length > 1 && args[0] == "network")
{
    static StorageSettings Network(string? where) => where is not null && where.Contains('=', StringComparison.Ordinal)
        ? new StorageSettings(Path.Combine(Path.GetTempPath(), "mainstay-network", "pg-files"), where)
        : new StorageSettings(where ?? Path.Combine(Path.GetTempPath(), "mainstay-network", "sqlite"), null);
    if (args[1] == "generate")
    {
        var episodes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var doses = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 100_000_000;
        var made = await NetworkGenerator.GenerateAsync(Network(args.Length > 4 ? args[4] : null), episodes, doses);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"network: {made.Patients:N0} patients, {made.Episodes:N0} episodes, {made.Doses:N0} doses, {made.Screens:N0} screens, {made.Sessions:N0} sessions, {made.Inquiries:N0} inquiries, {made.Overdoses:N0} overdoses in {made.Took.TotalMinutes:F1} min"));
        return 0;
    }

    var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
    Console.WriteLine("| database | report | runs | first ms | median ms | slowest ms | hand-written SQL median ms | app / SQL | what it covered |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
    foreach (var r in await NetworkBench.RunAsync(Network(args.Length > 2 && args[2] != "-" ? args[2] : null), runs, args.Length > 4 && args[4] != "-" ? args[4].Split(',') : null,
        withSql: !(args.Length > 5 && args[5] == "app"), warm: args.Length > 6 && args[6] == "warm"))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Database} | {r.Report} | {r.Runs} | {r.First:F0} | {r.Median:F0} | {r.Max:F0} | {r.SqlMedian:F0} | {r.Median / r.SqlMedian:F2} | {r.Size} |"));
    }

    return 0;
}

if (args.Length > 0 && args[0] == "dosing-inprocess")
{
    // The same dispenses without HTTP: what the dosing code and the database cost by themselves.
    var parallel = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
    var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6;
    Console.WriteLine("| parallel | round | ms per dispense (wall) | CPU ms per dispense | SQL commands | their ms | commit ms | KiB allocated |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var r in await DosingRushBench.InProcessAsync(parallel, rounds, perRound: 300))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {parallel} | {r.Round} | {r.WallMs:F2} | {r.CpuMs:F2} | {r.Commands:F1} | {r.CommandMs:F2} | {r.CommitMs:F2} | {r.KiB:F0} |"));
    }

    return 0;
}

if (args.Length > 0 && args[0] == "dosing-rush")
{
    var patients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3000;
    var stations = (args.Length > 2 ? args[2] : "16,32,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    var paced = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1000;
    var postgres = args.Length > 3 && args[3] != "-" ? args[3] : null;
    var kinds = (args.Length > 5 ? args[5] : "http,socket").Split(',');
    Console.WriteLine("| database | scenario | stations | requests | ok | 409 | seconds | per second | median ms | p99 ms | CPU ms per request (client + server) |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var (rows, checks) = await DosingRushBench.RunAsync(postgres, patients, stations, paced, kinds);
    foreach (var r in rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Database} | {r.Scenario} | {r.Stations} | {r.Requests} | {r.Ok} | {r.Conflicts} | {r.Seconds:F1} | {r.PerSecond:F0} | {r.Median:F2} | {r.P99:F2} | {r.CpuMsPerRequest:F2} |"));
    }

    var raw = rows[^1].PerSecond;
    foreach (var r in rows.Where(r => r.Scenario.StartsWith("POST", StringComparison.Ordinal)))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Scenario} at {r.Stations} stations: {r.PerSecond / raw:P1} of the raw SQL baseline's rate"));
    }

    Console.WriteLine($"after the run: patients dosed twice {checks.PatientsDosedTwice}, ledger mismatches {checks.LedgerMismatches}, audit chain {checks.AuditChain}");
    return checks.PatientsDosedTwice == 0 && checks.LedgerMismatches == 0 && checks.AuditChain.StartsWith("verifies", StringComparison.Ordinal) ? 0 : 1;
}

if (args.Length > 0 && args[0] == "inventory")
{
    var days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 730;
    var perDay = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
    Console.WriteLine("| database | ledger lines | scenario | median ms | p99 ms | baseline median ms | baseline / book | KiB per call | baseline KiB |");
    Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
    foreach (var r in await InventoryBench.RunAsync(args.Length > 3 ? args[3] : null, days, perDay, calls: 20))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Database} | {r.Lines:N0} | {r.Scenario} | {r.Median:F1} | {r.P99:F1} | {r.BaselineMedian:F1} | {r.BaselineMedian / r.Median:F1} | {r.KiB:N0} | {r.BaselineKiB:N0} |"));
    }

    return 0;
}

if (args.Length > 0 && args[0] == "locator")
{
    Console.WriteLine("| listings | query | calls | app median ms | app p99 ms | SQL baseline median ms | SQL p99 ms | app/SQL (median) | HTTP median ms | HTTP p99 ms |");
    Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var n in (args.Length > 1 ? args[1] : "2000,20000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
    {
        foreach (var r in await LocatorBench.RunAsync(n, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Listings:N0} | {r.Query} | {r.Calls} | {r.AppMedian:F3} | {r.AppP99:F3} | {r.SqlMedian:F3} | {r.SqlP99:F3} | {r.AppMedian / r.SqlMedian:F2} | {r.HttpMedian:F2} | {r.HttpP99:F2} |"));
        }
    }

    return 0;
}

if (args.Length > 0 && args[0] == "fhir")
{
    var folder = args.Length > 1 ? args[1] : "../shared/data/synthea/bundles";
    var copies = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    var bundles = FhirThroughputBench.Load(folder, copies);
    Console.WriteLine($"{bundles.Count} bundles ({copies} copies of {folder})");
    Console.WriteLine("| database | scenario | resources | seconds | resources/s |");
    Console.WriteLine("|---|---|---:|---:|---:|");
    foreach (var r in await FhirThroughputBench.RunAsync(args.Length > 3 ? args[3] : null, bundles))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Database} | {r.Scenario} | {r.Resources:N0} | {r.Seconds:F2} | {r.PerSecond:N0} |"));
    }

    return 0;
}

if (args.Length == 0 || args[0] != "patient-search")
{
    Console.Error.WriteLine("usage: patient-search [sizes=100000,1000000] [queriesPerKind=300] | dosing-rush [patients=3000] [stations=16,32,64] [postgres|-] [paced=1000] [stations=http,socket] | dosing-inprocess [parallel=1] [rounds=6] | inventory [days=730] [dosesPerDay=300] [postgres] | fhir [folder] [copies] [postgres]");
    return 2;
}

var sizes = (args.Length > 1 ? args[1] : "100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var perKind = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
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

