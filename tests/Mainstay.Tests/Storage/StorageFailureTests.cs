using System.Data.Common;
using System.Net;
using System.Text;
using Mainstay.Data;
using Mainstay.Features.Audit;
using Mainstay.Hosting;
using Mainstay.Tests.Features.Access;
using Mainstay.Tests.Infrastructure;
using Mainstay.Tests.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace Mainstay.Tests.Storage;

/// <summary>
/// The database refuses a valid write: another process holds its write lock, or there is no room. The person gets a
/// clear answer (503 or 507 with what happened and that nothing was saved; a readable page on the web UI), reads that
/// disclose nothing go on (an audited read fails closed: no audit event, no disclosure), nothing of the refused action
/// is stored, and the same action succeeds once the lock is gone.
/// </summary>
public abstract class StorageFailureTests(TestDatabase database, ITestOutputHelper output)
{
    [Fact]
    public async Task A_write_lock_held_by_another_process_gives_a_clear_503_and_writes_nothing()
    {
        var storage = TestStorage.Create(database) with { BusyTimeoutSeconds = 1 };
        await using var server = await ClinicServer.StartAsync(storage);
        using var prescriber = await server.As("prescriber");
        using var nurse = await server.As("nurse");
        var (patient, order) = await PatientWithOrderAsync(prescriber);
        using var page = new CookieSession(server.BaseAddress);
        await page.SignInAsync("intake", "intake-demo-2026");
        page.Client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var before = await TableCounts.SnapshotAsync(server.Services);

        await using (await HoldWriteLockAsync(storage))
        {
            var registration = await prescriber.PostJson("/api/v1/patients", NewPatient("Locked"));
            var problem = await Task.FromResult(registration).ExpectProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("nothing was saved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(registration.Headers.RetryAfter is not null, "no Retry-After on a busy answer");

            var dispense = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order });
            await Task.FromResult(dispense).ExpectProblem(HttpStatusCode.ServiceUnavailable);

            var form = await page.PostFormAsync("/register", "/register", RegistrationForm("LockedPage"));
            var html = await form.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, form.StatusCode);
            Assert.Equal("text/html", form.Content.Headers.ContentType?.MediaType);
            Assert.Contains("The database is busy", html, StringComparison.Ordinal);
            Assert.Contains("nothing was saved", html, StringComparison.Ordinal);
            Assert.Contains("/css/site.css", html, StringComparison.Ordinal);

