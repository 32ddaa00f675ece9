using System.Net;
using System.Net.Http.Json;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Dosing;

/// <summary>The dosing window over HTTP, on SQLite and PostgreSQL: one dose per order and day, whatever the stations do.</summary>
public abstract class DosingApiTests(ClinicFixture fixture)
{
    protected ClinicServer Server => fixture.Server;

    private static string Today => DateTime.Now.ToString("yyyy-MM-dd");

    /// <summary>A new patient at site 1 with a methadone 30 mg order starting today (no rule needs an override).</summary>
    protected async Task<(Guid Patient, Guid Order)> PatientWithOrderAsync(decimal doseMg = 30, List<decimal>? splits = null)
    {
        using var prescriber = await Server.As("prescriber");
        var p = await prescriber.PostJson("/api/v1/patients", new
        {
            givenName = "Dose",
            familyName = "Case" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1985-01-20",
            sexAtBirth = "male",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        var id = p.GetProperty("id").GetGuid();
        var o = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg, startDate = Today, splitDosesMg = splits })
            .Expect(HttpStatusCode.Created);
        return (id, o.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_queue_lists_who_is_due_with_their_order_and_needs_a_granted_site()
    {
        using var nurse = await Server.As("nurse");
        var queue = await nurse.GetAsync("/api/v1/dosing/queue?siteId=1").Expect(HttpStatusCode.OK);
        Assert.NotEmpty(queue.EnumerateArray());
        var row = queue.EnumerateArray().First();
        Assert.Matches(@"^MS-\d{7}-\d$", row.GetProperty("mrn").GetString());
        Assert.True(row.GetProperty("doseMg").GetDecimal() > 0);
        await nurse.GetAsync("/api/v1/dosing/queue").ExpectProblem(HttpStatusCode.BadRequest, "siteId");
        await nurse.GetAsync("/api/v1/dosing/queue?siteId=1&date=tomorrow").ExpectProblem(HttpStatusCode.BadRequest, "date");
        using var eastNurse = await Server.As("nurse.east");
        await eastNurse.GetAsync("/api/v1/dosing/queue?siteId=1").ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_second_dispense_of_the_same_order_on_the_same_day_is_refused()
    {
        var (patient, order) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        var first = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created);
        Assert.Equal(30m, first.GetProperty("amountMg").GetDecimal());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("lot").GetString()));
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).ExpectProblem(HttpStatusCode.Conflict);

