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
        var dir = Path.Combine(Path.GetTempPath(), "mainstay-bench", $"stock-{Guid.NewGuid():N}"[..24]);
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
