using System.Net;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Access;

/// <summary>
/// Break-the-glass: a nurse of the East site opens a Downtown chart in an emergency only by giving a reason; she may read
/// it, not change it; each read is audited with purpose "emergency"; the privacy officer reviews the access once.
/// </summary>
public abstract class EmergencyAccessTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private const string Reason = "Guest patient unresponsive at our window; EMS asking for current methadone dose.";

    private async Task<(Guid Id, string Mrn)> DowntownPatientAsync()
    {
        using var intake = await Server.As("intake");
        var p = await intake.PostJson("/api/v1/patients", new
        {
            givenName = "Glass",
            familyName = "Break" + Guid.NewGuid().ToString("N")[..6],
            birthDate = "1979-09-09",
            sexAtBirth = "male",
            siteId = 1,
        }).Expect(HttpStatusCode.Created);
        return (p.GetProperty("id").GetGuid(), p.GetProperty("mrn").GetString()!);
    }

    [Fact]
    public async Task A_clinician_of_another_site_reads_a_chart_only_after_giving_a_reason_and_every_read_is_flagged()
    {
        var (id, mrn) = await DowntownPatientAsync();
        using var east = await Server.As("nurse.east");
        await east.GetAsync($"/api/v1/patients/{id}").ExpectProblem(HttpStatusCode.NotFound);

        await east.PostJson("/api/v1/emergency-access", new { mrn, reason = "need it" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        await east.PostJson("/api/v1/emergency-access", new { mrn = "MS-0000000-0", reason = Reason }).ExpectProblem(HttpStatusCode.NotFound);
        var grant = await east.PostJson("/api/v1/emergency-access", new { mrn, reason = Reason }).Expect(HttpStatusCode.Created);
        Assert.Equal(id, grant.GetProperty("patientId").GetGuid());
        var until = grant.GetProperty("until").GetDateTimeOffset();
        Assert.InRange(until - grant.GetProperty("at").GetDateTimeOffset(), TimeSpan.FromHours(4), TimeSpan.FromHours(4));

        var chart = await east.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(mrn, chart.GetProperty("mrn").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKindOf(chart, "emergencyAccessUntil"));
        var page = await (await east.GetAsync($"/patients/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("emergency access", page);

        // Read only: a change still needs a grant of the patient's site.
        await east.PatchJson($"/api/v1/patients/{id}", new { phone = "937-555-0100" }).ExpectProblem(HttpStatusCode.NotFound);

        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var key = id.ToString();
        var reads = await db.AuditEvents.AsNoTracking().Where(a => a.PatientId == id && a.Username == "nurse.east").ToListAsync();
        Assert.Contains(reads, a => a.Action == "emergency-access" && a.Purpose == "emergency" && a.Detail!.Contains(Reason));
        Assert.True(reads.Count(a => a.Action == "read" && a.ResourceId == key && a.Purpose == "emergency") >= 2);
    }

    [Fact]
    public async Task Emergency_access_is_refused_to_non_clinical_roles_and_to_a_chart_already_at_your_sites()
    {
        var (_, mrn) = await DowntownPatientAsync();
        using var nurse = await Server.As("nurse");
        var refused = await nurse.PostJson("/api/v1/emergency-access", new { mrn, reason = Reason }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("open the chart as usual", refused.GetProperty("detail").GetString());
        using var admin = await Server.As("admin");
        await admin.PostJson("/api/v1/emergency-access", new { mrn, reason = Reason }).ExpectProblem(HttpStatusCode.Forbidden);
        using var patient = await Server.As("patient");
        await patient.PostJson("/api/v1/emergency-access", new { mrn, reason = Reason }).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_privacy_officer_reviews_each_emergency_access_once_with_a_note_when_not_justified()
    {
        var (_, mrn) = await DowntownPatientAsync();
        using var east = await Server.As("nurse.east");
        var grant = await east.PostJson("/api/v1/emergency-access", new { mrn, reason = Reason }).Expect(HttpStatusCode.Created);
        var id = grant.GetProperty("id").GetGuid();
        await east.GetAsync("/api/v1/emergency-access").ExpectProblem(HttpStatusCode.Forbidden);

        using var auditor = await Server.As("auditor");
        var waiting = await auditor.GetAsync("/api/v1/emergency-access?unreviewed=true").Expect(HttpStatusCode.OK);
        Assert.Contains(waiting.EnumerateArray(), e => e.GetProperty("id").GetGuid() == id && e.GetProperty("reason").GetString() == Reason);
        var page = await (await auditor.GetAsync("/audit/emergency-access")).Content.ReadAsStringAsync();
        Assert.Contains(mrn, page);

        await auditor.PostJson($"/api/v1/emergency-access/{id}/review", new { justified = false }).ExpectProblem(HttpStatusCode.BadRequest, "note");
        var reviewed = await auditor.PostJson($"/api/v1/emergency-access/{id}/review", new { justified = false, note = "No EMS call logged; referred to the program director." })
            .Expect(HttpStatusCode.OK);
        Assert.False(reviewed.GetProperty("justified").GetBoolean());
        Assert.Equal("auditor", reviewed.GetProperty("reviewedBy").GetString());
        await auditor.PostJson($"/api/v1/emergency-access/{id}/review", new { justified = true }).ExpectProblem(HttpStatusCode.Conflict);
        var after = await auditor.GetAsync("/api/v1/emergency-access?unreviewed=true").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(after.EnumerateArray(), e => e.GetProperty("id").GetGuid() == id);
    }

    private static System.Text.Json.JsonValueKind JsonValueKindOf(System.Text.Json.JsonElement e, string property) =>
        e.TryGetProperty(property, out var p) ? p.ValueKind : System.Text.Json.JsonValueKind.Undefined;
}

public sealed class EmergencyAccessOnSqlite(SqliteClinic fixture) : EmergencyAccessTests(fixture), IClassFixture<SqliteClinic>;

public sealed class EmergencyAccessOnPostgres(PostgresClinic fixture) : EmergencyAccessTests(fixture), IClassFixture<PostgresClinic>;