            // Reads that disclose nothing go on; opening a chart is audited, and with no audit event there is no disclosure.
            await prescriber.GetAsync("/api/v1/sites/").Expect(HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, (await page.Client.GetAsync("/account")).StatusCode);
            await prescriber.GetAsync($"/api/v1/patients/{patient}").ExpectProblem(HttpStatusCode.ServiceUnavailable);
        }

        Assert.Empty(TableCounts.Differences(before, await TableCounts.SnapshotAsync(server.Services)));
        await prescriber.PostJson("/api/v1/patients", NewPatient("Unlocked")).Expect(HttpStatusCode.Created);
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync("/register", "/register", RegistrationForm("UnlockedPage"))).StatusCode);
        await using var db = DataServices.Open(storage);
        Assert.True((await AuditQueries.VerifyAsync(db, null, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task A_request_held_past_the_time_limit_gets_a_clear_504_and_writes_nothing()
    {
        // The busy timeout (30 s) outlasts the request time limit (8 s): the limit is what ends the wait. The limit holds for
        // every request of this server, the sign-in and the last one too, so it leaves room for a busy machine.
        var storage = TestStorage.Create(database);
        await using var server = await ClinicServer.StartAsync(storage, requestTimeout: TimeSpan.FromSeconds(8));
        using var prescriber = await server.As("prescriber");
        var before = await TableCounts.SnapshotAsync(server.Services);
        await using (await HoldWriterAsync(storage))
        {
            var problem = await prescriber.PostJson("/api/v1/patients", NewPatient("Slow")).ExpectProblem(HttpStatusCode.GatewayTimeout);
            Assert.Contains("not saved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(TableCounts.Differences(before, await TableCounts.SnapshotAsync(server.Services)));
        await prescriber.PostJson("/api/v1/patients", NewPatient("Prompt")).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_dose_whose_commit_went_unanswered_is_told_by_what_the_database_holds()
    {
        // The connection drops during the dose batch's COMMIT. When the commit was made (only its answer was lost) the nurse
        // is told the dose was given, and a second dose is refused; when it was not, the nurse is told nothing was saved, and
        // the dose can be given.
        var lost = new LostCommitAnswer();
        var storage = TestStorage.Create(database) with { Interceptors = [lost] };
        await using var server = await ClinicServer.StartAsync(storage);
        using var prescriber = await server.As("prescriber");
        using var nurse = await server.As("nurse");
        var (given, givenOrder) = await PatientWithOrderAsync(prescriber);
        var (notGiven, notGivenOrder) = await PatientWithOrderAsync(prescriber);

        lost.Arm(afterCommit: true);
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = given, orderId = givenOrder }).Expect(HttpStatusCode.Created);
        Assert.Equal(0, lost.Armed);
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = given, orderId = givenOrder }).ExpectProblem(HttpStatusCode.Conflict);

        lost.Arm(afterCommit: false);
        var refused = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = notGiven, orderId = notGivenOrder }).ExpectProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("nothing of this was saved", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, lost.Armed);

        await using (var db = DataServices.Open(storage))
        {
            Assert.Equal(1, await db.Dispenses.CountAsync(d => d.PatientId == given));
            Assert.Equal(0, await db.Dispenses.CountAsync(d => d.PatientId == notGiven));
        }

        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = notGiven, orderId = notGivenOrder }).Expect(HttpStatusCode.Created);
        await using var check = DataServices.Open(storage);
        Assert.True((await AuditQueries.VerifyAsync(check, null, CancellationToken.None)).IsIntact);
    }

    /// <summary>
    /// Fails the next commit of a transaction that wrote doses, with the error Npgsql gives for a dropped connection: after
    /// the commit was made (its answer lost) or before it (nothing made).
    /// </summary>
    private sealed class LostCommitAnswer : DbTransactionInterceptor
    {
        private int armed;
        private bool afterCommit;

        public int Armed => Volatile.Read(ref armed);

        public void Arm(bool afterCommit)
        {
            this.afterCommit = afterCommit;
            Volatile.Write(ref armed, 1);
        }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            FailIf(eventData, before: true);
            return ValueTask.FromResult(result);
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            FailIf(eventData, before: false);
            return Task.CompletedTask;
        }

        private void FailIf(TransactionEventData eventData, bool before)
        {
            if (before != afterCommit && eventData.Context?.ChangeTracker.Entries<Mainstay.Features.Dosing.Dispense>().Any() == true
                && Interlocked.Exchange(ref armed, 0) == 1)
            {
                throw new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer (the test's)"));
            }
        }
    }

    /// <summary>Holds the database's write lock from another connection until disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync(StorageSettings storage);

    /// <summary>Keeps the server's writers waiting, in a way the request's cancellation can end, until disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldWriterAsync(StorageSettings storage);

    internal static async Task<(Guid Patient, Guid Order)> PatientWithOrderAsync(HttpClient prescriber)
    {
        var patient = (await prescriber.PostJson("/api/v1/patients", NewPatient("Window")).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var order = await prescriber.PostJson($"/api/v1/patients/{patient}/orders", new { medication = "methadone", doseMg = 30, startDate = DateTime.Now.ToString("yyyy-MM-dd") })
            .Expect(HttpStatusCode.Created);
        return (patient, order.GetProperty("id").GetGuid());
    }

    internal static object NewPatient(string family) =>
        new { givenName = "Storage", familyName = family + Guid.NewGuid().ToString("N")[..6], birthDate = "1984-04-04", sexAtBirth = "female", siteId = 1 };

    private static Dictionary<string, string> RegistrationForm(string family) => new()
    {
        ["GivenName"] = "Storage",
        ["FamilyName"] = family + Guid.NewGuid().ToString("N")[..6],
        ["BirthDate"] = "1984-04-04",
        ["SexAtBirth"] = "female",
        ["SiteId"] = "1",
    };

    private protected ITestOutputHelper Output => output;
}

