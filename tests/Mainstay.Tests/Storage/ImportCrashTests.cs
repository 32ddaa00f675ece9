using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mainstay.Data;
using Mainstay.Features.Audit;
using Mainstay.Hosting;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Mainstay.Tests.Storage;

/// <summary>
/// The power-cut test of the imports: <c>mainstay import</c> is killed with SIGKILL part-way through, twice, and run
/// again on the same data. After every kill what is stored is whole (a participant with every dose and screen, a FHIR
/// Bundle with every resource, or nothing of either), the audit chain verifies, and the last run completes the import
/// without doubling anything.
/// </summary>
public abstract partial class ImportCrashTests(TestDatabase database, ITestOutputHelper output)
{
    private const int Batch = 5;
    private const int Files = 12;
    private const int PatientsPerBundle = 5;

    [Fact]
    public async Task Killing_the_trial_import_mid_way_keeps_whole_participants_and_the_next_run_completes_it()
    {
        var storage = TestStorage.Create(database);
        var files = Ctn0094Files.Read();
        string[] args = ["import", "ctn0094", Ctn0094Files.Folder, "--batch", Batch.ToString(CultureInfo.InvariantCulture), .. MainstayProcess.StorageArgs(storage)];
        var stored = new List<int>();
        foreach (var killAt in new[] { 2, 5 })
        {
            var progress = 0;
            var (killed, run) = await MainstayProcess.RunUntilAsync(args, line => line.EndsWith(" participants", StringComparison.Ordinal) && ++progress == killAt);
            Assert.True(killed, "the import ended before the kill:\n" + run.All);
            var charts = await CheckParticipantsAsync(storage, files);
            Assert.True(charts >= killAt * Batch, $"{charts} participants stored after the kill at batch {killAt}");
            // Whole batches, unless the import finished in the moment before the signal (the last batch is short).
            Assert.True(charts % Batch == 0 || charts == files.Randomized.Count, $"{charts} participants stored: not a whole number of batches of {Batch}");
            stored.Add(charts);
        }

        var last = await MainstayProcess.RunAsync(args);
        Assert.True(last.ExitCode == 0, last.All);
        Assert.Contains($"{files.Randomized.Count - stored[^1]} participants loaded ({stored[^1]} already there", last.Output, StringComparison.Ordinal);
        // The first kill leaves 10 of 12 batches undone, so at least that one lands mid-way (each batch writes hundreds of
        // doses; the signal follows the progress line within milliseconds, see MainstayProcess.RunUntilAsync).
        Assert.True(stored[0] < files.Randomized.Count, "the first kill came after the import had finished");
        Assert.Equal(files.Randomized.Count, await CheckParticipantsAsync(storage, files));
        output.WriteLine($"{database}: killed with {stored[0]} and then {stored[1]} of {files.Randomized.Count} participants stored, each whole; the third run loaded the rest");
    }

    [Fact]
    public async Task Killing_the_FHIR_import_mid_way_keeps_whole_bundles_and_the_next_run_completes_it()
    {
        var storage = TestStorage.Create(database);
        var folder = Path.Combine(storage.DataDirectory, "..", Path.GetFileName(storage.DataDirectory) + "-bundles");
        var entriesPerBundle = WriteBundles(folder);
        string[] args = ["import", "fhir", folder, .. MainstayProcess.StorageArgs(storage)];
        var afterKills = new List<Dictionary<string, int>>();
        foreach (var killAt in new[] { 2, 5 })
        {
            var (killed, run) = await MainstayProcess.RunUntilAsync(args, line => line.StartsWith($"[{killAt}/{Files}]", StringComparison.Ordinal));
            Assert.True(killed, "the import ended before the kill:\n" + run.All);
            var byFile = await RecordsByFileAsync(storage);
            Assert.True(byFile.Count >= killAt, $"{byFile.Count} bundles stored after the kill at file {killAt}");
            afterKills.Add(byFile);
        }

        var last = await MainstayProcess.RunAsync(args);
        Assert.True(last.ExitCode == 0, last.All);
        Assert.Contains($"{Files} of {Files} bundles imported", last.Output, StringComparison.Ordinal);
        // The first kill leaves 10 of 12 Bundles undone (about 0.1 s each here); the signal follows the progress line at once
        // since a thread of its own reads the lines (MainstayProcess.RunUntilAsync).
        Assert.True(afterKills[0].Count < Files, "the first kill came after the import had finished");
        var complete = await RecordsByFileAsync(storage);
        Assert.Equal(Files, complete.Count);
        foreach (var (file, count) in afterKills.SelectMany(k => k))
        {
            Assert.True(count == complete[file], $"after a kill {file} had {count} records stored; whole, it has {complete[file]}");
        }

        // Every file's own patients came in whole: five charts, each with the same number of records.
        var perChart = await RecordsPerChartAsync(storage);
        Assert.Equal(Files * PatientsPerBundle, perChart.Count);
        Assert.Single(perChart.Values.Distinct());
        Assert.True(complete.Values.Sum() <= Files * entriesPerBundle);

        var again = await MainstayProcess.RunAsync(args);
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(complete, await RecordsByFileAsync(storage));
        Assert.Equal(Files * PatientsPerBundle, (await RecordsPerChartAsync(storage)).Count);
        output.WriteLine($"{database}: killed with {afterKills[0].Count} and then {afterKills[1].Count} of {Files} bundles stored, each whole ({perChart.Values.First()} records per chart); a fourth run changed nothing");
        output.WriteLine(last.Output.Split('\n').Single(l => l.Contains(" bundles imported", StringComparison.Ordinal)));
    }

