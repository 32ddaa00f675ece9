using System.Net;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Reports;

/// <summary>The retention report over HTTP on a known dosing history (<see cref="DoseHistory"/>), on SQLite and PostgreSQL.</summary>
public abstract class RetentionReportTests(TestDatabase database)
{
    [Fact]
    public async Task Retention_follows_the_doses_and_matches_the_hand_worked_curve()
    {
        await using var server = await ClinicServer.StartAsync(database);
        await DoseHistory.SeedAsync(server, "Retention");
        using var director = await server.As("director");
        var report = await director.GetAsync("/api/v1/reports/retention").Expect(HttpStatusCode.OK);

        // All patients: the demo clinic's week of doses is censored before day 10; then Cy leaves at day 10 (3 at risk) and
        // Ben at day 49 (2 at risk): 2/3, then 1/3; Ada is still in treatment at day 200.
        var all = report.GetProperty("byMedication").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "All patients");
        var steps = all.GetProperty("curve").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal([10.0, 49.0], steps.Select(s => s.GetProperty("time").GetDouble()));
        Assert.Equal(2.0 / 3, steps[0].GetProperty("survival").GetDouble(), 1e-9);
        Assert.Equal(1.0 / 3, steps[1].GetProperty("survival").GetDouble(), 1e-9);
        Assert.Equal(1.0 / 3, all.GetProperty("at180").GetProperty("survival").GetDouble(), 1e-9);
        Assert.Equal(200, all.GetProperty("curve").GetProperty("lastTime").GetDouble());

        var methadone = report.GetProperty("byMedication").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Methadone");
        Assert.Equal(0.5, methadone.GetProperty("at90").GetProperty("survival").GetDouble(), 1e-9);

        // A shorter gap makes the same history end sooner for nobody here (daily doses), a gap of 0 is refused.
        await director.GetAsync("/api/v1/reports/retention?gapDays=0").ExpectProblem(HttpStatusCode.BadRequest, "gapDays");
        using var east = await server.As("nurse.east", "nurse-east-demo-2026");
        await east.GetAsync("/api/v1/reports/retention?siteId=1").ExpectProblem(HttpStatusCode.Forbidden);
        var eastReport = await east.GetAsync("/api/v1/reports/retention").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(eastReport.GetProperty("bySite").EnumerateArray(), g => g.GetProperty("name").GetString()!.Contains("Downtown", StringComparison.Ordinal));

        using var csv = await director.GetAsync("/api/v1/reports/retention?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,day,at_risk,events,censored,retained,std_error,lower_95,upper_95", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("All patients,49,2,1,0,0.3333", StringComparison.Ordinal));

        using var anonymous = server.Anonymous();
        await anonymous.GetAsync("/api/v1/reports/retention").ExpectProblem(HttpStatusCode.Unauthorized);
    }
}

public sealed class RetentionReportOnSqlite() : RetentionReportTests(TestDatabase.Sqlite);

public sealed class RetentionReportOnPostgres() : RetentionReportTests(TestDatabase.PostgreSql);