public sealed class StorageFailuresOnSqlite(ITestOutputHelper output) : StorageFailureTests(TestDatabase.Sqlite, output)
{
    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(StorageSettings storage)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storage.SqlitePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;"; // the RESERVED lock: readers go on, no other connection may write
            await begin.ExecuteNonQueryAsync();
        }

        return connection;
    }

    /// <summary>
    /// SQLite's own busy wait happens inside native code and cannot be cancelled, so this holds the server's in-process
    /// write gate instead (the queue every writer of the file awaits, cancellably).
    /// </summary>
    protected override async Task<IAsyncDisposable> HoldWriterAsync(StorageSettings storage)
    {
        var connection = new SqliteConnection(storage.ConnectionString);
        var gate = SqliteWriteGate.For(connection);
        await gate.EnterAsync(CancellationToken.None);
        return new Release(gate, connection);
    }

    private sealed class Release(SqliteWriteGate gate, SqliteConnection connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Exit();
            return connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_full_database_refuses_whole_actions_with_a_clear_507_and_reads_go_on()
    {
        var storage = TestStorage.Create(TestDatabase.Sqlite);
        var patients = new List<(Guid Patient, Guid Order)>();
        await using (var seeding = await ClinicServer.StartAsync(storage))
        {
            using var prescriber = await seeding.As("prescriber");
            for (var i = 0; i < 12; i++)
            {
                patients.Add(await PatientWithOrderAsync(prescriber));
            }
        }

        SqliteConnection.ClearAllPools();
        var megabytes = (int)Math.Ceiling(new FileInfo(storage.SqlitePath).Length / 1048576.0) + 2;
        var quota = storage with { MaxDatabaseMegabytes = megabytes };
        await using var server = await ClinicServer.StartAsync(quota, demo: false);
        using var nurse = await server.As("nurse");
        using var writer = await server.As("prescriber");

        // Fill it with outside records, a Bundle of about 200 kB at a time: each is stored whole or refused whole.
        var full = 0;
        var stored = 0;
        for (var i = 0; i < 200 && full == 0; i++)
        {
            var before = await TableCounts.SnapshotAsync(server.Services);
            using var response = await writer.PostAsync("/fhir", new StringContent(Bundle(i), Encoding.UTF8, "application/fhir+json"));
            var body = await response.Content.ReadAsStringAsync();
            var after = await TableCounts.SnapshotAsync(server.Services);
            if (response.StatusCode == HttpStatusCode.InsufficientStorage)
            {
                full++;
                Assert.Contains("nothing of this was saved", body, StringComparison.Ordinal);
                Assert.Contains("OperationOutcome", body, StringComparison.Ordinal);
                Assert.Empty(TableCounts.Differences(before, after));
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
                stored++;
            }
        }

        Assert.True(full > 0, $"{stored} Bundles stored and the {megabytes} MB quota never filled");

        // At the dosing window: each dose is either stored with its ledger line and audit event, or refused whole.
        var dosed = 0;
        var refused = 0;
        foreach (var (patient, order) in patients)
        {
            using var response = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                dosed++;
            }
            else
            {
                var problem = await Task.FromResult(response).ExpectProblem(HttpStatusCode.InsufficientStorage);
                Assert.Contains("is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                refused++;
            }
        }

        // Reads that write no audit event go on; an audited read (a chart) is answered 507 when even its event has no room.
        await nurse.GetAsync("/api/v1/sites/").Expect(HttpStatusCode.OK);
        var chart = await nurse.GetAsync($"/api/v1/patients/{patients[0].Patient}");
        Assert.True(chart.StatusCode is HttpStatusCode.OK or HttpStatusCode.InsufficientStorage, $"a chart read on a full database answered {(int)chart.StatusCode}");
        await using var db = DataServices.Open(quota);
        var ids = patients.Select(p => p.Patient).ToList();
        var dispenses = await db.Dispenses.AsNoTracking().Where(d => ids.Contains(d.PatientId)).ToListAsync();
        Assert.Equal(dosed, dispenses.Count);
        var ledger = await db.InventoryEntries.AsNoTracking().ToListAsync();
        Assert.All(dispenses, d => Assert.Single(ledger, e => e.DispenseId == d.Id));
        foreach (var lot in await db.StockLots.AsNoTracking().ToListAsync())
        {
            Assert.Equal(lot.BalanceMg, ledger.Where(e => e.LotId == lot.Id).Sum(e => e.QuantityMg));
        }

        Assert.True((await AuditQueries.VerifyAsync(db, null, CancellationToken.None)).IsIntact);
        Output.WriteLine($"SQLite with a {megabytes} MB quota: {stored} Bundles stored, then {full} refused whole (507); at the window {dosed} doses stored whole and {refused} refused whole");
    }

    /// <summary>A batch Bundle of 40 Observations with long notes, about 200 kB, every one new.</summary>
    private static string Bundle(int n)
    {
        var note = new string('x', 4000);
        var entries = Enumerable.Range(0, 40).Select(i =>
            "{\"resource\":{\"resourceType\":\"Observation\",\"identifier\":[{\"system\":\"urn:fill\",\"value\":\"" + n + "-" + i
            + "\"}],\"status\":\"final\",\"code\":{\"text\":\"fill\"},\"subject\":{\"display\":\"nobody\"},\"note\":[{\"text\":\"" + note
            + "\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + string.Join(',', entries) + "]}";
    }
}

