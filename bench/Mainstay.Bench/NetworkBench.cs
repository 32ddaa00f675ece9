using System.Diagnostics;
using System.Security.Claims;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Reports;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Bench;

/// <summary>
/// The director's reports on the generated network (<see cref="NetworkGenerator"/>): each report through the application
/// (the same classes the pages and the API call, all sites), and the same figures as hand-written SQL in the same run.
/// </summary>
public static class NetworkBench
{
    public sealed record Row(string Database, string Report, int Runs, double First, double Median, double Max, double SqlMedian, string Size);

    public static async Task<List<Row>> RunAsync(StorageSettings storage, int runs, IReadOnlyCollection<string>? only = null, bool withSql = true, bool warm = false)
    {
        var database = storage.DatabaseConnection is null ? "SQLite" : "PostgreSQL";
        await using var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0") { Quiet = true });
        // A network generated before retention courses were kept gets them here, once (the migration and the rebuild).
        var prepare = Stopwatch.StartNew();
        await WebHost.PrepareDatabaseAsync(app.Services);
        Console.WriteLine($"database prepared (migrations, retention courses and urine weeks if missing) in {prepare.Elapsed.TotalSeconds:F0} s");
        Guid director;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            if (db.Provider == DatabaseProvider.PostgreSql)
            {
                // Tables the preparation may have just filled: vacuumed and analysed now, as autovacuum would do soon after
                // (until then every read of a fresh row checks its transaction, and a report reads them all).
                db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "RetentionCourses", "EpisodeUrineWeeks" """);
            }

            director = (await db.Users.SingleAsync(u => u.UserName == "director")).Id;
        }

        app.Services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new(ClaimTypes.Name, "director"), new(ClaimTypes.Role, Roles.Director), new(ClaimTypes.NameIdentifier, director.ToString())], "bench")),
        };

        var lastMonth = DateOnly.FromDateTime(DateTime.Today).AddMonths(-1);
        lastMonth = new DateOnly(lastMonth.Year, lastMonth.Month, 1);
        var reports = new List<(string Name, Func<IServiceProvider, Task<string>> App, Func<MainstayDb, Task<string>>? Sql)>
        {
            ("program dashboard (9 figures)", async sp => Size((await sp.GetRequiredService<ProgramReport>().BuildAsync(null, null, default)).Value!),
                db => NetworkSql.ProgramAsync(db)),
            // The same figures as they stood at the end of last month: no hand-written counterpart.
            ("program monthly report (last month)", async sp => Size((await sp.GetRequiredService<ProgramReport>().BuildAsync(null, lastMonth, default)).Value!), null),
            ("retention (Kaplan-Meier, 30-day gap)", async sp => Size((await sp.GetRequiredService<RetentionReport>().BuildAsync(null, null, default)).Value!),
                db => NetworkSql.RetentionAsync(db, 30)),
            ("urine outcomes (24 weeks)", async sp => Size((await sp.GetRequiredService<UrineOutcomeReport>().BuildAsync(null, null, default)).Value!),
                db => NetworkSql.UrineAsync(db, 24)),
            ("urine outcomes (52 weeks)", async sp => Size((await sp.GetRequiredService<UrineOutcomeReport>().BuildAsync(null, 52, default)).Value!),
                db => NetworkSql.UrineAsync(db, 52)),
            ("urine outcomes (104 weeks)", async sp => Size((await sp.GetRequiredService<UrineOutcomeReport>().BuildAsync(null, 104, default)).Value!),
                db => NetworkSql.UrineAsync(db, 104)),
        };

        // As a server does when it starts (ReportWarmUp, in the background there): the reports run once for no site.
        if (warm)
        {
            var run = await ReportWarmUp.RunAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<TimeProvider>(), default);
            Console.WriteLine($"reports warmed up as at a server's start in {run.Took.TotalMilliseconds:F0} ms");
        }

        var rows = new List<Row>();
        foreach (var (name, appReport, sql) in reports.Where(r => only is null || only.Any(o => r.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase))))
        {
            var appTimes = new Latency("app");
            var sqlTimes = new Latency("sql");
            var first = double.NaN;
            var size = "";
            double last = 0, lastSql = 0;
            // Alternate the application and the hand-written SQL, so both see the same cache and the same machine noise.
            for (var run = 0; run < runs; run++)
            {
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var clock = Stopwatch.StartNew();
                    size = await appReport(scope.ServiceProvider);
                    appTimes.Add(clock.Elapsed.TotalMilliseconds);
                    first = run == 0 ? clock.Elapsed.TotalMilliseconds : first;
                    last = clock.Elapsed.TotalMilliseconds;
                }

                // Without the hand-written SQL (minutes a run for retention and urine), to compare builds of the application.
                if (!withSql || sql is null)
                {
                    Console.WriteLine($"  {name}: run {run + 1}: app {last:F0} ms");
                    continue;
                }

                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
                    db.Database.SetCommandTimeout(600);
                    var clock = Stopwatch.StartNew();
                    GC.KeepAlive(await sql(db));
                    sqlTimes.Add(clock.Elapsed.TotalMilliseconds);
                    lastSql = clock.Elapsed.TotalMilliseconds;
                }

                Console.WriteLine($"  {name}: run {run + 1}: app {last:F0} ms, SQL {lastSql:F0} ms");
            }

            rows.Add(new Row(database, name, runs, first, appTimes.Percentile(50), appTimes.Percentile(100), withSql && sql is not null ? sqlTimes.Percentile(50) : double.NaN, size));
        }

        return rows;
    }

    private static string Size(ProgramDashboard d) => $"{d.Headlines.First(h => h.Label == "in treatment").Value} in treatment";

    private static string Size(RetentionView v) => $"{v.ByMedication[0].Curve.People:N0} people";

    private static string Size(UrineOutcomeView v) => $"{v.Groups[0].Episodes:N0} episodes";
}
