using System.Net;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Access;

/// <summary>
/// The audit report an auditor takes away (ONC 170.315(d)(3)): the trail read oldest or newest first and paged either
/// way, and the same filter exported as a CSV file of every matching event, the export itself audited.
/// </summary>
public abstract class AuditReportTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    [Fact]
    public async Task The_trail_reads_in_either_order_and_exports_every_matching_event_as_CSV()
    {
        using var prescriber = await Server.As("prescriber");
        var patient = (await prescriber.PostJson("/api/v1/patients", new { givenName = "Audra", familyName = "Report" + Guid.NewGuid().ToString("N")[..6], birthDate = "1975-03-03", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        for (var i = 0; i < 6; i++)
        {
            await prescriber.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        }

        using var auditor = await Server.As("auditor");
        var newest = (await auditor.GetAsync($"/api/v1/audit/events?patientId={patient}&limit=500").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.True(newest.Count >= 7, $"{newest.Count} events for the patient");
        Assert.Equal(newest.OrderDescending(), newest);

        var oldest = (await auditor.GetAsync($"/api/v1/audit/events?patientId={patient}&order=oldest&limit=3").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(newest.Order().Take(3), oldest);
        var later = (await auditor.GetAsync($"/api/v1/audit/events?patientId={patient}&order=oldest&after={oldest[^1]}&limit=500").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        // Reading the trail about a patient is itself audited under that patient: the reads since come after.
        Assert.Equal(newest.Order().Skip(3), later.Where(s => s <= newest[0]));

        await auditor.GetAsync("/api/v1/audit/events?order=sideways").ExpectProblem(HttpStatusCode.BadRequest, "order");
        await auditor.GetAsync("/api/v1/audit/events?format=xml").ExpectProblem(HttpStatusCode.BadRequest, "format");
        await auditor.GetAsync("/api/v1/audit/events?after=-1").ExpectProblem(HttpStatusCode.BadRequest, "after");

        using var csv = await auditor.GetAsync($"/api/v1/audit/events?patientId={patient}&order=oldest&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sequence,at_utc,username,role,", lines[0], StringComparison.Ordinal);
        var exported = lines.Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // Every event of the patient up to the export, oldest first, with the export itself at the end.
        Assert.Equal(newest.Order(), exported.Take(newest.Count));
        Assert.Contains(lines.Skip(newest.Count), l => l.Contains(",export,AuditTrail,", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains(patient.ToString(), l, StringComparison.Ordinal));

        using var nurse = await Server.As("nurse");
        await nurse.GetAsync("/api/v1/audit/events?format=csv").ExpectProblem(HttpStatusCode.Forbidden);
    }
}

public sealed class AuditReportOnSqlite(SqliteClinic fixture) : AuditReportTests(fixture), IClassFixture<SqliteClinic>;

public sealed class AuditReportOnPostgres(PostgresClinic fixture) : AuditReportTests(fixture), IClassFixture<PostgresClinic>;