public sealed class StorageFailuresOnPostgres(ITestOutputHelper output) : StorageFailureTests(TestDatabase.PostgreSql, output)
{
    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(StorageSettings storage)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(storage.DatabaseConnection) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // EXCLUSIVE: reads go on, no other transaction may insert, update or delete in these tables.
        command.CommandText = """BEGIN; LOCK TABLE "Patients", "Dispenses", "AuditEvents" IN EXCLUSIVE MODE;""";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>The table lock: the request waits in PostgreSQL, and Npgsql cancels the wait when the request is cancelled.</summary>
    protected override Task<IAsyncDisposable> HoldWriterAsync(StorageSettings storage) => HoldWriteLockAsync(storage);
}

/// <summary>The database's refusals are recognised however EF Core wraps them, on both databases; anything else is not.</summary>
public sealed class StorageFailureClassificationTests
{
    public static TheoryData<string, Exception, StorageFailure?> Cases => new()
    {
        { "SQLITE_BUSY", new SqliteException("database is locked", 5), StorageFailure.Busy },
        { "SQLITE_LOCKED in an update", new DbUpdateException("x", new SqliteException("database table is locked", 6)), StorageFailure.Busy },
        { "SQLITE_FULL in an update", new DbUpdateException("x", new SqliteException("database or disk is full", 13)), StorageFailure.Full },
        { "the write gate's patience", new DatabaseBusyException(), StorageFailure.Busy },
        { "PostgreSQL disk_full", new DbUpdateException("x", new PostgresException("could not extend file", "ERROR", "ERROR", "53100")), StorageFailure.Full },
        { "PostgreSQL lock_not_available", new PostgresException("canceling statement due to lock timeout", "ERROR", "ERROR", "55P03"), StorageFailure.Busy },
        { "PostgreSQL too_many_connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300"), StorageFailure.Unavailable },
        { "PostgreSQL unique_violation", new DbUpdateException("x", new PostgresException("duplicate key", "ERROR", "ERROR", "23505")), null },
        { "SQLITE_CONSTRAINT", new DbUpdateException("x", new SqliteException("UNIQUE constraint failed", 19)), null },
        { "not the database", new InvalidOperationException("x"), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_refusal_is_recognised(string what, Exception exception, StorageFailure? expected)
    {
        Assert.True(StorageFailures.Classify(exception) == expected, what);
        if (expected is { } failure)
        {
            Assert.Contains("nothing", StorageFailures.Detail(failure), StringComparison.Ordinal);
        }
    }
}
