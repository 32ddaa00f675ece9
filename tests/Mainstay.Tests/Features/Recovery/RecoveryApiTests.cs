using System.Net;
using System.Text;
using System.Text.Json;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Recovery;

/// <summary>
/// Drug screens, the lab import, alerts and the work list, naloxone and overdoses over HTTP, on SQLite and PostgreSQL.
/// </summary>
public abstract class RecoveryApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static string Today => DateTime.Now.ToString("yyyy-MM-dd");

    private async Task<(Guid Id, string Mrn)> PatientOnMethadoneAsync(bool order = true)
    {
        using var prescriber = await Server.As("prescriber");
        var p = await prescriber.PostJson("/api/v1/patients", new
        {
            givenName = "Screen",
            familyName = "Case" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1990-04-02",
            sexAtBirth = "female",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        var id = p.GetProperty("id").GetGuid();
        if (order)
        {
            await prescriber.PostJson($"/api/v1/patients/{id}/orders", new { medication = "methadone", doseMg = 30, startDate = Today }).Expect(HttpStatusCode.Created);
        }

        return (id, p.GetProperty("mrn").GetString()!);
    }

    private static object Cup(params (string Analyte, string Result)[] results) => new
    {
        specimen = "urine",
        reason = "random",
        results = new
        {
            observed = true,
            temperatureC = 34.5,
            analytes = results.ToDictionary(r => r.Analyte, r => r.Result),
        },
    };

    private static JsonElement AlertOf(JsonElement workList, Guid patient, string kind) =>
        workList.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("patientId").GetGuid() == patient && a.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task A_fentanyl_positive_screen_raises_an_alert_that_is_acknowledged_and_resolved_only_with_the_action()
    {
        var (patient, _) = await PatientOnMethadoneAsync();
        using var nurse = await Server.As("nurse");
        var screen = await nurse.PostJson($"/api/v1/patients/{patient}/screens",
            Cup(("fentanyl", "positive"), ("norfentanyl", "positive"), ("methadone", "positive"), ("eddp", "positive"))).Expect(HttpStatusCode.Created);
        Assert.Equal("resulted", screen.GetProperty("status").GetString());
        Assert.True(screen.GetProperty("fentanylUse").GetBoolean());
        Assert.Equal("methadone", screen.GetProperty("readAgainst").GetString());
        Assert.Equal("fentanyl-positive", screen.GetProperty("findings")[0].GetProperty("code").GetString());

        using var prescriber = await Server.As("prescriber");
        var alert = AlertOf(await prescriber.GetAsync("/api/v1/worklist?siteId=1").Expect(HttpStatusCode.OK), patient, "fentanyl-positive");
        Assert.Equal("danger", alert.GetProperty("severity").GetString());
        Assert.Equal("prescriber", alert.GetProperty("ownerRole").GetString());
        var alertId = alert.GetProperty("id").GetGuid();

        // The dosing window sees it before dosing.
        var queue = await nurse.GetAsync("/api/v1/dosing/queue?siteId=1").Expect(HttpStatusCode.OK);
        var row = queue.EnumerateArray().Single(r => r.GetProperty("patientId").GetGuid() == patient);
        Assert.Contains(row.GetProperty("alerts").EnumerateArray(), a => a.GetString()!.Contains("fentanyl-positive", StringComparison.Ordinal));

        var mine = await prescriber.GetAsync("/api/v1/worklist?mine=true").Expect(HttpStatusCode.OK);
        Assert.Contains(mine.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("id").GetGuid() == alertId);

        var acknowledged = await prescriber.PostJson($"/api/v1/alerts/{alertId}/acknowledge", new { }).Expect(HttpStatusCode.OK);
        Assert.Equal(("acknowledged", "prescriber"), (acknowledged.GetProperty("status").GetString(), acknowledged.GetProperty("owner").GetString()));
        await nurse.PostJson($"/api/v1/alerts/{alertId}/acknowledge", new { }).ExpectProblem(HttpStatusCode.Conflict);

        await prescriber.PostJson($"/api/v1/alerts/{alertId}/resolve", new { action = "naloxone-given" }).ExpectProblem(HttpStatusCode.BadRequest, "note");
        await prescriber.PostJson($"/api/v1/alerts/{alertId}/resolve", new { action = "ignored", note = "x" }).ExpectProblem(HttpStatusCode.BadRequest, "action");
        var resolved = await prescriber.PostJson($"/api/v1/alerts/{alertId}/resolve",
            new { action = "naloxone-given", note = "Talked with the patient; naloxone kit given; dose reviewed." }).Expect(HttpStatusCode.OK);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        await prescriber.PostJson($"/api/v1/alerts/{alertId}/resolve", new { action = "other", note = "again" }).ExpectProblem(HttpStatusCode.Conflict);

        var after = await prescriber.GetAsync("/api/v1/worklist?siteId=1").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(after.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("id").GetGuid() == alertId);
        var history = await prescriber.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK);
        Assert.Equal("naloxone-given", history.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == alertId).GetProperty("action").GetString());

        // Another site's staff do not see it or act on it.
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await east.PostJson($"/api/v1/alerts/{alertId}/acknowledge", new { }).ExpectProblem(HttpStatusCode.NotFound);
        await east.GetAsync("/api/v1/worklist?siteId=1").ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Methadone_without_eddp_is_flagged_as_possible_diversion()
    {
        var (patient, _) = await PatientOnMethadoneAsync();
        using var nurse = await Server.As("nurse");
        var screen = await nurse.PostJson($"/api/v1/patients/{patient}/screens", Cup(("methadone", "positive"), ("eddp", "negative"), ("fentanyl", "negative")))
            .Expect(HttpStatusCode.Created);
        Assert.True(screen.GetProperty("possibleDiversion").GetBoolean());
        var alerts = await nurse.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK);
        Assert.Equal("possible-diversion", alerts.EnumerateArray().Single().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Results_are_checked_field_by_field_and_recorded_once()
    {
        var (patient, _) = await PatientOnMethadoneAsync();
        using var nurse = await Server.As("nurse");
        await nurse.PostJson($"/api/v1/patients/{patient}/screens", Cup(("heroin", "positive"))).ExpectProblem(HttpStatusCode.BadRequest, "results.analytes.heroin");
        await nurse.PostJson($"/api/v1/patients/{patient}/screens", Cup(("fentanyl", "maybe"))).ExpectProblem(HttpStatusCode.BadRequest, "results.analytes.fentanyl");
        await nurse.PostJson($"/api/v1/patients/{patient}/screens", new { specimen = "hair" }).ExpectProblem(HttpStatusCode.BadRequest, "specimen");

        var ordered = await nurse.PostJson($"/api/v1/patients/{patient}/screens", new { reason = "for-cause" }).Expect(HttpStatusCode.Created);
        Assert.Equal("ordered", ordered.GetProperty("status").GetString());
        var url = $"/api/v1/patients/{patient}/screens/{ordered.GetProperty("id").GetGuid()}/results";
        await nurse.PostJson(url, new { ph = 15, analytes = new { fentanyl = "negative" } }).ExpectProblem(HttpStatusCode.BadRequest, "ph");
        await nurse.PostJson(url, new { accession = "A1", analytes = new { fentanyl = "negative" } }).ExpectProblem(HttpStatusCode.BadRequest, "lab");
        var dilute = await nurse.PostJson(url, new { creatinineMgPerDl = 10, specificGravity = 1.002, analytes = new { fentanyl = "negative", methadone = "negative", eddp = "negative" } })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("dilute", dilute.GetProperty("validity").GetString());
        Assert.False(dilute.GetProperty("opioidNegative").GetBoolean());
        Assert.False(dilute.GetProperty("possibleDiversion").GetBoolean());
        await nurse.PostJson(url, new { analytes = new { fentanyl = "negative" } }).ExpectProblem(HttpStatusCode.Conflict);

        using var counselor = await Server.As("counselor");
        await counselor.PostJson(url, new { analytes = new { fentanyl = "negative" } }).ExpectProblem(HttpStatusCode.Forbidden);
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await east.GetAsync($"/api/v1/patients/{patient}/screens").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_lab_file_with_bad_rows_imports_nothing_and_names_every_row()
    {
        var (patient, mrn) = await PatientOnMethadoneAsync();
        var accession = "ACC-" + Guid.NewGuid().ToString("N")[..8];
        var at = DateTimeOffset.Now.AddHours(-3).ToString("yyyy-MM-ddTHH:mm:sszzz");
        var csv = new StringBuilder()
            .AppendLine("mrn,collected_at,specimen,observed,lab,accession,temperature_c,fentanyl,6-mam,methadone,eddp")
            .AppendLine($"{mrn},{at},urine,yes,Quest,{accession},34,positive,negative,positive,positive")
            .AppendLine($"MS-0000000-0,{at},urine,yes,Quest,{accession}-2,34,negative,negative,positive,positive")
            .AppendLine($"{mrn},yesterday,urine,yes,Quest,{accession}-3,34,negative,negative,positive,positive")
            .AppendLine($"{mrn},{at},blood,yes,Quest,{accession}-4,34,negative,negative,positive,positive")
            .AppendLine($"{mrn},{at},urine,maybe,Quest,{accession}-5,hot,negative,negative,positive,positive")
            .AppendLine($"{mrn},{at},urine,yes,Quest,{accession}-6,34,pos,weird,positive,positive")
            .AppendLine($"{mrn},{at},urine,yes,Quest,{accession},34,negative,negative,positive,positive")
            .AppendLine($"{mrn},{at},urine")
            .AppendLine($"{mrn},\"{at},urine,yes,Quest,x,34,negative,negative,positive,positive")
            .ToString();
        var before = await CountAsync(patient);
        using var nurse = await Server.As("nurse");
        var problem = await nurse.PostAsync("/api/v1/screens/import", new StringContent(csv, Encoding.UTF8, "text/csv"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        var report = problem.GetProperty("report");
        Assert.False(report.GetProperty("imported").GetBoolean());
        var lines = report.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("line").GetInt32());
        string Reasons(int line) => string.Join(" ", lines[line].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("imported", lines[2].GetProperty("outcome").GetString());
        Assert.Contains("No patient with MRN", Reasons(3), StringComparison.Ordinal);
        Assert.Contains("collected_at", Reasons(4), StringComparison.Ordinal);
        Assert.Contains("specimen", Reasons(5), StringComparison.Ordinal);
        Assert.Contains("observed", Reasons(6), StringComparison.Ordinal);
        Assert.Contains("temperature_c", Reasons(6), StringComparison.Ordinal);
        Assert.Contains("6-mam", Reasons(7), StringComparison.Ordinal);
        Assert.Contains("twice in the file", Reasons(8), StringComparison.Ordinal);
        Assert.Contains("cells", Reasons(9), StringComparison.Ordinal);
        Assert.Contains("quoted field", Reasons(10), StringComparison.Ordinal);
        Assert.Equal(8, report.GetProperty("rejected").GetInt32());
        Assert.Equal(before, await CountAsync(patient));

        var good = new StringBuilder()
            .AppendLine("mrn,collected_at,lab,accession,fentanyl,methadone,eddp")
            .AppendLine($"{mrn},{at},Quest,{accession},positive,positive,positive")
            .ToString();
        var dry = await nurse.PostAsync("/api/v1/screens/import?dryRun=true", new StringContent(good, Encoding.UTF8, "text/csv")).Expect(HttpStatusCode.OK);
        Assert.Equal((true, false, 1), (dry.GetProperty("dryRun").GetBoolean(), dry.GetProperty("imported").GetBoolean(), dry.GetProperty("accepted").GetInt32()));
        Assert.Equal(before, await CountAsync(patient));

        var imported = await nurse.PostAsync("/api/v1/screens/import", new StringContent(good, Encoding.UTF8, "text/csv")).Expect(HttpStatusCode.OK);
        Assert.True(imported.GetProperty("imported").GetBoolean());
        Assert.Equal(before + 1, await CountAsync(patient));
        var alerts = await nurse.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK);
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "fentanyl-positive");

        // The same file again: the accession is skipped, nothing doubles.
        var again = await nurse.PostAsync("/api/v1/screens/import", new StringContent(good, Encoding.UTF8, "text/csv")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, again.GetProperty("skipped").GetInt32());
        Assert.Equal(before + 1, await CountAsync(patient));

        // A new file sent four times at the same moment (a retry, a second tab): its accession is recorded once; a send that
        // overlapped the first is refused (409), one after it skips the accession; none fails with a 500.
        var fresh = good.Replace(accession, accession + "-R", StringComparison.Ordinal);
        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => nurse.PostAsync("/api/v1/screens/import", new StringContent(fresh, Encoding.UTF8, "text/csv"))));
        Assert.All(sent, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(sent, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(before + 2, await CountAsync(patient));

        await nurse.PostAsync("/api/v1/screens/import", new StringContent("mrn,collected_at,heroin\n", Encoding.UTF8, "text/csv"))
            .ExpectProblem(HttpStatusCode.BadRequest, "header");
        await nurse.PostAsync("/api/v1/screens/import", new StringContent("{}", Encoding.UTF8, "application/json")).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_overdose_raises_a_danger_alert_and_brings_the_plan_review_forward_and_kits_are_checked()
    {
        var (patient, _) = await PatientOnMethadoneAsync(order: false);
        using var nurse = await Server.As("nurse");
        var expired = DateTime.Now.AddDays(-1).ToString("yyyy-MM-dd");
        await nurse.PostJson($"/api/v1/patients/{patient}/naloxone-kits", new { product = "nasal-4mg", quantity = 2, lot = "NX1", expiresOn = expired })
            .ExpectProblem(HttpStatusCode.BadRequest, "expiresOn");
        await nurse.PostJson($"/api/v1/patients/{patient}/naloxone-kits", new { product = "pill", quantity = 0 }).ExpectProblem(HttpStatusCode.BadRequest, "product");
        var kit = await nurse.PostJson($"/api/v1/patients/{patient}/naloxone-kits",
            new { product = "nasal-4mg", quantity = 2, lot = "NX1", expiresOn = DateTime.Now.AddYears(2).ToString("yyyy-MM-dd"), recipient = "family", educationGiven = true })
            .Expect(HttpStatusCode.Created);
        Assert.Equal("family", kit.GetProperty("recipient").GetString());

        await nurse.PostJson($"/api/v1/patients/{patient}/overdoses", new { occurredOn = DateTime.Now.AddDays(1).ToString("yyyy-MM-dd") })
            .ExpectProblem(HttpStatusCode.BadRequest, "occurredOn");
        await nurse.PostJson($"/api/v1/patients/{patient}/overdoses", new { occurredOn = Today, fatal = true, reversedBy = "ems" })
            .ExpectProblem(HttpStatusCode.BadRequest, "reversedBy");
        await nurse.PostJson($"/api/v1/patients/{patient}/overdoses",
            new { occurredOn = Today, naloxoneUsed = true, reversedBy = "family", hospital = true, hospitalName = "General", substances = "fentanyl" })
            .Expect(HttpStatusCode.Created);
        var record = await nurse.GetAsync($"/api/v1/patients/{patient}/naloxone").Expect(HttpStatusCode.OK);
        Assert.True(record.GetProperty("hasUnexpiredKit").GetBoolean());
        Assert.Equal(Today, record.GetProperty("lastOverdose").GetString());
        var alert = (await nurse.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK)).EnumerateArray().Single();
        Assert.Equal(("overdose", "danger"), (alert.GetProperty("kind").GetString(), alert.GetProperty("severity").GetString()));
        Assert.Contains("still at hand", alert.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_missed_dose_check_raises_one_alert_per_run_of_missed_days()
    {
        var (patient, _) = await PatientOnMethadoneAsync();
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var order = await db.MedicationOrders.SingleAsync(o => o.PatientId == patient);
            order.StartDate = DateOnly.FromDateTime(DateTime.Now).AddDays(-6);
            await db.SaveChangesAsync();
        }

        using var counselor = await Server.As("counselor");
        await counselor.PostAsync("/api/v1/alerts/missed-dose-check?siteId=1", null).ExpectProblem(HttpStatusCode.Forbidden);
        using var nurse = await Server.As("nurse");
        await nurse.PostAsync("/api/v1/alerts/missed-dose-check", null).ExpectProblem(HttpStatusCode.BadRequest, "siteId");
        await nurse.PostAsync("/api/v1/alerts/missed-dose-check?siteId=1", null).Expect(HttpStatusCode.OK);
        await nurse.PostAsync("/api/v1/alerts/missed-dose-check?siteId=1", null).Expect(HttpStatusCode.OK);
        var alerts = (await nurse.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        var missed = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "missed-doses");
        Assert.Equal("danger", missed.GetProperty("severity").GetString());
        Assert.StartsWith("6 consecutive missed methadone doses", missed.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ending_withdrawal_without_medication_raises_a_tolerance_loss_alert_and_a_concern_can_be_raised_by_hand()
    {
        var (patient, _) = await PatientOnMethadoneAsync(order: false);
        using var nurse = await Server.As("nurse");
        var episode = await nurse.PostJson($"/api/v1/patients/{patient}/withdrawal-episodes", new { setting = "inpatient", protocol = "symptom-managed" })
            .Expect(HttpStatusCode.Created);
        await nurse.PostJson($"/api/v1/patients/{patient}/withdrawal-episodes/{episode.GetProperty("id").GetGuid()}/end", new { reason = "completed", onMaintenance = false })
            .Expect(HttpStatusCode.OK);
        await nurse.PostJson($"/api/v1/patients/{patient}/alerts", new { reason = "" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        await nurse.PostJson($"/api/v1/patients/{patient}/alerts", new { reason = "Smelled of alcohol at the window.", ownerRole = "counselor" }).Expect(HttpStatusCode.Created);
        var kinds = (await nurse.GetAsync($"/api/v1/patients/{patient}/alerts").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Select(a => a.GetProperty("kind").GetString()).Order().ToList();
        Assert.Equal(["concern", "tolerance-loss"], kinds);
    }

    private async Task<int> CountAsync(Guid patient)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MainstayDb>().DrugScreens.CountAsync(s => s.PatientId == patient);
    }
}

public sealed class RecoveryApiOnSqlite(SqliteClinic fixture) : RecoveryApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class RecoveryApiOnPostgres(PostgresClinic fixture) : RecoveryApiTests(fixture), IClassFixture<PostgresClinic>;
