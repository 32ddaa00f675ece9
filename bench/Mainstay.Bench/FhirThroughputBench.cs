using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Fhir;
using Mainstay.Features.Sites;
using Mainstay.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Bench;

/// <summary>
/// FHIR import and export throughput on the Synthea sample (and on copies of it with fresh ids: a larger set of the same
/// shape). Baselines in the same run: Firely's parse alone, a raw bulk insert of the same rows (one prepared INSERT per row,
/// one transaction, no mapping), and a raw read of the stored JSON to one file.
/// </summary>
public static partial class FhirThroughputBench
{
    public sealed record Row(string Database, string Scenario, long Resources, double Seconds)
    {
        public double PerSecond => Resources / Seconds;
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    /// <summary>The bundles, and <paramref name="copies"/> - 1 more copies of each with every uuid replaced (new people, same shape).</summary>
    public static List<string> Load(string folder, int copies)
    {
        var texts = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var all = new List<string>(texts);
        for (var copy = 1; copy < copies; copy++)
        {
            all.AddRange(texts.Select(t => Uuid().Replace(t, m => new Guid(SHA256.HashData(Encoding.ASCII.GetBytes($"{copy}:{m.Value}"))[..16]).ToString())));
        }

        return all;
    }

    public static async Task<List<Row>> RunAsync(string? postgres, List<string> bundles)
    {
        var database = postgres is null ? "SQLite" : "PostgreSQL";
        var rows = new List<Row>();
        var storage = new StorageSettings(Scratch.Directory("fhir"), postgres);
        await using var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0") { Quiet = true });
        await WebHost.PrepareDatabaseAsync(app.Services);
        int site;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var s = new Site { Organization = new Organization { Name = "Bench", CreatedAt = DateTimeOffset.UtcNow }, Name = "Bench", Code = "B", CreatedAt = DateTimeOffset.UtcNow };
            db.Sites.Add(s);
            await db.SaveChangesAsync();
            site = s.Id;
        }

        // Warm-up: JIT and the EF model, on one bundle imported and then left in place (it is imported again below, unchanged).
        await ImportAsync(app.Services, [bundles[0]], site);

        var watch = Stopwatch.StartNew();
        var total = bundles.Sum(b => FhirWire.Parse<R4.Bundle>(b).Resource!.Entry.Count);
        rows.Add(new Row(database, "parse only (Firely, structure checked, every entry)", total, watch.Elapsed.TotalSeconds));
        watch.Restart();
        var trimmed = bundles.Sum(b => FhirWire.ParseForImport<R4.Bundle>(b).Resource!.Entry.Count);
        rows.Add(new Row(database, "parse only as import reads (skipped types cut to type and id)", trimmed, watch.Elapsed.TotalSeconds));
        watch.Restart();
        var count = bundles.Sum(b => JsonSerializer.Deserialize<R4.Bundle>(b, FhirWire.Json)!.Entry.Count);
        rows.Add(new Row(database, "parse only (Firely, validating cardinality and bindings too)", count, watch.Elapsed.TotalSeconds));

        watch.Restart();
        var kept = await ImportAsync(app.Services, bundles, site);
        rows.Add(new Row(database, "import (kept resources)", kept, watch.Elapsed.TotalSeconds));

        watch.Restart();
        await ImportAsync(app.Services, bundles, site);
        rows.Add(new Row(database, "import again (nothing changes)", kept, watch.Elapsed.TotalSeconds));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var sites = await db.Sites.Select(x => x.Id).ToListAsync();
            var folder = Path.Combine(storage.DataDirectory, "export");
            // The first export in the process also pays for JIT and EF query compilation (a query shape per type and source),
            // as the import's warm-up does above; it is reported apart, then the export is measured warm.
            watch.Restart();
            var first = await FhirExportWriter.WriteAsync(db, new SiteScope(true, sites.ToHashSet()), [], null, false, folder + "-first", DateOnly.FromDateTime(DateTime.Now), null, CancellationToken.None);
            rows.Add(new Row(database, "export, first in the process (JIT and query compilation included)", first.Sum(f => f.Count), watch.Elapsed.TotalSeconds));
            watch.Restart();
            var files = await FhirExportWriter.WriteAsync(db, new SiteScope(true, sites.ToHashSet()), [], null, false, folder, DateOnly.FromDateTime(DateTime.Now), null, CancellationToken.None);
            rows.Add(new Row(database, "export (NDJSON)", files.Sum(f => f.Count), watch.Elapsed.TotalSeconds));

            watch.Restart();
            var read = await RawReadAsync(db, Path.Combine(storage.DataDirectory, "raw.ndjson"));
            rows.Add(new Row(database, "baseline: raw read of the stored JSON to one file", read, watch.Elapsed.TotalSeconds));

            var (inserted, seconds) = await RawInsertAsync(db);
            rows.Add(new Row(database, "baseline: raw bulk insert of the same rows", inserted, seconds));
        }

        return rows;
    }

    private static async Task<long> ImportAsync(IServiceProvider services, IEnumerable<string> bundles, int site)
    {
        long kept = 0;
        // As `mainstay import fhir` does: the next Bundles parsed on the other core while one is written.
        await foreach (var bundle in Mainstay.Cli.ReadAhead.Of(bundles.Select(text => FhirWire.ParseForImport<R4.Bundle>(text).Resource!), ahead: 4))
        {
            await using var scope = services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<FhirBundleImport>().ImportAsync(bundle, site, "bench", atomic: true, CancellationToken.None);
            if (!report.Committed)
            {
                throw new InvalidOperationException("A bench bundle was rejected: " + string.Join("; ", report.Entries.Where(e => e.Reason is not null).Take(3).Select(e => e.Reason)));
            }

            kept += report.Entries.Count(e => e.Result != ImportResults.Skipped);
        }

        return kept;
    }

    private static async Task<long> RawReadAsync(MainstayDb db, string path)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Json" FROM "OutsideRecords" ORDER BY "Id" """;
        await using var reader = await command.ExecuteReaderAsync();
        long n = 0;
        while (await reader.ReadAsync())
        {
            await writer.WriteLineAsync(reader.GetString(0));
            n++;
        }

        return n;
    }

    /// <summary>The stored rows copied into a table of the same columns without indexes or keys: the floor for writing them.</summary>
    private static async Task<(long Rows, double Seconds)> RawInsertAsync(MainstayDb db)
    {
        var source = await db.OutsideRecords.AsNoTracking().ToListAsync();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await Execute(connection, """CREATE TABLE "RawCopy" ("Id" TEXT, "ResourceType" TEXT, "SourceKey" TEXT, "PatientId" TEXT, "Code" TEXT, "Json" TEXT, "ContentHash" TEXT)""");
        var start = Stopwatch.GetTimestamp();
        await using var tx = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """INSERT INTO "RawCopy" VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)""";
        var parameters = Enumerable.Range(0, 7).Select(i =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = "@p" + i;
            p.DbType = System.Data.DbType.String;
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        await insert.PrepareAsync();
        foreach (var r in source)
        {
            parameters[0].Value = r.Id.ToString();
            parameters[1].Value = r.ResourceType;
            parameters[2].Value = r.SourceKey;
            parameters[3].Value = (object?)r.PatientId?.ToString() ?? DBNull.Value;
            parameters[4].Value = (object?)r.Code ?? DBNull.Value;
            parameters[5].Value = r.Json;
            parameters[6].Value = r.ContentHash;
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        return (source.Count, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
