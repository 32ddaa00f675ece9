using System.Security.Claims;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Demo;
using Mainstay.Features.Dosing;
using Mainstay.Features.Inventory;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Bench;

/// <summary>
/// A site's controlled-substance ledger after years of dosing: the reconciliation of every lot and a week of the
/// ledger, through <see cref="InventoryBook"/>, against a baseline in the same run that reads the site's lines the way
/// the book did until stop 22 (every line of the site as a whole entity, then filtered and added up in memory).
/// </summary>
public static class InventoryBench
{
    public sealed record Row(string Database, int Lines, string Scenario, double Median, double P99, double BaselineMedian, double KiB, double BaselineKiB);

    public static async Task<List<Row>> RunAsync(string? postgres, int days, int dosesPerDay, int calls)
    {
        var dir = Scratch.Directory("stock");
        var database = postgres is null ? "SQLite" : "PostgreSQL";
        try
        {
            await using var app = WebHost.Build(new ServeSettings(new StorageSettings(dir, postgres), "http://127.0.0.1:0") { Quiet = true });
            await WebHost.PrepareDatabaseAsync(app.Services);
            await DemoClinic.SeedAsync(app.Services, CancellationToken.None);
            var lines = await AddYearsOfLinesAsync(app.Services, days, dosesPerDay);

            Guid nurseId;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                nurseId = (await scope.ServiceProvider.GetRequiredService<MainstayDb>().Users.SingleAsync(u => u.UserName == "nurse")).Id;
            }

            var nurse = new ClaimsPrincipal(new ClaimsIdentity(
                [new(ClaimTypes.Name, "nurse"), new(ClaimTypes.Role, Roles.Nurse), new(ClaimTypes.NameIdentifier, nurseId.ToString())], "bench"));
            app.Services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = nurse };
            var weekAgo = DateOnly.FromDateTime(DateTime.Now).AddDays(-7);

            var reconcile = await TimeAsync(app.Services, calls, async (book, _) =>
            {
                var lots = (await book.ReconcileAsync(1, full: true, CancellationToken.None)).Value!;
                if (lots.Any(l => !l.Balances))
                {
                    throw new InvalidOperationException("The generated ledger must balance: " + lots.First(l => !l.Balances).FirstBreak);
                }
            });
            var reconcileBaseline = await TimeAsync(app.Services, calls, async (_, db) =>
            {
                var all = (await db.InventoryEntries.AsNoTracking().Where(e => e.SiteId == 1).OrderBy(e => e.Id).ToListAsync()).ToLookup(e => e.LotId);
                var sums = all.Select(g => g.Sum(e => e.QuantityMg)).ToList();
                GC.KeepAlive(sums);
            });
            var full = (await ReconcileOnceAsync(app.Services, full: true)).ToDictionary(l => l.LotId);
            await AddYesterdaysCloseAsync(app.Services);
            var fromClose = await TimeAsync(app.Services, calls, async (book, _) =>
            {
                var lots = (await book.ReconcileAsync(1, full: false, CancellationToken.None)).Value!;
                if (lots.Any(l => l.CheckedSince is null || full[l.LotId] != l with { CheckedSince = null }))
                {
                    throw new InvalidOperationException("The check from the close must say what the full check says.");
                }
            });
            var week = await TimeAsync(app.Services, calls, async (book, _) => GC.KeepAlive((await book.LedgerAsync(1, weekAgo, null, CancellationToken.None)).Value));
            var weekBaseline = await TimeAsync(app.Services, calls, async (_, db) =>
            {
                var all = await db.InventoryEntries.AsNoTracking().Where(e => e.SiteId == 1).OrderBy(e => e.Id).ToListAsync();
                GC.KeepAlive(all.Where(e => DateOnly.FromDateTime(e.At.ToLocalTime().DateTime) >= weekAgo).ToList());
            });
            await app.StopAsync();
            return
            [
                new(database, lines, "reconcile every lot of the site", reconcile.Latency.Median, reconcile.Latency.P99, reconcileBaseline.Latency.Median, reconcile.KiB, reconcileBaseline.KiB),
                new(database, lines, "reconcile from yesterday's close (today's lines)", fromClose.Latency.Median, fromClose.Latency.P99, reconcileBaseline.Latency.Median,
                    fromClose.KiB, reconcileBaseline.KiB),
                new(database, lines, "ledger: the last 7 days", week.Latency.Median, week.Latency.P99, weekBaseline.Latency.Median, week.KiB, weekBaseline.KiB),
            ];
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

