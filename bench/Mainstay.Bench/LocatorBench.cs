using System.Globalization;
using Mainstay.Data;
using Mainstay.Features.Demo;
using Mainstay.Features.Locator;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Bench;

/// <summary>
/// The public locator at N listings spread over every US ZCTA: the application's search (in-memory snapshot,
/// haversine over every active listing, filters), a baseline of the same search reading the listings from SQLite on
/// every call (a bounding-box SQL query, then the same distance), and the whole anonymous HTTP request. Calls are
/// interleaved so machine noise falls on all three alike; results are checked to agree.
/// </summary>
public static class LocatorBench
{
    public sealed record Row(int Listings, string Query, int Calls, double AppMedian, double AppP99, double SqlMedian, double SqlP99, double HttpMedian, double HttpP99);

    public static async Task<List<Row>> RunAsync(int listings, int calls)
    {
        var dir = Scratch.Directory($"locator-{listings}");
        var storage = new StorageSettings(dir, null);
        try
        {
            await using var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0") { Quiet = true, SignInPerMinute = 1_000_000, WarmUpReports = false }); // nothing of its compiling in the measurements
            await WebHost.PrepareDatabaseAsync(app.Services);
            await DemoClinic.SeedAsync(app.Services, CancellationToken.None);
            var zips = await FillAsync(app.Services, listings);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            await using var raw = new SqliteConnection(storage.ConnectionString);
            await raw.OpenAsync();
            var random = new Random(11);
            var rows = new List<Row>();
            foreach (var (name, query) in new (string, Func<string, LocatorQuery>)[]
            {
                ("50 mi, any service", z => new LocatorQuery(z, 50, [], null, null, null, null, 25)),
                ("100 mi, buprenorphine + Medicaid", z => new LocatorQuery(z, 100, [DirectoryService.Buprenorphine], null, Payment.Medicaid, null, null, 25)),
                ("250 mi, methadone + spanish", z => new LocatorQuery(z, 250, [DirectoryService.Methadone], null, null, "spanish", null, 25)),
            })
            {
                var appTimes = new Latency("app");
                var sqlTimes = new Latency("sql");
                var httpTimes = new Latency("http");
                for (var i = 0; i < calls + 20; i++)
                {
                    var zip = zips[random.Next(zips.Count)];
                    var q = query(zip);
                    var a = await appTimes.TimeAsync(() => SearchAppAsync(app.Services, q));
                    var b = await sqlTimes.TimeAsync(() => SearchSqlAsync(raw, app.Services.GetRequiredService<ZipCentroids>(), q));
                    var url = $"/api/v1/locator/programs?zip={zip}&radiusMiles={q.RadiusMiles}"
                              + string.Concat(q.Services.Select(s => "&service=" + Features.Counseling.CounselingCalendar.IntakeKebab(s)))
                              + (q.Payment is { } p ? "&payment=" + Features.Counseling.CounselingCalendar.IntakeKebab(p) : "") + (q.Language is { } l ? "&language=" + l : "");
                    await httpTimes.TimeAsync(async () => (await http.GetAsync(url)).EnsureSuccessStatusCode());
                    if (a != b)
                    {
                        throw new InvalidOperationException($"{name} at {zip}: the application matched {a} listings, the SQL baseline {b}.");
                    }

                    if (i == 19)
                    {
                        (appTimes, sqlTimes, httpTimes) = (new Latency("app"), new Latency("sql"), new Latency("http")); // drop the warm-up
                    }
                }

                rows.Add(new Row(listings, name, appTimes.Count, appTimes.Median, appTimes.P99, sqlTimes.Median, sqlTimes.P99, httpTimes.Median, httpTimes.P99));
            }

            await app.StopAsync();
            return rows;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<int> SearchAppAsync(IServiceProvider services, LocatorQuery q)
    {
        await using var scope = services.CreateAsyncScope();
        var answer = await scope.ServiceProvider.GetRequiredService<ProgramDirectory>().SearchAsync(q, CancellationToken.None);
        return answer.Value!.Matched;
    }

    /// <summary>The baseline: a bounding box in SQL (latitude ± r/69, longitude ± r/(69 cos φ)), filters in SQL, the exact distance after.</summary>
    private static async Task<int> SearchSqlAsync(SqliteConnection raw, ZipCentroids zips, LocatorQuery q)
    {
        var (lat, lon) = zips.Find(q.Zip!)!.Value;
        var dLat = q.RadiusMiles / 69.0;
        var dLon = q.RadiusMiles / (69.0 * Math.Max(0.01, Math.Cos(lat * Math.PI / 180)));
        await using var cmd = raw.CreateCommand();
        var sql = """SELECT "Latitude", "Longitude" FROM "DirectoryListings" WHERE "IsActive" = 1 AND "Latitude" BETWEEN $a AND $b AND "Longitude" BETWEEN $c AND $d""";
        foreach (var (s, i) in q.Services.Select((s, i) => (s, i)))
        {
            sql += $" AND (',' || \"Services\" || ',') LIKE $s{i}";
            cmd.Parameters.AddWithValue($"$s{i}", $"%,{Features.Counseling.CounselingCalendar.IntakeKebab(s)},%");
        }

        if (q.Payment is { } p)
        {
            sql += " AND (',' || \"Payments\" || ',') LIKE $p";
            cmd.Parameters.AddWithValue("$p", $"%,{Features.Counseling.CounselingCalendar.IntakeKebab(p)},%");
        }

        if (q.Language is { } l)
        {
            sql += " AND (',' || \"Languages\" || ',') LIKE $l";
            cmd.Parameters.AddWithValue("$l", $"%,{l},%");
        }

        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$a", lat - dLat);
        cmd.Parameters.AddWithValue("$b", lat + dLat);
        cmd.Parameters.AddWithValue("$c", lon - dLon);
        cmd.Parameters.AddWithValue("$d", lon + dLon);
        var count = 0;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (ProgramDirectory.Miles(lat, lon, reader.GetDouble(0), reader.GetDouble(1)) <= q.RadiusMiles)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>N listings at random ZCTAs (weighted to none), with random services, payments and languages. Returns the ZIP codes used.</summary>
    private static async Task<List<string>> FillAsync(IServiceProvider services, int listings)
    {
        var resource = typeof(ZipCentroids).Assembly.GetManifestResourceStream("Mainstay.zcta-centroids.csv")!;
        var all = new List<(string Zip, double Lat, double Lon)>();
        using (var reader = new StreamReader(resource))
        {
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                var p = line.Split(',');
                all.Add((p[0], double.Parse(p[1], CultureInfo.InvariantCulture), double.Parse(p[2], CultureInfo.InvariantCulture)));
            }
        }

        var random = new Random(7);
        var serviceNames = Enum.GetValues<DirectoryService>().Select(s => Features.Counseling.CounselingCalendar.IntakeKebab(s)).ToArray();
        var paymentNames = Enum.GetValues<Payment>().Select(s => Features.Counseling.CounselingCalendar.IntakeKebab(s)).ToArray();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < listings; i++)
        {
            var z = all[random.Next(all.Count)];
            db.DirectoryListings.Add(new DirectoryListing
            {
                Id = Guid.CreateVersion7(),
                Program = $"Bench program {i}",
                Zip = z.Zip,
                Latitude = z.Lat + ((random.NextDouble() - 0.5) * 0.05),
                Longitude = z.Lon + ((random.NextDouble() - 0.5) * 0.05),
                Services = string.Join(",", serviceNames.Where(_ => random.NextDouble() < 0.35).DefaultIfEmpty("counseling")),
                Settings = "outpatient",
                Payments = string.Join(",", paymentNames.Where(_ => random.NextDouble() < 0.5).DefaultIfEmpty("sliding-scale")),
                Languages = random.NextDouble() < 0.3 ? "english,spanish" : "english",
                UpdatedAt = DateTimeOffset.UtcNow,
                UpdatedBy = "bench",
            });
            if (i % 5000 == 4999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<DirectorySnapshot>().Invalidate();
        return [.. all.Select(a => a.Zip)];
    }
}
