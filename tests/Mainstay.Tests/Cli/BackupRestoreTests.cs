using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mainstay.Data;
using Mainstay.Hosting;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mainstay.Tests.Cli;

/// <summary>
/// <c>mainstay backup</c> while the clinic keeps registering patients, and <c>mainstay restore</c> into an empty data folder:
/// every row acknowledged before the backup is in the restore, the restore is one consistent snapshot (its digests match),
/// the restored clinic signs staff in with the old keys, and a restore refuses to overwrite anything.
/// </summary>
public abstract class BackupRestoreTests(TestDatabase database)
{
    [Fact]
    public async Task A_backup_taken_under_writes_restores_into_an_empty_folder_with_every_acknowledged_row()
    {
        var source = TestStorage.Create(database);
        var archive = Path.Combine(Directory.CreateTempSubdirectory("mainstay-backup-test-").FullName, "clinic.zip");
        var acknowledgedBeforeBackup = new List<Guid>();
        string? sessionToken;
        await using (var server = await ClinicServer.StartAsync(source))
        {
            using var intake = await server.As("intake");
            for (var i = 0; i < 5; i++)
            {
                acknowledgedBeforeBackup.Add(await RegisterAsync(intake, i));
            }

            sessionToken = intake.DefaultRequestHeaders.Authorization!.Parameter;

            // Registrations go on while the backup runs, so its snapshot is taken under writes: the restore below must hold
            // whole registrations only (its digests match) and every one acknowledged before the backup began. Counted are
            // the registrations answered while the backup process was running (started after it, answered before it ended),
            // so the test fails if the backup shut the writers out for its whole run.
            using var stop = new CancellationTokenSource();
            var backupRunning = 0;
            var answeredDuring = 0;
            var writes = Task.Run(async () =>
            {
                var n = 100;
                while (!stop.IsCancellationRequested)
                {
                    var startedDuring = Volatile.Read(ref backupRunning) == 1;
                    await RegisterAsync(intake, n++);
                    if (startedDuring && Volatile.Read(ref backupRunning) == 1)
                    {
                        Interlocked.Increment(ref answeredDuring);
                    }
                }
            });
            Volatile.Write(ref backupRunning, 1);
            var backup = await MainstayProcess.RunAsync(["backup", archive, .. MainstayProcess.StorageArgs(source)]);
            Volatile.Write(ref backupRunning, 2);
            await stop.CancelAsync();
            await writes;
            Assert.True(backup.ExitCode == 0, backup.All);
            Assert.Contains("Backed up", backup.Output);
            Assert.True(answeredDuring > 0, "no registration was answered while the backup process ran");
        }

        var again = await MainstayProcess.RunAsync(["backup", archive, .. MainstayProcess.StorageArgs(source)]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.Error);

        var target = TestStorage.Create(database);
        Directory.Delete(target.DataDirectory);
        var restored = await MainstayProcess.RunAsync(["restore", archive, .. MainstayProcess.StorageArgs(target)]);
        Assert.True(restored.ExitCode == 0, restored.All);
        Assert.Contains("identical to the backup", restored.Output);
        Assert.Contains("chain verified", restored.Output);

        var manifest = Manifest(archive);
        await using (var db = DataServices.Open(target))
        {
            var patients = await db.Patients.Select(p => p.Id).ToListAsync();
            Assert.All(acknowledgedBeforeBackup, id => Assert.Contains(id, patients));
            Assert.Equal(Rows(manifest, "Patients"), patients.Count);
            Assert.Equal(manifest["auditEvents"]!.GetValue<long>(), await db.AuditEvents.LongCountAsync());
        }

        // The restored clinic runs, and the data-protection keys came along: a token issued before the backup still opens it.
        await using (var server = await ClinicServer.StartAsync(target, demo: false))
        {
            using var client = server.Anonymous();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", sessionToken);
            var found = await client.GetAsync($"/api/v1/patients/{acknowledgedBeforeBackup[0]}").Expect(HttpStatusCode.OK);
            Assert.Equal(acknowledgedBeforeBackup[0], found.GetProperty("id").GetGuid());
        }

        await RestoreRefusedAsync(archive, target, "not empty");
    }

