using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Dosing;

/// <summary>Take-home decisions and bottles, guest dosing, controlled-substance stock and the dispensing report, on SQLite and PostgreSQL.</summary>
public abstract class TakeHomeGuestAndStockTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    private static readonly object AllCriteria = new
    {
        noActiveSubstanceUseOrRisk = true,
        regularAttendance = true,
        noSeriousBehavioralProblems = true,
        noRecentDiversion = true,
        safeTransportAndStorage = true,
        otherConsiderations = "lock box seen",
    };

    private async Task<(Guid Patient, Guid Order)> PatientWithOrderAsync(int siteId = 1)
    {
        using var prescriber = await Server.As("prescriber");
        var p = await prescriber.PostJson("/api/v1/patients", new
        {
            givenName = "Take",
            familyName = "Home" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1979-06-02",
            sexAtBirth = "female",
            siteId,
        }).Expect(HttpStatusCode.Created);
        var id = p.GetProperty("id").GetGuid();
        var o = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg = 40, startDate = Today.ToString("yyyy-MM-dd") })
            .Expect(HttpStatusCode.Created);
        return (id, o.GetProperty("id").GetGuid());
    }

    /// <summary>A week's guest stay at site 2 with the sending program's methadone order, verified by phone.</summary>
    private static object GuestStay(Guid patient) => new
    {
        patientId = patient,
        hostSiteId = 2,
        sendingProgram = "Harbor OTP",
        sendingPrescriber = "Dr. Lee",
        sendingContact = "555-0100",
        medication = "methadone",
        doseMg = 60,
        lastDoseDate = Today.AddDays(-1).ToString("yyyy-MM-dd"),
        verifiedBy = "R. Kim by phone",
        toDate = Today.AddDays(6).ToString("yyyy-MM-dd"),
    };

    [Fact]
    public async Task Decisions_sent_at_once_leave_one_active_and_a_guest_stay_sent_twice_is_arranged_once()
    {
        var (patient, order) = await PatientWithOrderAsync();
        using var prescriber = await Server.As("prescriber");
        using var nurse = await Server.As("nurse");
        var url = $"/api/v1/patients/{patient}/take-home-decisions";
        var decisions = await Task.WhenAll(Enumerable.Range(2, 4).Select(days =>
            prescriber.PostAsync(url, System.Net.Http.Json.JsonContent.Create(new { orderId = order, everyDays = days, criteria = AllCriteria }))));
        Assert.All(decisions, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode)); // each replaces the one before
        var listed = (await prescriber.GetAsync(url).Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(4, listed.Count);
        Assert.Single(listed, d => d.GetProperty("status").GetString() == "active");

        var arranged = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => nurse.PostAsync("/api/v1/dosing/guests", System.Net.Http.Json.JsonContent.Create(GuestStay(patient)))));
        Assert.Single(arranged, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(arranged.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }

    [Fact]
    public async Task Take_homes_follow_the_decision_the_limit_and_the_observed_dose_and_a_recall_stops_them()
    {
        var (patient, order) = await PatientWithOrderAsync();
        using var prescriber = await Server.As("prescriber");
        using var nurse = await Server.As("nurse");
        var url = $"/api/v1/patients/{patient}/take-home-decisions";

        // Day 1 of treatment: methadone allows up to 7 take-homes; 28 is refused and cannot be overridden.
        var over = await prescriber.PostJson(url, new { orderId = order, everyDays = 29, criteria = AllCriteria, overrideReason = "trying" })
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(over.GetProperty("violations").EnumerateArray(), v => v.GetProperty("ruleId").GetString() == "take-home-over-limit");

        // A criterion not met needs the prescriber's reason; the nurse cannot decide.
        var unmet = await prescriber.PostJson(url, new { orderId = order, everyDays = 3, criteria = new { regularAttendance = true } })
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(4, unmet.GetProperty("violations").EnumerateArray().Count(v => v.GetProperty("ruleId").GetString() == "take-home-criteria"));
        await nurse.PostJson(url, new { orderId = order, everyDays = 3, criteria = AllCriteria }).ExpectProblem(HttpStatusCode.Forbidden);
        await prescriber.PostJson(url, new { orderId = order, clinicDays = new[] { "someday" }, criteria = AllCriteria }).ExpectProblem(HttpStatusCode.BadRequest, "clinicDays");
        await prescriber.PostJson(url, new { orderId = order, everyDays = 3 }).ExpectProblem(HttpStatusCode.BadRequest, "criteria");

        var decision = await prescriber.PostJson(url, new { orderId = order, everyDays = 3, criteria = AllCriteria }).Expect(HttpStatusCode.Created);
        Assert.Equal(1, decision.GetProperty("daysInTreatment").GetInt32());
        Assert.Equal(7, decision.GetProperty("maximumTakeHomeDays").GetInt32());
        Assert.Equal(2, decision.GetProperty("takeHomeDays").GetInt32());
        Assert.Equal(Today.ToString("yyyy-MM-dd"), decision.GetProperty("nextPickups")[0].GetString());

        // Bottles only after today's observed dose.
        await nurse.PostJson("/api/v1/dosing/take-homes", new { patientId = patient, orderId = order }).ExpectProblem(HttpStatusCode.Conflict);
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created);
        var bottles = await nurse.PostJson("/api/v1/dosing/take-homes", new { patientId = patient, orderId = order }).Expect(HttpStatusCode.Created);
        Assert.Equal([Today.AddDays(1), Today.AddDays(2)], bottles.EnumerateArray().Select(b => DateOnly.Parse(b.GetProperty("doseDate").GetString()!)).ToArray());
        Assert.All(bottles.EnumerateArray(), b =>
        {
            Assert.True(b.GetProperty("takeHome").GetBoolean());
            Assert.False(string.IsNullOrEmpty(b.GetProperty("bottleNumber").GetString()));
            Assert.Equal(40m, b.GetProperty("amountMg").GetDecimal());
        });
        await nurse.PostJson("/api/v1/dosing/take-homes", new { patientId = patient, orderId = order }).ExpectProblem(HttpStatusCode.Conflict);

        // Tomorrow's queue: the bottle covers the day, so the patient is not due at the window.
        var tomorrow = await nurse.GetAsync($"/api/v1/dosing/queue?siteId=1&date={Today.AddDays(1):yyyy-MM-dd}").Expect(HttpStatusCode.OK);
        Assert.True(tomorrow.EnumerateArray().Single(r => r.GetProperty("patientId").GetGuid() == patient).GetProperty("complete").GetBoolean());

        // An unused bottle comes back before a witness and frees its day; anything but empty opens a follow-up.
        var first = bottles[0].GetProperty("id").GetGuid();
        await nurse.PostJson($"/api/v1/dosing/bottles/{first}/return", new { check = "unused" }).ExpectProblem(HttpStatusCode.BadRequest, "witness");
        await nurse.PostJson($"/api/v1/dosing/bottles/{first}/return", new { check = "lost-it" }).ExpectProblem(HttpStatusCode.BadRequest, "check");
        var returned = await nurse.PostJson($"/api/v1/dosing/bottles/{first}/return", new { check = "unused", witness = "prescriber" }).Expect(HttpStatusCode.OK);
        Assert.True(returned.GetProperty("voided").GetBoolean());
        await nurse.PostJson($"/api/v1/dosing/bottles/{first}/return", new { check = "empty" }).ExpectProblem(HttpStatusCode.Conflict);
        tomorrow = await nurse.GetAsync($"/api/v1/dosing/queue?siteId=1&date={Today.AddDays(1):yyyy-MM-dd}").Expect(HttpStatusCode.OK);
        Assert.False(tomorrow.EnumerateArray().Single(r => r.GetProperty("patientId").GetGuid() == patient).GetProperty("complete").GetBoolean());
        var followUps = await nurse.GetAsync($"/api/v1/patients/{patient}/follow-ups").Expect(HttpStatusCode.OK);
        Assert.Contains(followUps.EnumerateArray(), f => f.GetProperty("code").GetString() == "take-home-return");

        // Recall: no more bottles until a new decision; the queue says why.
        var id = decision.GetProperty("id").GetGuid();
        await nurse.PostJson($"{url}/{id}/recall", new { }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var recalled = await nurse.PostJson($"{url}/{id}/recall", new { reason = "positive fentanyl screen" }).Expect(HttpStatusCode.OK);
        Assert.Equal("recalled", recalled.GetProperty("status").GetString());
        var again = await nurse.PostJson("/api/v1/dosing/take-homes", new { patientId = patient, orderId = order }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("recalled", again.GetProperty("detail").GetString());
        var queue = await nurse.GetAsync("/api/v1/dosing/queue?siteId=1").Expect(HttpStatusCode.OK);
        Assert.Contains(queue.EnumerateArray().Single(r => r.GetProperty("patientId").GetGuid() == patient).GetProperty("alerts").EnumerateArray(),
            a => a.GetString()!.Contains("positive fentanyl screen", StringComparison.Ordinal));
        var list = await nurse.GetAsync(url).Expect(HttpStatusCode.OK);
        Assert.Equal("recalled", list[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_guest_is_dosed_at_the_host_site_under_the_sending_order_without_opening_the_home_chart()
    {
        var (patient, _) = await PatientWithOrderAsync(siteId: 1);
        using var nurse = await Server.As("nurse");
        await nurse.PostJson("/api/v1/dosing/guests", new { patientId = patient, hostSiteId = 2 }).ExpectProblem(HttpStatusCode.BadRequest, "sendingProgram");
        await nurse.PostJson("/api/v1/dosing/guests", new
        {
            patientId = patient,
            hostSiteId = 2,
            sendingProgram = "Harbor OTP",
            sendingPrescriber = "Dr. Lee",
            medication = "methadone",
            doseMg = 60,
            verifiedBy = "R. Kim by phone",
            toDate = Today.AddDays(40).ToString("yyyy-MM-dd"),
        }).ExpectProblem(HttpStatusCode.BadRequest, "toDate");
        var guest = await nurse.PostJson("/api/v1/dosing/guests", GuestStay(patient)).Expect(HttpStatusCode.Created);
        var guestOrder = guest.GetProperty("orderId").GetGuid();

        using var east = await Server.As("nurse.east");
        await east.GetAsync($"/api/v1/patients/{patient}").ExpectProblem(HttpStatusCode.NotFound);
        var queue = await east.GetAsync("/api/v1/dosing/queue?siteId=2").Expect(HttpStatusCode.OK);
        var row = queue.EnumerateArray().Single(r => r.GetProperty("patientId").GetGuid() == patient);
        Assert.Equal("Harbor OTP", row.GetProperty("guestFrom").GetString());
        Assert.Equal(0, row.GetProperty("missedDays").GetInt32());
        var dose = await east.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = guestOrder }).Expect(HttpStatusCode.Created);
        Assert.Equal(60m, dose.GetProperty("amountMg").GetDecimal());
        Assert.StartsWith("MTD-", dose.GetProperty("lot").GetString());

        var listed = await east.GetAsync("/api/v1/dosing/guests?siteId=2").Expect(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), g => g.GetProperty("id").GetGuid() == guest.GetProperty("id").GetGuid());
        await east.PostJson($"/api/v1/dosing/guests/{guest.GetProperty("id").GetGuid()}/end", new { reason = "went home" }).Expect(HttpStatusCode.OK);
        await east.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = guestOrder }).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stock_moves_only_through_the_ledger_with_witnesses_reasons_and_a_balance_that_always_reconciles()
    {
        using var nurse = await Server.As("nurse");
        var lotName = "T" + Guid.NewGuid().ToString("N")[..8];
        await nurse.PostJson("/api/v1/inventory/receipts", new { siteId = 1, medication = "methadone", lot = lotName, quantityMg = 1000 })
            .ExpectProblem(HttpStatusCode.BadRequest, "supplier");
        var receipt = await nurse.PostJson("/api/v1/inventory/receipts", new
        {
            siteId = 1,
            medication = "methadone",
            lot = lotName,
            expiresOn = Today.AddYears(1).ToString("yyyy-MM-dd"),
            quantityMg = 10000,
            supplier = "Acme",
            invoice = "INV-9",
        }).Expect(HttpStatusCode.Created);
        var lot = receipt.GetProperty("lotId").GetGuid();
        Assert.Equal(10000m, receipt.GetProperty("balanceAfterMg").GetDecimal());

        await nurse.PostJson("/api/v1/inventory/waste", new { lotId = lot, quantityMg = 10, reason = "spilled" }).ExpectProblem(HttpStatusCode.BadRequest, "witness");
        await nurse.PostJson("/api/v1/inventory/waste", new { lotId = lot, quantityMg = 10, reason = "spilled", witness = "nurse", witnessPassword = "nurse-demo-2026" })
            .ExpectProblem(HttpStatusCode.BadRequest, "witness");
        await nurse.PostJson("/api/v1/inventory/waste", new { lotId = lot, quantityMg = 10, reason = "spilled", witness = "counselor", witnessPassword = "counselor-demo-2026" })
            .ExpectProblem(HttpStatusCode.BadRequest, "witness");
        await nurse.PostJson("/api/v1/inventory/waste", new { lotId = lot, quantityMg = 10, reason = "spilled", witness = "prescriber", witnessPassword = "wrong-password-1" })
            .ExpectProblem(HttpStatusCode.BadRequest, "witnessPassword");
        var waste = await nurse.PostJson("/api/v1/inventory/waste", new { lotId = lot, quantityMg = 10, reason = "spilled", witness = "prescriber", witnessPassword = "prescriber-demo-2026" })
            .Expect(HttpStatusCode.Created);
        Assert.Equal(9990m, waste.GetProperty("balanceAfterMg").GetDecimal());
        Assert.Equal("prescriber", waste.GetProperty("witnessedBy").GetString());
        await nurse.PostJson("/api/v1/inventory/waste", new { lotId = lot, quantityMg = 99999, reason = "all", witness = "prescriber", witnessPassword = "prescriber-demo-2026" })
            .ExpectProblem(HttpStatusCode.Conflict);

        await nurse.PostJson("/api/v1/inventory/counts", new { lotId = lot, countedMg = 9985, witness = "prescriber", witnessPassword = "prescriber-demo-2026" })
            .ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var count = await nurse.PostJson("/api/v1/inventory/counts", new { lotId = lot, countedMg = 9985, reason = "meniscus reading", witness = "prescriber", witnessPassword = "prescriber-demo-2026" })
            .Expect(HttpStatusCode.Created);
        Assert.Equal(-5m, count.GetProperty("quantityMg").GetDecimal());
        await nurse.PostJson("/api/v1/inventory/adjustments", new { lotId = lot, quantityMg = 0, reason = "x" }).ExpectProblem(HttpStatusCode.BadRequest, "quantityMg");
        await nurse.PostJson("/api/v1/inventory/adjustments", new { lotId = lot, quantityMg = 5, reason = "recount found 5 mg" }).Expect(HttpStatusCode.Created);

        var transfer = await nurse.PostJson("/api/v1/inventory/transfers", new { lotId = lot, toSiteId = 2, quantityMg = 1000, reason = "east short" }).Expect(HttpStatusCode.Created);
        Assert.Equal(["transfer-out", "transfer-in"], transfer.EnumerateArray().Select(l => l.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal(transfer[0].GetProperty("transferId").GetGuid(), transfer[1].GetProperty("transferId").GetGuid());

        using var director = await Server.As("director");
        using var counselor = await Server.As("counselor");
        await counselor.PostJson("/api/v1/inventory/adjustments", new { lotId = lot, quantityMg = 5, reason = "x" }).ExpectProblem(HttpStatusCode.Forbidden);
        foreach (var site in new[] { 1, 2 })
        {
            var reconciliation = await director.GetAsync($"/api/v1/inventory/reconciliation?siteId={site}").Expect(HttpStatusCode.OK);
            Assert.NotEmpty(reconciliation.EnumerateArray());
            Assert.All(reconciliation.EnumerateArray(), r => Assert.True(r.GetProperty("balances").GetBoolean(), r.ToString()));
        }

        // A line changed behind the ledger's back (in the database itself) is named by the reconciliation, by line and kind.
        var wasteLine = waste.GetProperty("id").GetInt64();
        await SetLineBalanceAsync(wasteLine, 9000m);
        var broken = (await director.GetAsync("/api/v1/inventory/reconciliation?siteId=1").Expect(HttpStatusCode.OK))
            .EnumerateArray().Single(r => r.GetProperty("lotId").GetGuid() == lot);
        Assert.False(broken.GetProperty("balances").GetBoolean());
        Assert.StartsWith($"line {wasteLine} (waste, ", broken.GetProperty("firstBreak").GetString());
        Assert.Contains("running balance 9990 mg, line says 9000 mg", broken.GetProperty("firstBreak").GetString());
        Assert.Equal(5, broken.GetProperty("lines").GetInt32());
        Assert.Equal(10000m, broken.GetProperty("receivedMg").GetDecimal());
        Assert.Equal(1010m, broken.GetProperty("outMg").GetDecimal());
        Assert.Equal(0m, broken.GetProperty("adjustedMg").GetDecimal());
        await SetLineBalanceAsync(wasteLine, 9990m);

        // The ledger's period is the clinic's days, read from the database for that period only.
        var todays = await nurse.GetAsync($"/api/v1/inventory/ledger?siteId=1&from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}").Expect(HttpStatusCode.OK);
        Assert.Equal(5, todays.EnumerateArray().Count(l => l.GetProperty("lotId").GetGuid() == lot));
        var tomorrow = await nurse.GetAsync($"/api/v1/inventory/ledger?siteId=1&from={Today.AddDays(1):yyyy-MM-dd}").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(tomorrow.EnumerateArray(), l => l.GetProperty("lotId").GetGuid() == lot);
        var yesterday = await nurse.GetAsync($"/api/v1/inventory/ledger?siteId=1&to={Today.AddDays(-1):yyyy-MM-dd}").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(yesterday.EnumerateArray(), l => l.GetProperty("lotId").GetGuid() == lot);
        await nurse.GetAsync("/api/v1/inventory/ledger?siteId=1&from=0001-01-01&to=9999-12-31").Expect(HttpStatusCode.OK);

        var lots = await nurse.GetAsync("/api/v1/inventory/lots?siteId=1").Expect(HttpStatusCode.OK);
        Assert.Equal(8990m, lots.EnumerateArray().Single(l => l.GetProperty("id").GetGuid() == lot).GetProperty("balanceMg").GetDecimal());
        using var csv = await nurse.GetAsync("/api/v1/inventory/ledger?siteId=1&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("id,at,site,lot,medication,kind,quantity_mg", text);
        Assert.Contains($"{lotName},methadone,waste,-10,9990", text);
        await nurse.GetAsync("/api/v1/inventory/ledger?siteId=1&format=xml").ExpectProblem(HttpStatusCode.BadRequest, "format");
    }

    private async Task SetLineBalanceAsync(long lineId, decimal balanceAfterMg)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var line = await db.InventoryEntries.SingleAsync(e => e.Id == lineId);
        line.BalanceAfterMg = balanceAfterMg;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_dispensing_report_lists_each_dose_and_exports_csv()
    {
        var (patient, order) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        await nurse.PostJson("/api/v1/dosing/dispenses", new { patientId = patient, orderId = order, amountMg = 30, partialReason = "refused-part" }).Expect(HttpStatusCode.Created);
        var report = await nurse.GetAsync("/api/v1/dosing/report?siteId=1").Expect(HttpStatusCode.OK);
        var line = report.GetProperty("log").EnumerateArray().Single(l => l.GetProperty("patient").GetString()!.StartsWith("Home", StringComparison.Ordinal)
            && l.GetProperty("amountMg").GetDecimal() == 30m && l.GetProperty("partialReason").GetString() == "refused-part");
        Assert.Equal(40m, line.GetProperty("orderedMg").GetDecimal());
        Assert.Contains(report.GetProperty("days").EnumerateArray(), d => d.GetProperty("partial").GetInt32() >= 1);
        using var csv = await nurse.GetAsync("/api/v1/dosing/report?siteId=1&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains(",refused-part,", await csv.Content.ReadAsStringAsync());
        await nurse.GetAsync($"/api/v1/dosing/report?siteId=1&from={Today:yyyy-MM-dd}&to={Today.AddDays(-3):yyyy-MM-dd}").ExpectProblem(HttpStatusCode.BadRequest, "to");
    }

    [Fact]
    public async Task After_missed_days_the_window_asks_for_the_sedation_check_or_the_prescriber()
    {
        // The demo clinic's last week has patients who stopped coming 2-6 days ago.
        using var nurse = await Server.As("nurse");
        var queue = await nurse.GetAsync("/api/v1/dosing/queue?siteId=1").Expect(HttpStatusCode.OK);
        var rows = queue.EnumerateArray().Where(r => !r.GetProperty("complete").GetBoolean() && r.GetProperty("orderStatus").GetString() == "active").ToList();
        var look = rows.First(r => r.GetProperty("missedDoseAction").GetString() == "dose-if-not-intoxicated");
        var review = rows.First(r => r.GetProperty("missedDoseAction").GetString() is "re-induction" or "prescriber-review-reduced-dose");
        var body = new { patientId = look.GetProperty("patientId").GetGuid(), orderId = look.GetProperty("orderId").GetGuid() };
        await nurse.PostJson("/api/v1/dosing/dispenses", body).ExpectProblem(HttpStatusCode.BadRequest, "sedationChecked");
        await nurse.PostJson("/api/v1/dosing/dispenses", new { body.patientId, body.orderId, sedationChecked = true }).Expect(HttpStatusCode.Created);
        var refused = await nurse.PostJson("/api/v1/dosing/dispenses", new
        {
            patientId = review.GetProperty("patientId").GetGuid(),
            orderId = review.GetProperty("orderId").GetGuid(),
            sedationChecked = true,
        }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("prescriber", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_identification_photo_is_a_checked_image_shown_in_the_queue()
    {
        var (patient, _) = await PatientWithOrderAsync();
        using var nurse = await Server.As("nurse");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
        using (var bad = new ByteArrayContent("<script>"u8.ToArray()))
        {
            await nurse.PutAsync($"/api/v1/patients/{patient}/photo", bad).ExpectProblem(HttpStatusCode.BadRequest, "photo");
        }

        await nurse.GetAsync($"/api/v1/patients/{patient}/photo").ExpectProblem(HttpStatusCode.NotFound);
        using (var content = new ByteArrayContent(png))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var put = await nurse.PutAsync($"/api/v1/patients/{patient}/photo", content);
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var get = await nurse.GetAsync($"/api/v1/patients/{patient}/photo");
        Assert.Equal("image/png", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await get.Content.ReadAsByteArrayAsync());
        var queue = await nurse.GetAsync("/api/v1/dosing/queue?siteId=1").Expect(HttpStatusCode.OK);
        Assert.True(queue.EnumerateArray().Single(r => r.GetProperty("patientId").GetGuid() == patient).GetProperty("hasPhoto").GetBoolean());
        using var east = await Server.As("nurse.east");
        await east.GetAsync($"/api/v1/patients/{patient}/photo").ExpectProblem(HttpStatusCode.NotFound);
    }
}

public sealed class TakeHomeGuestAndStockOnSqlite(SqliteClinic fixture) : TakeHomeGuestAndStockTests(fixture), IClassFixture<SqliteClinic>;

public sealed class TakeHomeGuestAndStockOnPostgres(PostgresClinic fixture) : TakeHomeGuestAndStockTests(fixture), IClassFixture<PostgresClinic>;