        var queue = await nurse.GetAsync("/api/v1/dosing/queue?siteId=1").Expect(HttpStatusCode.OK);
        var row = queue.EnumerateArray().Single(r => r.GetProperty("patientId").GetGuid() == patient);
        Assert.True(row.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Many_stations_dosing_one_order_at_once_give_exactly_one_dose_and_the_ledger_balances()
    {
        var (patient, order) = await PatientWithOrderAsync();
        var before = await LotBalanceAsync(1);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 12; i++)
        {
            clients.Add(await Server.As("nurse"));
        }

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order })));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(before - 30m, await LotBalanceAsync(1));
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        Assert.Equal(1, await db.Dispenses.CountAsync(d => d.PatientId == patient));
        foreach (var c in clients)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task Doses_of_many_patients_at_once_are_written_together_each_once_with_its_ledger_line_and_audit_event()
    {
        // Stations' doses queue for the recorder, which writes those waiting together in one transaction; two stations
        // dosing the same patient in the same moment may land in the same batch, where only the first is kept.
        var due = new List<(Guid Patient, Guid Order)>();
        for (var i = 0; i < 16; i++)
        {
            due.Add(await PatientWithOrderAsync());
        }

        var before = await LotBalanceAsync(1);
        var stations = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            stations.Add(await Server.As("nurse"));
        }

        var requests = due.Concat(due).Select((d, i) => stations[i % stations.Count].PostAsJsonAsync("/api/v1/dosing/dispenses", new { patientId = d.Patient, orderId = d.Order }));
        var responses = await Task.WhenAll(requests);
        Assert.Equal(16, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(16, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(before - (16 * 30m), await LotBalanceAsync(1));

        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var patients = due.Select(d => d.Patient).ToList();
        var doses = await db.Dispenses.AsNoTracking().Where(d => patients.Contains(d.PatientId)).ToListAsync();
        Assert.Equal(16, doses.Count);
        Assert.Equal(16, doses.Select(d => d.PatientId).Distinct().Count());
        var doseIds = doses.Select(d => d.Id).ToList();
        var lines = await db.InventoryEntries.AsNoTracking().Where(e => e.DispenseId != null && doseIds.Contains(e.DispenseId.Value)).ToListAsync();
        Assert.Equal(doseIds.Order(), lines.Select(l => l.DispenseId!.Value).Order());
        var ids = doseIds.Select(d => d.ToString()).ToList();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.Action == "dispense" && ids.Contains(e.ResourceId!)).ToListAsync();
        Assert.Equal(ids.Order(), events.Select(e => e.ResourceId!).Order());
        Assert.All(events, e => Assert.Contains($"lot {doses.Single(d => d.Id.ToString() == e.ResourceId).Lot}", e.Detail));
        Assert.True((await Mainstay.Features.Audit.AuditQueries.VerifyAsync(db, null, CancellationToken.None)).IsIntact);
        foreach (var c in stations)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task A_partial_dose_needs_a_reason_and_a_spill_a_witness()
    {
        var (patient, order) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order, amountMg = 20 }).ExpectProblem(HttpStatusCode.BadRequest, "partialReason");
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order, amountMg = 20, partialReason = "spilled" }).ExpectProblem(HttpStatusCode.BadRequest, "witness");
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order, amountMg = 40 }).ExpectProblem(HttpStatusCode.BadRequest, "amountMg");
        var partial = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order, amountMg = 20, partialReason = "spilled", witness = "Sam Whitfield, LPN" })
            .Expect(HttpStatusCode.Created);
        Assert.Equal("spilled", partial.GetProperty("partialReason").GetString());
    }

    [Fact]
    public async Task Sedation_at_the_window_holds_the_order_and_a_held_order_is_not_dosed()
    {
        var (patient, order) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order, sedationSigns = true }).ExpectProblem(HttpStatusCode.Conflict);
        var again = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("held", again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_an_active_order_nothing_is_dispensed()
    {
        using var intake = await Server.As("intake");
        var p = await intake.PostJson("/api/v1/patients", new { givenName = "No", familyName = "Order" + Guid.NewGuid().ToString("N")[..4], birthDate = "1990-01-01", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created);
        using var nurse = await Server.As("nurse");
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = p.GetProperty("id").GetGuid(), orderId = Guid.NewGuid() }).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        await nurse.PostJson("/api/v1/dosing/dispenses", new { }).ExpectProblem(HttpStatusCode.BadRequest, "patientId");
        using var counselor = await Server.As("counselor");
        var (patient, order) = await PatientWithOrderAsync();
        await counselor.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_returns_the_first_dose()
    {
        var (patient, order) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        var key = Guid.NewGuid().ToString();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dosing/dispenses") { Content = JsonContent.Create(new { patientId = patient, orderId = order }) };
        first.Headers.Add("Idempotency-Key", key);
        var a = await nurse.SendAsync(first).Expect(HttpStatusCode.Created);
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dosing/dispenses") { Content = JsonContent.Create(new { patientId = patient, orderId = order }) };
        retry.Headers.Add("Idempotency-Key", key);
        var b = await nurse.SendAsync(retry).Expect(HttpStatusCode.OK);
        Assert.Equal(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_dose_refused_in_a_batch_does_not_make_the_next_dose_with_its_key_already_given()
    {
        // Two stations send doses for two patients with the same Idempotency-Key (a station's mistake); the first names a
        // lot that does not exist. Both wait behind a third dose while the write lock is held, so the writer takes them in
        // one batch: the first is refused for its lot, and the second patient, whom nobody has dosed, is dosed, not told
        // "already given".
        var (zPatient, zOrder) = await PatientWithOrderAsync();
        var (aPatient, aOrder) = await PatientWithOrderAsync();
        var (bPatient, bOrder) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        var recorder = Server.Services.GetRequiredService<Mainstay.Features.Dosing.DoseRecorder>();
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> Dose(Guid patient, Guid order, string? lot, string? idempotencyKey)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dosing/dispenses") { Content = JsonContent.Create(new { patientId = patient, orderId = order, lot }) };
            if (idempotencyKey is not null)
            {
                message.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return nurse.SendAsync(message);
        }

        Task<HttpResponseMessage> z, a, b;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            await using var held = await db.BeginLockedWriteAsync(CancellationToken.None);
            z = Dose(zPatient, zOrder, null, null);
            await UntilAsync(() => recorder.Load is { Queued: 0, Writing: 1 }, "the writer takes the first dose and waits for the lock");
            a = Dose(aPatient, aOrder, "NO-SUCH-LOT", key);
            await UntilAsync(() => recorder.Load.Queued == 1, "the second dose queues");
            b = Dose(bPatient, bOrder, null, key);
            await UntilAsync(() => recorder.Load.Queued == 2, "the third dose queues");
            await held.RollbackAsync();
        }

        await z.Expect(HttpStatusCode.Created);
        var refused = await a.ExpectProblem(HttpStatusCode.BadRequest, "lot");
        Assert.Contains("NO-SUCH-LOT", refused.ToString());
        var dosed = await b.Expect(HttpStatusCode.Created);
        Assert.Equal(bPatient, dosed.GetProperty("patientId").GetGuid());

        // The key is now the second patient's dose: the first patient's request sent again with it is told so, not that
        // the first patient was dosed.
        var again = await Dose(aPatient, aOrder, null, key).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(Mainstay.Features.Dosing.DosingWindow.KeyReused, again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_request_sent_again_while_the_first_waits_for_the_writer_gets_the_first_dose_back()
    {
        // A station times out and sends the dose again with the same Idempotency-Key while the first is still queued (the
        // write lock is held here). The first is recorded; the second finds its slot taken and answers with the first dose.
        var (patient, order) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        var recorder = Server.Services.GetRequiredService<Mainstay.Features.Dosing.DoseRecorder>();
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> Send()
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dosing/dispenses") { Content = JsonContent.Create(new { patientId = patient, orderId = order }) };
            message.Headers.Add("Idempotency-Key", key);
            return nurse.SendAsync(message);
        }

        Task<HttpResponseMessage> first, again;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            await using var held = await db.BeginLockedWriteAsync(CancellationToken.None);
            first = Send();
            await UntilAsync(() => recorder.Load is { Queued: 0, Writing: 1 }, "the writer takes the first request and waits for the lock");
            again = Send();
            await UntilAsync(() => recorder.Load.Queued == 1, "the second request queues");
            await held.RollbackAsync();
        }

        var recorded = await first.Expect(HttpStatusCode.Created);
        var replayed = await again.Expect(HttpStatusCode.OK);
        Assert.Equal(recorded.GetProperty("id").GetGuid(), replayed.GetProperty("id").GetGuid());
        await using var check = Server.Services.CreateAsyncScope();
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<MainstayDb>().Dispenses.CountAsync(d => d.PatientId == patient));
    }

    /// <summary>Waits (without a time limit on the behaviour, only on the test) until <paramref name="condition"/> holds.</summary>
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 60_000, $"Still waiting after a minute: {what}.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Split_doses_are_given_slot_by_slot()
    {
        var (patient, order) = await PatientWithOrderAsync(40, [20, 20]);
        using var nurse = await Server.As("nurse");
        var am = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created);
        Assert.Equal(1, am.GetProperty("slot").GetInt32());
        Assert.Equal(20m, am.GetProperty("amountMg").GetDecimal());
        var pm = await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created);
        Assert.Equal(2, pm.GetProperty("slot").GetInt32());
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).ExpectProblem(HttpStatusCode.Conflict);
    }

    private async Task<decimal> LotBalanceAsync(int siteId)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var lots = await db.StockLots.AsNoTracking().Where(l => l.SiteId == siteId && l.Medication == Mainstay.Clinical.Medication.Moud.Methadone).ToListAsync();
        var ledger = await db.InventoryEntries.AsNoTracking().Where(e => e.SiteId == siteId).ToListAsync();
        var lot = lots.Single();
        // The perpetual ledger and the lot balance agree: receipts − out ± adjustments.
        Assert.Equal(lot.BalanceMg, ledger.Where(e => e.LotId == lot.Id).Sum(e => e.QuantityMg));
        return lot.BalanceMg;
    }
}