    private static async Task<IReadOnlyList<LotReconciliation>> ReconcileOnceAsync(IServiceProvider services, bool full)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<InventoryBook>().ReconcileAsync(1, full, CancellationToken.None)).Value!;
    }

    /// <summary>
    /// Yesterday's close of site 1 as a close would have kept it: every lot counted equal to its book, and the ledger's sums
    /// up to yesterday's last line (added up here, outside the timing).
    /// </summary>
    private static async Task AddYesterdaysCloseAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var today = DateOnly.FromDateTime(DateTime.Now);
        var midnight = Mainstay.Web.Dates.LocalMidnightUtc(today, TimeZoneInfo.Local);
        var lines = (await db.InventoryEntries.AsNoTracking().Where(e => e.SiteId == 1).OrderBy(e => e.Id).ToListAsync()).Where(e => e.At < midnight).ToList();
        var close = new StockDayClose
        {
            Id = Guid.CreateVersion7(),
            SiteId = 1,
            Day = today.AddDays(-1),
            ClosedAt = midnight.AddMinutes(-30),
            ClosedBy = "nurse",
            WitnessedBy = "prescriber",
            LastLineId = lines.Count == 0 ? 0 : lines[^1].Id,
        };
        foreach (var lot in await db.StockLots.AsNoTracking().Where(l => l.SiteId == 1).ToListAsync())
        {
            var own = lines.Where(e => e.LotId == lot.Id).ToList();
            var sum = own.Sum(e => e.QuantityMg);
            close.Lots.Add(new StockDayCloseLot
            {
                LotId = lot.Id,
                ExpectedMg = sum,
                CountedMg = sum,
                LedgerMg = sum,
                ReceivedMg = own.Where(e => e.Kind is "receipt" or "transfer-in").Sum(e => e.QuantityMg),
                OutMg = -own.Where(e => e.Kind is "dispense" or "take-home" or "waste" or "transfer-out").Sum(e => e.QuantityMg),
                AdjustedMg = own.Where(e => e.Kind is not ("receipt" or "transfer-in" or "dispense" or "take-home" or "waste" or "transfer-out")).Sum(e => e.QuantityMg),
                Lines = own.Count,
            });
        }

        db.StockDayCloses.Add(close);
        await db.SaveChangesAsync();
    }

    private static async Task<(Latency Latency, double KiB)> TimeAsync(IServiceProvider services, int calls, Func<InventoryBook, MainstayDb, Task> call)
    {
        var latency = new Latency("calls");
        long allocated = 0;
        for (var i = 0; i < calls + 2; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var book = scope.ServiceProvider.GetRequiredService<InventoryBook>();
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            if (i < 2)
            {
                await call(book, db); // warm-up
                continue;
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            await latency.TimeAsync(async () =>
            {
                await call(book, db);
                return 0;
            });
            allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        return (latency, allocated / 1024.0 / calls);
    }

    /// <summary>
    /// One methadone lot at site 1 that received a year's stock each quarter and gave <paramref name="dosesPerDay"/> doses a
    /// day for <paramref name="days"/> days, ending today, every line carrying the right balance.
    /// </summary>
    private static async Task<int> AddYearsOfLinesAsync(IServiceProvider services, int days, int dosesPerDay)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var lot = new StockLot { Id = Guid.CreateVersion7(), SiteId = 1, Medication = Moud.Methadone, Lot = "BENCH-YEARS", BalanceMg = 0 };
        db.StockLots.Add(lot);
        await db.SaveChangesAsync();
        var first = DateTimeOffset.UtcNow.AddDays(-days);
        decimal balance = 0;
        var count = 0;
        for (var day = 0; day < days; day++)
        {
            var at = first.AddDays(day);
            if (day % 90 == 0)
            {
                balance += 90m * dosesPerDay * 80m;
                db.InventoryEntries.Add(new InventoryEntry { SiteId = 1, LotId = lot.Id, Kind = "receipt", QuantityMg = 90m * dosesPerDay * 80m, BalanceAfterMg = balance, At = at, Supplier = "Bench", Invoice = $"B-{day}", By = "nurse" });
                count++;
            }

            for (var d = 0; d < dosesPerDay; d++)
            {
                var mg = 60m + (d % 5) * 10m;
                balance -= mg;
                db.InventoryEntries.Add(new InventoryEntry { SiteId = 1, LotId = lot.Id, Kind = "dispense", QuantityMg = -mg, BalanceAfterMg = balance, At = at.AddSeconds(d * 20), By = "nurse" });
                count++;
            }

            if (day % 30 == 29)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        await db.StockLots.Where(l => l.Id == lot.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.BalanceMg, balance));
        return count;
    }
}