    [Fact]
    public async Task A_backup_whose_data_differs_from_its_digests_is_reported_table_by_table()
    {
        var source = TestStorage.Create(database);
        await using (await ClinicServer.StartAsync(source))
        {
        }

        var archive = Path.Combine(Directory.CreateTempSubdirectory("mainstay-backup-test-").FullName, "clinic.zip");
        var backup = await MainstayProcess.RunAsync(["backup", archive, .. MainstayProcess.StorageArgs(source)]);
        Assert.True(backup.ExitCode == 0, backup.All);

        // Alter what the manifest says of one table, as a damaged or tampered archive would.
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            JsonNode manifest;
            using (var reader = entry.Open())
            {
                manifest = JsonNode.Parse(reader)!;
            }

            var patients = manifest["tables"]!.AsArray().Single(t => t!["table"]!.GetValue<string>() == "Patients")!;
            patients["sha256"] = new string('0', 64);
            entry.Delete();
            using var writer = zip.CreateEntry("manifest.json").Open();
            JsonSerializer.Serialize(writer, manifest);
        }

        var target = TestStorage.Create(database);
        await RestoreRefusedAsync(archive, target, "differs from the backup in 1 table(s): Patients");
    }

    [Fact]
    public async Task A_restore_names_what_is_wrong_with_the_file_and_the_target()
    {
        var target = TestStorage.Create(database);
        await RestoreRefusedAsync("/nonexistent/clinic.zip", target, "no backup file");

        var notZip = Path.Combine(target.DataDirectory, "..", Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllTextAsync(notZip, "not a zip");
        await RestoreRefusedAsync(notZip, target, "not a readable Mainstay backup");
    }

    protected static async Task RestoreRefusedAsync(string archive, StorageSettings target, string because)
    {
        var refused = await MainstayProcess.RunAsync(["restore", archive, .. MainstayProcess.StorageArgs(target)]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(because, refused.Error);
    }

    private static async Task<Guid> RegisterAsync(HttpClient intake, int n)
    {
        var created = await intake.PostJson("/api/v1/patients", new
        {
            givenName = "Backup",
            familyName = "Patient" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1980-02-03",
            sexAtBirth = "female",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    private static JsonNode Manifest(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!;
    }

    private static long Rows(JsonNode manifest, string table) =>
        manifest["tables"]!.AsArray().Single(t => t!["table"]!.GetValue<string>() == table)!["rows"]!.GetValue<long>();
}

public sealed class BackupRestoreOnSqlite() : BackupRestoreTests(TestDatabase.Sqlite);

public sealed class BackupRestoreOnPostgres() : BackupRestoreTests(TestDatabase.PostgreSql)
{
    [Fact]
    public async Task A_restore_refuses_a_database_that_already_has_tables()
    {
        var used = TestStorage.Create(TestDatabase.PostgreSql);
        await using (await ClinicServer.StartAsync(used, demo: false))
        {
        }

        var source = TestStorage.Create(TestDatabase.PostgreSql);
        await using (await ClinicServer.StartAsync(source, demo: false))
        {
        }

        var archive = Path.Combine(Directory.CreateTempSubdirectory("mainstay-backup-test-").FullName, "clinic.zip");
        Assert.Equal(0, (await MainstayProcess.RunAsync(["backup", archive, .. MainstayProcess.StorageArgs(source)])).ExitCode);
        var target = new StorageSettings(TestStorage.Create(TestDatabase.Sqlite).DataDirectory, used.DatabaseConnection);
        await RestoreRefusedAsync(archive, target, "already has");
        NpgsqlConnection.ClearAllPools();
    }
}