public sealed class DosingApiOnSqlite(SqliteClinic fixture) : DosingApiTests(fixture), IClassFixture<SqliteClinic>
{
    /// <summary>
    /// The checks of a dose run before the write lock; what a prescriber changes between the checks and the lock is seen
    /// under it. The test holds SQLite's write gate itself, so the dose waits at the gate after its checks; it holds the
    /// order meanwhile (as the prescriber's hold would), then lets the dose go on: it must be refused, nothing written.
    /// </summary>
    [Fact]
    public async Task An_order_held_between_the_checks_and_the_lock_is_not_dosed()
    {
        var (patient, order) = await PatientWithOrderAsync();
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        var gate = SqliteWriteGate.For(connection);
        using var nurse = await Server.As("nurse");

        await gate.EnterAsync(CancellationToken.None);
        Task<HttpResponseMessage> dose;
        try
        {
            dose = nurse.PostAsJsonAsync("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order });
            using var waited = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (gate.Waiting == 0 && !dose.IsCompleted)
            {
                await Task.Delay(10, waited.Token); // the dose has passed its checks once it queues at the gate
            }

            Assert.False(dose.IsCompleted, "the dose should be waiting for the write lock");
            await connection.OpenAsync();
            await using var hold = connection.CreateCommand();
            hold.CommandText = "UPDATE \"MedicationOrders\" SET \"Status\" = 'Held', \"StatusReason\" = 'prescriber review' WHERE \"Id\" = $id";
            hold.Parameters.AddWithValue("$id", order.ToString().ToUpperInvariant());
            Assert.Equal(1, await hold.ExecuteNonQueryAsync());
        }
        finally
        {
            gate.Exit();
        }

        using var response = await dose;
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("The order changed while the dose was being checked", await response.Content.ReadAsStringAsync());
        Assert.False(await db.Dispenses.AnyAsync(d => d.OrderId == order));
    }

    /// <summary>
    /// The dose writer commits without SQLite's automatic checkpoint (which would copy the log into the database inside
    /// a dose batch's commit) and asks for a checkpoint in the background every so many commits: one runs, and the
    /// pooled connections, which the writer no longer uses, keep the automatic checkpoint.
    /// </summary>
    [Fact]
    public async Task The_dose_writer_leaves_copying_the_log_to_a_background_checkpoint()
    {
        var checkpoints = Server.Services.GetRequiredService<WalCheckpoints>();
        var before = checkpoints.Completed;
        using var nurse = await Server.As("nurse");
        for (var i = 0; i < WalCheckpoints.CommitsPerCheckpoint; i++)
        {
            var (patient, order) = await PatientWithOrderAsync();
            await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created); // one commit each
        }

        using (var waited = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (checkpoints.Completed == before)
            {
                await Task.Delay(20, waited.Token); // the checkpoint runs on its own thread
            }
        }

        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        await db.Database.OpenConnectionAsync();
        await using var read = db.Database.GetDbConnection().CreateCommand();
        read.CommandText = "PRAGMA wal_autocheckpoint";
        Assert.Equal(1000L, (long)(await read.ExecuteScalarAsync())!);
        await db.Database.CloseConnectionAsync();
    }
}

public sealed class DosingApiOnPostgres(PostgresClinic fixture) : DosingApiTests(fixture), IClassFixture<PostgresClinic>;
