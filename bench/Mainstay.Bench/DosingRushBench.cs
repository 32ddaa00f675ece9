using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Demo;
using Mainstay.Features.Dosing;
using Mainstay.Features.Inventory;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Bench;

/// <summary>
/// The morning rush at the dosing window: N patients due, S stations dispensing at once over HTTP (each dispense
/// checks the order, missed days and stock, writes the dose, the ledger line and the audit event in one fsynced
/// transaction). Baselines in the same run: GET /css/site.css and GET /health at the same concurrency (the HTTP floor on this
/// machine), and the same writes as raw SQL in one transaction. After the run the database is checked: nobody dosed twice,
/// every ledger line adds up, the audit chain verifies.
/// </summary>
public static class DosingRushBench
{
    /// <summary>Dispenses (and as many repeats) before anything is measured.</summary>
    private const int WarmUp = 1000;

    public sealed record Row(string Database, string Scenario, int Stations, int Requests, int Ok, int Conflicts, double Seconds, double PerSecond, double Median, double P99, double CpuMsPerRequest);

    /// <summary>What the scenario found in the database after the run: each must be zero.</summary>
    public sealed record AfterRun(int PatientsDosedTwice, int LedgerMismatches, string AuditChain);

    /// <param name="stationCounts">Closed-loop runs, one per count: each station sends its next dose the moment the last is answered.</param>
    /// <param name="pacedPerSecond">Then 32 stations together offer this many doses a second (0: no paced run); latency counts from the planned send.</param>
    /// <param name="stationKinds">Every run once per kind of station client ("http": .NET's HttpClient; "socket": <see cref="SocketStation"/>).</param>
    public static async Task<(List<Row> Rows, AfterRun Checks)> RunAsync(string? postgres, int patients, IReadOnlyList<int> stationCounts, int pacedPerSecond, IReadOnlyList<string> stationKinds)
    {
        var dir = Scratch.Directory("rush");
        var storage = new StorageSettings(dir, postgres);
        var database = postgres is null ? "SQLite" : "PostgreSQL";
        var runs = (stationCounts.Count + (pacedPerSecond > 0 ? 1 : 0)) * stationKinds.Count;
        var maxStations = stationCounts.Append(32).Max();
        try
        {
            await using var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0") { Quiet = true, SignInPerMinute = 1_000_000, WarmUpReports = false }); // nothing of its compiling in the measurements
            await WebHost.PrepareDatabaseAsync(app.Services);
            await DemoClinic.SeedAsync(app.Services, CancellationToken.None);
            // Warm-up, one set per run, and one for the raw SQL baseline.
            var due = await AddDuePatientsAsync(app.Services, WarmUp + patients * (runs + 1));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxStations }) { BaseAddress = new Uri(address) };
            var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "nurse", password = "nurse-demo-2026" });
            var body = await token.Content.ReadFromJsonAsync<Dictionary<string, object>>();
            var bearer = body!["access_token"].ToString()!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            var kinds = new List<Station[]>();
            foreach (var kind in stationKinds)
            {
                kinds.Add(await Station.OpenAsync(kind, http, new Uri(address), bearer, maxStations));
            }

            try
            {
                // Warm up as a server that has been running: JIT tiers (a 64-dose warm-up left the tiering thread busy through the
                // rush, a sixth of the CPU), connection pool, EF model, every refusal path, every kind of station.
                for (var batch = 0; batch < WarmUp / 200; batch++)
                {
                    var some = due.Skip(batch * 200).Take(200).ToList();
                    await RunAsync(kinds[0][..32], some.Select(d => (Func<Station, Task<HttpStatusCode>>)(c => Dispense(c, d))).ToList());
                    await RunAsync(kinds[^1][..32], some.Select(d => (Func<Station, Task<HttpStatusCode>>)(c => Dispense(c, d))).ToList());
                    foreach (var stations in kinds)
                    {
                        await RunAsync(stations[..32], some.Select(_ => (Func<Station, Task<HttpStatusCode>>)(c => c.GetAsync("/health"))).ToList());
                        await RunAsync(stations[..32], some.Select(_ => (Func<Station, Task<HttpStatusCode>>)(c => c.GetAsync("/css/site.css"))).ToList());
                    }

                    await JitQuietAsync(batch);
                }

                var rows = new List<Row>();
                var next = WarmUp;
                foreach (var count in stationCounts)
                {
                    foreach (var kind in kinds)
                    {
                        var stations = kind[..count];
                        var of = stations[0].Kind == "HttpClient" ? "" : $", {stations[0].Kind} stations";
                        var mine = due.Skip(next).Take(patients).ToList();
                        next += patients;
                        var floor = await RunAsync(stations, mine.Select(_ => (Func<Station, Task<HttpStatusCode>>)(c => c.GetAsync("/css/site.css"))).ToList());
                        var health = await RunAsync(stations, mine.Select(_ => (Func<Station, Task<HttpStatusCode>>)(c => c.GetAsync("/health"))).ToList());
                        using var sampler = AllocationSampler.Start();
                        using var pauses = new GcPauses();
                        var writerBefore = ThreadCpu.Of(DoseRecorder.ThreadName);
                        var rush = await RunAsync(stations, mine.Select(d => (Func<Station, Task<HttpStatusCode>>)(c => Dispense(c, d))).ToList());
                        var writerCpu = ThreadCpu.Of(DoseRecorder.ThreadName) - writerBefore;
                        Console.Error.WriteLine($"the rush at {count} stations{of}: the dose writer's thread used {writerCpu.TotalMilliseconds:F0} ms of CPU, "
                            + $"{writerCpu.TotalMicroseconds / rush.Latency.Count:F0} µs a dose ({writerCpu.TotalSeconds / rush.Seconds:P0} of one core)");
                        sampler?.Report($"the rush at {count} stations{of}", mine.Count);
                        var paused = await pauses.TakeAsync();
                        var (overlapping, p99OfOthers) = rush.Latency.Apart(paused);
                        Console.Error.WriteLine($"the rush at {count} stations{of}: {paused.Count} collection pauses ("
                            + string.Join(", ", paused.Select(p => $"{(p.End - p.Start).TotalMilliseconds:F1}")) + $" ms); {overlapping} of {rush.Latency.Count} dispenses "
                            + $"were in flight during one; p99 of the others {p99OfOthers:F2} ms, of all {rush.Latency.P99:F2} ms");
                        // The same patients again: every one must be refused (409), never dosed twice.
                        var again = await RunAsync(stations, mine.Take(500).Select(d => (Func<Station, Task<HttpStatusCode>>)(c => Dispense(c, d))).ToList());
                        rows.Add(Summarize(database, $"GET /css/site.css (HTTP floor){of}", count, floor));
                        rows.Add(Summarize(database, $"GET /health (one database read){of}", count, health));
                        rows.Add(Summarize(database, $"POST /dosing/dispenses (201){of}", count, rush));
                        rows.Add(Summarize(database, $"second dose refused (409){of}", count, again));
                    }
                }

                if (pacedPerSecond > 0)
                {
                    foreach (var kind in kinds)
                    {
                        var of = kind[0].Kind == "HttpClient" ? "" : $", {kind[0].Kind} stations";
                        var mine = due.Skip(next).Take(patients).ToList();
                        next += patients;
                        var paced = await PacedAsync(kind[..32], pacedPerSecond, mine.Select(d => (Func<Station, Task<HttpStatusCode>>)(c => Dispense(c, d))).ToList());
                        rows.Add(Summarize(database, $"POST /dosing/dispenses, {pacedPerSecond}/s offered{of}", 32, paced));
                    }
                }

                await app.StopAsync();
                var baseline = await RawDosesAsync(app.Services, due.Skip(next).Take(patients).ToList());
                rows.Add(new Row(database, "baseline: the same writes as raw SQL, one transaction", 1, patients, patients, 0, baseline,
                    patients / baseline, double.NaN, double.NaN, double.NaN));
                return (rows, await CheckAsync(app.Services));
            }
            finally
            {
                foreach (var station in kinds.SelectMany(k => k))
                {
                    station.Dispose();
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temp folder is harmless
            }
        }
    }

    /// <summary>
    /// The writes of <paramref name="doses"/> dispenses as plain prepared SQL in one transaction: the dose, the ledger line, the
    /// lot's balance and the chained audit event, with the values bound exactly as EF binds them (the model's type mappings).
    /// No checks, no HTTP, one commit: the floor the application's writes are compared with.
    /// </summary>
    private static async Task<double> RawDosesAsync(IServiceProvider services, List<(Guid Patient, Guid Order)> doses)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var lot = await db.StockLots.AsNoTracking().Where(l => l.SiteId == 1 && l.Medication == Moud.Methadone).OrderByDescending(l => l.BalanceMg).FirstAsync();
        var today = DateOnly.FromDateTime(DateTime.Now);
        var clock = Stopwatch.StartNew();
        await using var tx = await db.Database.BeginTransactionAsync();
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync();
        var insertDose = RawInsert.For<Dispense>(db, connection, transaction);
        var insertLine = RawInsert.For<InventoryEntry>(db, connection, transaction);
        var insertEvent = RawInsert.For<AuditEvent>(db, connection, transaction);
        await using var moveLot = connection.CreateCommand();
        moveLot.Transaction = transaction;
        moveLot.CommandText = """UPDATE "StockLots" SET "BalanceMg" = @balance, "Version" = "Version" + 1 WHERE "Id" = @id""";
        var balanceParameter = RawInsert.Parameter(db, moveLot, typeof(StockLot), nameof(StockLot.BalanceMg), "@balance", lot.BalanceMg);
        RawInsert.Parameter(db, moveLot, typeof(StockLot), nameof(StockLot.Id), "@id", lot.Id);
        moveLot.Prepare();
        var balance = lot.BalanceMg;
        var sequence = head.LastSequence;
        var hash = head.LastHash;
        foreach (var (patient, order) in doses)
        {
            var now = DateTimeOffset.UtcNow;
            var dose = new Dispense
            {
                Id = Guid.CreateVersion7(now),
                PatientId = patient,
                SiteId = 1,
                OrderId = order,
                LineageId = order,
                DoseDate = today,
                Slot = 1,
                ClaimedSlot = 1,
                Medication = Moud.Methadone,
                OrderedMg = 60,
                AmountMg = 60,
                LotId = lot.Id,
                Lot = lot.Lot,
                Observed = true,
                At = now,
                Nurse = "nurse",
            };
            balance -= 60;
            var e = new AuditEvent
            {
                Sequence = ++sequence,
                At = AuditChain.Normalize(now),
                Username = "nurse",
                Role = Roles.Nurse,
                SiteId = 1,
                Action = "dispense",
                ResourceType = "MedicationAdministration",
                ResourceId = dose.Id.ToString(),
                PatientId = patient,
                Purpose = "treatment",
                Detail = DosingWindow.AuditDetail(dose),
                PreviousHash = hash,
            };
            e.Hash = hash = AuditChain.ComputeHash(e);
            await insertDose.RunAsync(dose);
            await insertLine.RunAsync(new InventoryEntry { SiteId = 1, LotId = lot.Id, Kind = "dispense", QuantityMg = -60, BalanceAfterMg = balance, DispenseId = dose.Id, By = "nurse", At = now });
            balanceParameter.Value = RawInsert.ToProvider(db, typeof(StockLot), nameof(StockLot.BalanceMg), balance);
            await moveLot.ExecuteNonQueryAsync();
            await insertEvent.RunAsync(e);
        }

        await db.Database.ExecuteSqlAsync($"""UPDATE "AuditChainHeads" SET "LastSequence" = {sequence}, "LastHash" = {hash} WHERE "Id" = 1""");
        await tx.CommitAsync();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>After the run: no patient dosed twice, every lot's ledger adds up line by line to its balance, the audit chain verifies.</summary>
    private static async Task<AfterRun> CheckAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var twice = await db.Dispenses.Where(d => d.ClaimedSlot != null).GroupBy(d => new { d.PatientId, d.DoseDate }).CountAsync(g => g.Count() > 1);
        var lots = await db.StockLots.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.BalanceMg);
        var running = new Dictionary<Guid, decimal>();
        var mismatches = 0;
        await foreach (var line in db.InventoryEntries.AsNoTracking().OrderBy(e => e.LotId).ThenBy(e => e.Id)
                           .Select(e => new { e.LotId, e.QuantityMg, e.BalanceAfterMg }).AsAsyncEnumerable())
        {
            var after = running.GetValueOrDefault(line.LotId) + line.QuantityMg;
            running[line.LotId] = after;
            mismatches += after == line.BalanceAfterMg ? 0 : 1;
        }

        mismatches += lots.Count(l => running.GetValueOrDefault(l.Key) != l.Value);
        var chain = await AuditQueries.VerifyAsync(db, null, CancellationToken.None);
        return new AfterRun(twice, mismatches, chain.IsIntact ? $"verifies ({chain.EventsChecked:N0} events)" : $"BROKEN: {chain.Message}");
    }

    /// <summary>
    /// Open loop: <paramref name="stations"/> stations each send on a fixed timetable so that together they offer
    /// <paramref name="perSecond"/> requests a second; a station behind its timetable sends at once. Latency is measured from
    /// the planned send, so a slow answer also counts against the requests that waited behind it.
    /// </summary>
    private static async Task<Run> PacedAsync(Station[] clients, int perSecond, List<Func<Station, Task<HttpStatusCode>>> calls)
    {
        var stations = clients.Length;
        var interval = TimeSpan.FromSeconds((double)stations / perSecond);
        var latencies = Enumerable.Range(0, stations).Select(i => new Latency($"station {i}")).ToArray();
        var codes = new ConcurrentBag<HttpStatusCode>();
        var gc = GarbageCollections.Now();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, stations).Select(async station =>
        {
            var planned = TimeSpan.FromSeconds((double)station / perSecond);
            for (var i = station; i < calls.Count; i += stations, planned += interval)
            {
                var wait = planned - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                codes.Add(await calls[i](clients[station]));
                latencies[station].Add((clock.Elapsed - planned).TotalMilliseconds);
            }
        }));
        Console.Error.WriteLine($"{calls.Count} requests offered at {perSecond}/s: {clock.Elapsed.TotalSeconds:F2} s; {GarbageCollections.Now() - gc}");
        var all = new Latency("all");
        foreach (var l in latencies)
        {
            all.AddRange(l);
        }

        return new Run(all, codes, clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    public sealed record InProcessRound(int Round, double WallMs, double CpuMs, double Commands, double CommandMs, double CommitMs, double KiB);

    /// <summary>
    /// Dispenses through <see cref="DosingWindow"/> directly (no HTTP, no JSON, no authentication), <paramref name="parallel"/>
    /// at a time, and reports per dispense: wall and CPU time, SQL commands and their time, the commit (fsync) and allocation.
    /// </summary>
    public static async Task<List<InProcessRound>> InProcessAsync(int parallel, int rounds, int perRound)
    {
        var dir = Scratch.Directory("inproc");
        try
        {
            await using var app = WebHost.Build(new ServeSettings(new StorageSettings(dir, null), "http://127.0.0.1:0") { Quiet = true });
            await WebHost.PrepareDatabaseAsync(app.Services);
            await DemoClinic.SeedAsync(app.Services, CancellationToken.None);
            var due = await AddDuePatientsAsync(app.Services, rounds * perRound);
            Guid nurseId;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                nurseId = (await scope.ServiceProvider.GetRequiredService<MainstayDb>().Users.SingleAsync(u => u.UserName == "nurse")).Id;
            }

            var nurse = new ClaimsPrincipal(new ClaimsIdentity(
                [new(ClaimTypes.Name, "nurse"), new(ClaimTypes.Role, Roles.Nurse), new(ClaimTypes.NameIdentifier, nurseId.ToString())], "bench"));
            var accessor = app.Services.GetRequiredService<IHttpContextAccessor>();
            var counter = new SqlCounter();
            using var subscription = DiagnosticListener.AllListeners.Subscribe(counter);
            var results = new List<InProcessRound>();
            for (var round = 0; round < rounds; round++)
            {
                var batch = due.Skip(round * perRound).Take(perRound).ToList();
                counter.Reset();
                var allocated = GC.GetTotalAllocatedBytes();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var next = -1;
                await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
                {
                    int j;
                    while ((j = Interlocked.Increment(ref next)) < batch.Count)
                    {
                        accessor.HttpContext = new DefaultHttpContext { User = nurse };
                        await using var scope = app.Services.CreateAsyncScope();
                        var outcome = await scope.ServiceProvider.GetRequiredService<DosingWindow>()
                            .DispenseAsync(new DispenseRequest { PatientId = batch[j].Item1, OrderId = batch[j].Item2 }, null, CancellationToken.None);
                        if (outcome.Refusal is { } refusal)
                        {
                            throw new InvalidOperationException(refusal.Describe());
                        }
                    }
                })));
                var n = (double)batch.Count;
                results.Add(new InProcessRound(round + 1, clock.Elapsed.TotalMilliseconds / n, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / n,
                    counter.Commands / n, counter.CommandMs / n, counter.CommitMs / n, (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / n));
            }

            await app.StopAsync();
            return results;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temp folder is harmless
            }
        }
    }

    /// <summary>Counts EF Core's executed commands and commits (their own measured durations) from its diagnostic events.</summary>
    private sealed class SqlCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private long commands;
        private double commandMs;
        private double commitMs;
        private readonly object gate = new();

        public long Commands => commands;

        public double CommandMs => commandMs;

        public double CommitMs => commitMs;

        public void Reset()
        {
            lock (gate)
            {
                commands = 0;
                commandMs = 0;
                commitMs = 0;
            }
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                listener.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            lock (gate)
            {
                switch (e.Value)
                {
                    case CommandExecutedEventData executed:
                        commands++;
                        commandMs += executed.Duration.TotalMilliseconds;
                        break;
                    case TransactionEndEventData ended when e.Key == RelationalEventId.TransactionCommitted.Name:
                        commitMs += ended.Duration.TotalMilliseconds;
                        break;
                }
            }
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }

    /// <summary>
    /// Waits (at most 30 s) until the runtime's tiering thread stops recompiling: right after start it recompiles tens of
    /// thousands of methods, which took a sixth of the CPU of a rush measured too early.
    /// </summary>
    private static async Task JitQuietAsync(int batch)
    {
        var clock = Stopwatch.StartNew();
        long before;
        do
        {
            before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.Delay(1000);
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() - before > 10 && clock.Elapsed < TimeSpan.FromSeconds(30));

        Console.Error.WriteLine($"warm-up round {batch + 1}: {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled, quiet after {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static Task<HttpStatusCode> Dispense(Station station, (Guid Patient, Guid Order) d) =>
        station.PostJsonAsync("/api/v1/dosing/dispenses", new { patientId = d.Patient, orderId = d.Order });

    private sealed record Run(Latency Latency, ConcurrentBag<HttpStatusCode> Codes, double Seconds, double CpuSeconds);

    private static async Task<Run> RunAsync(Station[] clients, List<Func<Station, Task<HttpStatusCode>>> calls)
    {
        var stations = clients.Length;
        var queue = new ConcurrentQueue<Func<Station, Task<HttpStatusCode>>>(calls);
        var latencies = Enumerable.Range(0, stations).Select(i => new Latency($"station {i}")).ToArray();
        var codes = new ConcurrentBag<HttpStatusCode>();
        var gc = GarbageCollections.Now();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(latencies.Select(async (latency, i) =>
        {
            while (queue.TryDequeue(out var call))
            {
                codes.Add(await latency.TimeAsync(() => call(clients[i])));
            }
        }));
        var spent = GarbageCollections.Now() - gc;
        Console.Error.WriteLine($"{calls.Count} requests at {stations} stations: {clock.Elapsed.TotalSeconds:F2} s; {spent.Allocated / 1024.0 / calls.Count:F0} KiB a request; {spent}");
        var all = new Latency("all");
        foreach (var l in latencies)
        {
            all.AddRange(l);
        }

        return new Run(all, codes, clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static Row Summarize(string database, string scenario, int stations, Run run) => new(
        database, scenario, stations, run.Latency.Count, run.Codes.Count(c => c is HttpStatusCode.Created or HttpStatusCode.OK),
        run.Codes.Count(c => c == HttpStatusCode.Conflict), run.Seconds, run.Latency.Count / run.Seconds, run.Latency.Median, run.Latency.P99,
        run.CpuSeconds * 1000 / run.Latency.Count);

    /// <summary>Patients at site 1 with a methadone order that started today (nothing missed), and stock enough for all.</summary>
    internal static async Task<List<(Guid, Guid)>> AddDuePatientsAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(DateTime.Now);
        var due = new List<(Guid, Guid)>();
        for (var i = 0; i < count; i++)
        {
            var patient = new Patient
            {
                Id = Guid.CreateVersion7(now),
                Mrn = $"RUSH-{i:D7}",
                SiteId = 1,
                GivenName = "Rush",
                FamilyName = $"Patient{i:D6}",
                FamilyKey = $"patient{i:D6}",
                GivenKey = "rush",
                BirthDate = new DateOnly(1980, 1, 1).AddDays(i % 9000),
                SexAtBirth = SexAtBirth.Female,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var orderId = Guid.CreateVersion7(now);
            db.Patients.Add(patient);
            db.MedicationOrders.Add(new MedicationOrder
            {
                Id = orderId,
                PatientId = patient.Id,
                SiteId = 1,
                LineageId = orderId,
                Version = 1,
                Medication = Moud.Methadone,
                DoseMg = 60,
                Schedule = "daily",
                StartDate = today,
                Status = OrderStatus.Active,
                Prescriber = "prescriber",
                Findings = "[]",
                CreatedAt = now,
            });
            due.Add((patient.Id, orderId));
        }

        // Enough methadone for every one of them, received through the ledger (the demo's opening stock runs out after about
        // 10,000 doses of 60 mg, and the raw SQL baseline takes all of its doses from one lot).
        var lot = await db.StockLots.Where(l => l.SiteId == 1 && l.Medication == Moud.Methadone).OrderByDescending(l => l.BalanceMg).FirstAsync();
        var receipt = new InventoryEntry
        {
            Kind = "receipt",
            QuantityMg = count * 60m,
            Supplier = "Demo Pharma Supply",
            SupplierRegistration = "RD1234563",
            Invoice = $"RUSH-{count}",
            Reason = "stock for the rush's doses (bench)",
            By = "system",
            At = now,
        };
        if (await scope.ServiceProvider.GetRequiredService<StockLedger>().PostAsync(lot, receipt, default) is { } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }

        await db.SaveChangesAsync();
        return due;
    }
}