    /// <summary>Every CTN participant stored has its episode, every dose day and every screen day; the audit chain verifies. Returns how many are stored.</summary>
    private static async Task<int> CheckParticipantsAsync(StorageSettings storage, Ctn0094Files files)
    {
        await using var db = DataServices.Open(storage);
        var charts = await db.Patients.AsNoTracking().Where(p => p.FamilyName.StartsWith("CTN-")).Select(p => new { p.Id, p.FamilyName }).ToListAsync();
        Assert.Equal(charts.Count, charts.Select(c => c.FamilyName).Distinct().Count());
        var doses = await db.Dispenses.AsNoTracking().GroupBy(d => d.PatientId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var screens = await db.DrugScreens.AsNoTracking().GroupBy(d => d.PatientId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var episodes = await db.TreatmentEpisodes.AsNoTracking().GroupBy(e => e.PatientId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        foreach (var chart in charts)
        {
            var who = int.Parse(chart.FamilyName["CTN-".Length..], CultureInfo.InvariantCulture);
            Assert.Equal((1, files.DoseDays.GetValueOrDefault(who), files.ScreenDays.GetValueOrDefault(who)),
                (episodes.GetValueOrDefault(chart.Id), doses.GetValueOrDefault(chart.Id), screens.GetValueOrDefault(chart.Id)));
        }

        Assert.Equal(doses.Values.Sum(), files.DoseDays.Where(d => charts.Any(c => c.FamilyName == Ctn0094Files.FamilyName(d.Key))).Sum(d => d.Value));
        var chain = await AuditQueries.VerifyAsync(db, null, CancellationToken.None);
        Assert.True(chain.IsIntact, chain.Message);
        ClearPools();
        return charts.Count;
    }

    /// <summary>Outside records per file they came from (the origin is "name.json").</summary>
    private static async Task<Dictionary<string, int>> RecordsByFileAsync(StorageSettings storage)
    {
        await using var db = DataServices.Open(storage);
        var counts = await db.OutsideRecords.AsNoTracking().GroupBy(r => r.Origin).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var chain = await AuditQueries.VerifyAsync(db, null, CancellationToken.None);
        Assert.True(chain.IsIntact, chain.Message);
        ClearPools();
        return counts;
    }

    private static async Task<Dictionary<Guid, int>> RecordsPerChartAsync(StorageSettings storage)
    {
        await using var db = DataServices.Open(storage);
        var counts = await db.OutsideRecords.AsNoTracking().Where(r => r.PatientId != null).GroupBy(r => r.PatientId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        ClearPools();
        return counts;
    }

    /// <summary>
    /// <see cref="Files"/> Bundle files, each of <see cref="PatientsPerBundle"/> copies of the Synthea patient in tests/data,
    /// every UUID rewritten per copy so that each is another person to the importer. Returns the entries per Bundle.
    /// </summary>
    private static int WriteBundles(string folder)
    {
        Directory.CreateDirectory(folder);
        var source = File.ReadAllText(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "synthea"), "*.json").Order(StringComparer.Ordinal).First());
        var entries = 0;
        for (var file = 0; file < Files; file++)
        {
            JsonObject? bundle = null;
            for (var copy = 0; copy < PatientsPerBundle; copy++)
            {
                var prefix = (0x5ca1e000 + (file * PatientsPerBundle) + copy).ToString("x8", CultureInfo.InvariantCulture);
                var rewritten = JsonNode.Parse(Uuid().Replace(source, m => prefix + m.Groups["rest"].Value))!.AsObject();
                if (bundle is null)
                {
                    bundle = rewritten;
                    continue;
                }

                foreach (var entry in rewritten["entry"]!.AsArray().ToList())
                {
                    bundle["entry"]!.AsArray().Add(entry!.DeepClone());
                }
            }

            entries = bundle!["entry"]!.AsArray().Count;
            File.WriteAllText(Path.Combine(folder, $"bundle-{file:00}.json"), bundle.ToJsonString());
        }

        return entries;
    }

    private static void ClearPools()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    [GeneratedRegex("[0-9a-f]{8}(?<rest>-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")]
    private static partial Regex Uuid();
}

public sealed class ImportCrashOnSqlite(ITestOutputHelper output) : ImportCrashTests(TestDatabase.Sqlite, output);

public sealed class ImportCrashOnPostgres(ITestOutputHelper output) : ImportCrashTests(TestDatabase.PostgreSql, output);
