using System.Net;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Tests.Cli;

/// <summary>The <c>mainstay</c> executable: users add and audit verify, on both databases.</summary>
public abstract class CommandLineTests(TestDatabase database)
{
    [Fact]
    public async Task Users_add_reads_the_password_from_stdin_and_the_account_can_sign_in()
    {
        var storage = TestStorage.Create(database);
        var added = await MainstayProcess.RunAsync(
            ["users", "add", "--username", "dana.ortiz", "--role", "nurse", "--password-stdin", .. MainstayProcess.StorageArgs(storage)],
            "a-long-enough-password");
        Assert.True(added.ExitCode == 0, added.All);

        await using var server = await ClinicServer.StartAsync(storage, demo: false);
        using var client = server.Anonymous();
        var token = await client.PostJson("/api/v1/auth/token", new { username = "dana.ortiz", password = "a-long-enough-password" }).Expect(HttpStatusCode.OK);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        using var nurse = await server.As("dana.ortiz", "a-long-enough-password");
        await nurse.GetAsync("/api/v1/patients?q=x").Expect(HttpStatusCode.OK);
        using var auditor = await server.As("dana.ortiz", "a-long-enough-password");
        await auditor.GetAsync("/api/v1/audit/events").ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("wizard", "all", "a-long-enough-password", "not a role")]
    [InlineData("nurse", "99", "a-long-enough-password", "no site with id 99")]
    [InlineData("nurse", "one,two", "a-long-enough-password", "--sites")]
    [InlineData("nurse", "all", "short", "at least 12")]
    public async Task Users_add_refuses_bad_input_with_a_clear_message(string role, string sites, string password, string message)
    {
        var storage = TestStorage.Create(database);
        var result = await MainstayProcess.RunAsync(
            ["users", "add", "--username", "x.user", "--role", role, "--sites", sites, "--password-stdin", .. MainstayProcess.StorageArgs(storage)],
            password);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.All, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Audit_verify_passes_on_an_intact_trail_and_names_the_first_altered_event()
    {
        var storage = await StorageWithActivityAsync();
        var intact = await MainstayProcess.RunAsync(["audit", "verify", .. MainstayProcess.StorageArgs(storage)]);
        Assert.True(intact.ExitCode == 0, intact.All);
        Assert.Contains("intact", intact.Output);

        await TamperAsync(storage, """UPDATE "AuditEvents" SET "Detail" = 'nothing to see' WHERE "Sequence" = 7""");
        var broken = await MainstayProcess.RunAsync(["audit", "verify", .. MainstayProcess.StorageArgs(storage)]);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("event 7", broken.Output);
    }

    [Fact]
    public async Task Audit_verify_fails_when_an_event_is_removed()
    {
        var storage = await StorageWithActivityAsync();
        await TamperAsync(storage, """DELETE FROM "AuditEvents" WHERE "Sequence" = 4""");
        var broken = await MainstayProcess.RunAsync(["audit", "verify", .. MainstayProcess.StorageArgs(storage)]);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("event 4", broken.Output);
    }

    [Fact]
    public async Task Audit_verify_fails_when_the_newest_events_are_cut_off()
    {
        var storage = await StorageWithActivityAsync();
        await TamperAsync(storage, """DELETE FROM "AuditEvents" WHERE "Sequence" > 5""");
        var broken = await MainstayProcess.RunAsync(["audit", "verify", .. MainstayProcess.StorageArgs(storage)]);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("event 6", broken.Output);
    }

    [Fact]
    public async Task The_database_itself_refuses_to_change_or_delete_audit_events()
    {
        var storage = await StorageWithActivityAsync();
        await using var db = DataServices.Open(storage);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "Detail" = 'x' WHERE "Sequence" = 1"""));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" WHERE "Sequence" = 1"""));
    }

    [Fact]
    public async Task Reports_rebuild_computes_the_report_rows_again_from_the_records()
    {
        var storage = TestStorage.Create(database);
        await using (await ClinicServer.StartAsync(storage))
        {
            // The demo clinic: doses, episodes and screens, with their report rows kept as they were written.
        }

        var kept = await ReportRowsAsync(storage);
        Assert.Contains(kept, r => r.StartsWith("RetentionCourses ", StringComparison.Ordinal));
        Assert.Contains(kept, r => r.StartsWith("EpisodeUrineWeeks ", StringComparison.Ordinal));

        // Rows another program got wrong: a course gone, an episode marked as never dosed, another's weeks emptied.
        await using (var db = DataServices.Open(storage))
        {
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "RetentionCourses" WHERE "PatientId" IN (SELECT "PatientId" FROM "RetentionCourses" ORDER BY "PatientId" LIMIT 1)""");
            await db.Database.ExecuteSqlRawAsync("""UPDATE "EpisodeUrineWeeks" SET "Dosed" = FALSE WHERE "Dosed" = TRUE""");
            await db.Database.ExecuteSqlRawAsync("""UPDATE "EpisodeUrineWeeks" SET "NegativeWeeks0" = 0, "Ctn0094RelapseBy" = NULL""");
        }

        Assert.NotEqual(kept, await ReportRowsAsync(storage));
        var rebuilt = await MainstayProcess.RunAsync(["reports", "rebuild", .. MainstayProcess.StorageArgs(storage)]);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.All);
        Assert.Contains("retention courses written", rebuilt.Output);
        Assert.Contains("urine weeks written", rebuilt.Output);
        Assert.Equal(kept, await ReportRowsAsync(storage));
    }

    /// <summary>Every column of every report row, as text, in a stable order.</summary>
    private static async Task<List<string>> ReportRowsAsync(Mainstay.Hosting.StorageSettings storage)
    {
        await using var db = DataServices.Open(storage);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var table in new[] { "RetentionCourses", "EpisodeUrineWeeks" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT * FROM "{table}" """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(table + " " + string.Join(' ', Enumerable.Range(0, reader.FieldCount)
                    .Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}")));
            }
        }

        return [.. rows.Order(StringComparer.Ordinal)];
    }

    /// <summary>A stopped server's data after sign-ins, a registration and chart reads.</summary>
    private async Task<Mainstay.Hosting.StorageSettings> StorageWithActivityAsync()
    {
        var storage = TestStorage.Create(database);
        await using var server = await ClinicServer.StartAsync(storage);
        using var intake = await server.As("intake");
        var created = await intake.PostJson("/api/v1/patients", new { givenName = "Tam", familyName = "Pered", birthDate = "1990-05-05", sexAtBirth = "male", siteId = 1 })
            .Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        for (var i = 0; i < 5; i++)
        {
            await intake.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        }

        return storage;
    }

    /// <summary>What an attacker with database access would do: lift the append-only guard and rewrite history.</summary>
    private static async Task TamperAsync(Mainstay.Hosting.StorageSettings storage, string sql)
    {
        await using var db = DataServices.Open(storage);
        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER "AuditEvents_append_only_update"; DROP TRIGGER "AuditEvents_append_only_delete";""");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "AuditEvents" DISABLE TRIGGER USER""");
        }

        await db.Database.ExecuteSqlRawAsync(sql);
    }
}

public sealed class CommandLineOnSqlite() : CommandLineTests(TestDatabase.Sqlite);

public sealed class CommandLineOnPostgres() : CommandLineTests(TestDatabase.PostgreSql);
