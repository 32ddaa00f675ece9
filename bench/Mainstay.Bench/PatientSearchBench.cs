using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mainstay.Clinical.Demographics;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Demo;
using Mainstay.Features.Patients;
using Mainstay.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Mainstay.Bench;

/// <summary>
/// Patient search on SQLite at N synthetic patients: the application's search (EF Core query branches),
/// a baseline of the same lookup as one raw SQL statement, and the whole HTTP request
/// (bearer token, site scope, search, audit event written with synchronous=FULL). Calls are interleaved
/// so that machine noise falls on all three alike.
/// </summary>
public static class PatientSearchBench
{
    public sealed record Row(int Patients, string Kind, int Queries, double EfMedian, double EfP99, double RawMedian, double RawP99, double HttpMedian, double HttpP99);

    public static async Task<List<Row>> RunAsync(int patients, int queriesPerKind)
    {
        var dir = Scratch.Directory($"search-{patients}");
        var storage = new StorageSettings(dir, null);
        try
        {
            await using var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0") { Quiet = true, SignInPerMinute = 1_000_000, WarmUpReports = false }); // nothing of its compiling in the measurements
            await WebHost.PrepareDatabaseAsync(app.Services);
            await DemoClinic.SeedAsync(app.Services, CancellationToken.None);
            await FillAsync(storage, patients - DemoClinic.PatientCount);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "nurse", password = "nurse-demo-2026" });
            var body = await token.Content.ReadFromJsonAsync<Dictionary<string, object>>();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!["access_token"].ToString());

            var queries = await SampleQueriesAsync(storage, queriesPerKind);
            await using var raw = new SqliteConnection(storage.ConnectionString);
            await raw.OpenAsync();

            var rows = new List<Row>();
            foreach (var kind in queries.GroupBy(q => q.Kind))
            {
                var ef = new Latency("ef");
                var baseline = new Latency("raw");
                var full = new Latency("http");
                foreach (var (_, text) in kind.Take(20))
                {
                    await SearchEfAsync(app.Services, text); // warm-up
                    await SearchRawAsync(raw, text);
                }

                foreach (var (_, text) in kind)
                {
                    var a = await ef.TimeAsync(() => SearchEfAsync(app.Services, text));
                    var b = await baseline.TimeAsync(() => SearchRawAsync(raw, text));
                    await full.TimeAsync(async () => (await http.GetAsync("/api/v1/patients?q=" + Uri.EscapeDataString(text))).EnsureSuccessStatusCode());
                    if (a != b)
                    {
                        throw new InvalidOperationException($"'{text}': the application found {a} patients, the raw SQL {b}.");
                    }
                }

                rows.Add(new Row(patients, kind.Key, ef.Count, ef.Median, ef.P99, baseline.Median, baseline.P99, full.Median, full.P99));
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

    private static async Task<int> SearchEfAsync(IServiceProvider services, string text)
    {
        await using var scope = services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<PatientSearch>();
        var found = await search.RunAsync(SearchQuery.Parse(text), new SiteScope(true, new HashSet<int> { 1, 2 }), PatientSearch.DefaultLimit, CancellationToken.None);
        return found.Count;
    }

    /// <summary>The same lookup written by hand: one statement, each branch an index range with its own limit.</summary>
    private static async Task<int> SearchRawAsync(SqliteConnection connection, string text)
    {
        var q = SearchQuery.Parse(text);
        await using var cmd = connection.CreateCommand();
        const string Columns = """SELECT p."Id", p."Mrn", p."GivenName", p."MiddleName", p."FamilyName", p."BirthDate", p."SexAtBirth", p."SiteId", s."Name", p."Status" FROM "Patients" p JOIN "Sites" s ON s."Id" = p."SiteId" WHERE p."Status" <> 'EnteredInError'""";
        var birth = q.BirthDate is null ? "" : """ AND p."BirthDate" = $birth""";
        if (q.BirthDate is { } d)
        {
            cmd.Parameters.AddWithValue("$birth", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        string sql;
        if (q.Mrn is { } mrn)
        {
            sql = Columns + birth + """ AND p."Mrn" = $mrn""";
            cmd.Parameters.AddWithValue("$mrn", mrn);
        }
        else if (q.Names.Count == 0)
        {
            sql = Columns + birth + """ ORDER BY p."FamilyKey", p."GivenKey" LIMIT 25""";
        }
        else if (q.Names.Count == 1)
        {
            Range(cmd, "a", q.Names[0]);
            sql = $"""SELECT * FROM ({Columns}{birth} AND p."FamilyKey" >= $a AND p."FamilyKey" < $a_hi ORDER BY p."FamilyKey", p."GivenKey" LIMIT 25) UNION SELECT * FROM ({Columns}{birth} AND p."GivenKey" >= $a AND p."GivenKey" < $a_hi ORDER BY p."GivenKey", p."FamilyKey" LIMIT 25)""";
        }
        else
        {
            Range(cmd, "a", q.Names[0]);
            Range(cmd, "b", q.Names[1]);
            Range(cmd, "ph", string.Join(' ', q.Names));
            sql = $"""
                SELECT * FROM ({Columns}{birth} AND p."FamilyKey" >= $ph AND p."FamilyKey" < $ph_hi ORDER BY p."FamilyKey", p."GivenKey" LIMIT 25)
                UNION SELECT * FROM ({Columns}{birth} AND p."GivenKey" >= $ph AND p."GivenKey" < $ph_hi ORDER BY p."GivenKey", p."FamilyKey" LIMIT 25)
                UNION SELECT * FROM ({Columns}{birth} AND p."FamilyKey" >= $a AND p."FamilyKey" < $a_hi AND p."GivenKey" >= $b AND p."GivenKey" < $b_hi ORDER BY p."FamilyKey", p."GivenKey" LIMIT 25)
                UNION SELECT * FROM ({Columns}{birth} AND p."FamilyKey" >= $b AND p."FamilyKey" < $b_hi AND p."GivenKey" >= $a AND p."GivenKey" < $a_hi ORDER BY p."FamilyKey", p."GivenKey" LIMIT 25)
                """;
        }

        cmd.CommandText = sql;
        var count = 0;
        var ids = new HashSet<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (ids.Add(reader.GetString(0)))
            {
                count++;
            }
        }

        return Math.Min(count, PatientSearch.DefaultLimit);
    }

    private static void Range(SqliteCommand cmd, string name, string prefix)
    {
        cmd.Parameters.AddWithValue("$" + name, prefix);
        cmd.Parameters.AddWithValue("$" + name + "_hi", NameKey.UpperBound(prefix));
    }

    /// <summary>Queries as a front desk types them, drawn from the stored patients.</summary>
    private static async Task<List<(string Kind, string Text)>> SampleQueriesAsync(StorageSettings storage, int perKind)
    {
        await using var connection = new SqliteConnection(storage.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"""SELECT "GivenName", "FamilyName", "Mrn", "BirthDate" FROM "Patients" ORDER BY random() LIMIT {perKind}""";
        var people = new List<(string Given, string Family, string Mrn, string Birth)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                people.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var queries = new List<(string, string)>();
        foreach (var p in people)
        {
            queries.Add(("family name", p.Family));
            queries.Add(("family + given prefix", $"{p.Family} {p.Given[..Math.Min(2, p.Given.Length)]}"));
            queries.Add(("given + family prefix", $"{p.Given} {p.Family[..Math.Min(3, p.Family.Length)]}"));
            queries.Add(("MRN", p.Mrn));
            queries.Add(("birth date", p.Birth));
            queries.Add(("family + birth date", $"{p.Family} {p.Birth}"));
        }

        return queries;
    }

    /// <summary>Adds synthetic patients by raw inserts in one transaction (the benchmark's data, not what is measured).</summary>
    private static async Task FillAsync(StorageSettings storage, int count)
    {
        if (count <= 0)
        {
            return;
        }

        await AnsiConsole.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var task = progress.AddTask($"generating {count:N0} patients", maxValue: count);
            await using var connection = new SqliteConnection(storage.ConnectionString);
            await connection.OpenAsync();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO "Patients" ("Id","Mrn","SiteId","GivenName","FamilyName","BirthDate","SexAtBirth","Status","Race","Ethnicity","FamilyKey","GivenKey","PossibleDuplicate","CreatedAt","UpdatedAt","Version")
                VALUES ($id,$mrn,$site,$given,$family,$birth,$sex,$status,'Unknown','Unknown',$fk,$gk,0,$now,$now,1)
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "id", "mrn", "site", "given", "family", "birth", "sex", "status", "fk", "gk", "now" })
            {
                p[name] = cmd.Parameters.Add("$" + name, SqliteType.Text);
            }

            await cmd.PrepareAsync();
            var people = DemoClinic.Generate(Math.Min(count, 50_000), 7);
            var rnd = new Random(11);
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            for (var i = 0; i < count; i++)
            {
                var person = people[i % people.Count];
                // Mix given and family names across the pool so that names repeat as they do in a large registry.
                var family = people[rnd.Next(people.Count)].Family;
                p["id"].Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                p["mrn"].Value = MedicalRecordNumber.FromSerial(DemoClinic.PatientCount + i + 1).ToString();
                p["site"].Value = 1 + (i % 2);
                p["given"].Value = person.Given;
                p["family"].Value = family;
                p["birth"].Value = new DateOnly(1950, 1, 1).AddDays(rnd.Next(0, 365 * 55)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                p["sex"].Value = person.Sex.ToString();
                p["status"].Value = person.Status.ToString();
                p["fk"].Value = NameKey.Of(family);
                p["gk"].Value = NameKey.Of(person.Given);
                p["now"].Value = now;
                await cmd.ExecuteNonQueryAsync();
                if (i % 10_000 == 0)
                {
                    task.Value = i;
                }
            }

            await using (var counter = connection.CreateCommand())
            {
                counter.Transaction = tx;
                counter.CommandText = $"""UPDATE "Counters" SET "Value" = {DemoClinic.PatientCount + count} WHERE "Name" = '{Counter.MrnSerial}'""";
                await counter.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
            task.Value = count;
        });
    }
}
