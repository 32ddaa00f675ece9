using System.Net;
using Mainstay.Clinical.Medication;
using Mainstay.Clinical.Outcomes;
using Mainstay.Data;
using Mainstay.Features.Dosing;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Reports;

/// <summary>The retention report over HTTP on a known dosing history (<see cref="DoseHistory"/>), on SQLite and PostgreSQL.</summary>
public abstract class RetentionReportTests(TestDatabase database)
{
    [Fact]
    public async Task Retention_follows_the_doses_and_matches_the_hand_worked_curve()
    {
        await using var server = await ClinicServer.StartAsync(database);
        var site = await DoseHistory.AddSiteAsync(server, "Retention");
        await DoseHistory.SeedAsync(server, "Retention", site);
        using var director = await server.As("director");
        var report = await director.GetAsync($"/api/v1/reports/retention?siteId={site}").Expect(HttpStatusCode.OK);

        // All patients of the site: Cy leaves at day 10 (3 at risk) and Ben at day 49 (2 at risk): 2/3, then 1/3; Ada is
        // still in treatment at day 200.
        var all = report.GetProperty("byMedication").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "All patients");
        Assert.Equal(3, all.GetProperty("curve").GetProperty("people").GetInt32());
        Assert.Equal(3, report.GetProperty("people").GetInt32()); // everyone once, not once a group
        var steps = all.GetProperty("curve").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal([10.0, 49.0], steps.Select(s => s.GetProperty("time").GetDouble()));
        Assert.Equal(2.0 / 3, steps[0].GetProperty("survival").GetDouble(), 1e-9);
        Assert.Equal(1.0 / 3, steps[1].GetProperty("survival").GetDouble(), 1e-9);
        Assert.Equal(1.0 / 3, all.GetProperty("at180").GetProperty("survival").GetDouble(), 1e-9);
        Assert.Equal(200, all.GetProperty("curve").GetProperty("lastTime").GetDouble());

        // The number at risk beneath the chart: everyone at day 0; Ben and Ada at day 30; Ada alone from day 90 to 200.
        var atRisk = all.GetProperty("numberAtRisk").EnumerateArray().ToList();
        Assert.Equal([0.0, 30, 90, 180, 270, 365], atRisk.Select(r => r.GetProperty("time").GetDouble()));
        Assert.Equal([all.GetProperty("curve").GetProperty("people").GetInt32(), 2, 1, 1, 0, 0], atRisk.Select(r => r.GetProperty("atRisk").GetInt32()));
        Assert.False(all.GetProperty("curve").TryGetProperty("observed", out _));

        var methadone = report.GetProperty("byMedication").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Methadone");
        Assert.Equal(0.5, methadone.GetProperty("at90").GetProperty("survival").GetDouble(), 1e-9);

        // A shorter gap makes the same history end sooner for nobody here (daily doses), a gap of 0 is refused.
        await director.GetAsync("/api/v1/reports/retention?gapDays=0").ExpectProblem(HttpStatusCode.BadRequest, "gapDays");
        using var east = await server.As("nurse.east", "nurse-east-demo-2026");
        await east.GetAsync("/api/v1/reports/retention?siteId=1").ExpectProblem(HttpStatusCode.Forbidden);
        var eastReport = await east.GetAsync("/api/v1/reports/retention").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(eastReport.GetProperty("bySite").EnumerateArray(), g => g.GetProperty("name").GetString()!.Contains("Downtown", StringComparison.Ordinal));

        using var csv = await director.GetAsync($"/api/v1/reports/retention?format=csv&siteId={site}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,day,at_risk,events,censored,retained,std_error,lower_95,upper_95", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("All patients,49,2,1,0,0.3333", StringComparison.Ordinal));

        using var anonymous = server.Anonymous();
        await anonymous.GetAsync("/api/v1/reports/retention").ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_patients_course_stays_what_their_doses_give_after_a_dose_for_an_earlier_day_and_a_voided_one()
    {
        await using var server = await ClinicServer.StartAsync(database);
        var ids = await DoseHistory.SeedAsync(server, "Courses");
        using var director = await server.As("director");
        var today = DateOnly.FromDateTime(DateTime.Now);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            // Ben's doses ended 151 days ago. Doses recorded late for days -120 and -90 leave gaps of 30 and 29 days
            // (-150..-121, -119..-91), neither longer than the limit: his first course now runs to day -90.
            var ben = await db.Dispenses.Where(d => d.PatientId == ids[1]).OrderBy(d => d.DoseDate).FirstAsync();
            foreach (var day in new[] { -120, -90 })
            {
                db.Dispenses.Add(new Dispense
                {
                    Id = Guid.NewGuid(),
                    PatientId = ids[1],
                    SiteId = 1,
                    OrderId = ben.OrderId,
                    LineageId = ben.LineageId,
                    DoseDate = today.AddDays(day),
                    Slot = 1,
                    ClaimedSlot = 1,
                    Medication = Moud.Methadone,
                    OrderedMg = 30,
                    AmountMg = 30,
                    Observed = true,
                    At = DateTimeOffset.UtcNow,
                    Nurse = "late entry",
                });
            }

            await db.SaveChangesAsync();
            // Cy's last dose (day -90) voided as a returned bottle: he now left at day 9.
            var cy = await db.Dispenses.Where(d => d.PatientId == ids[2]).OrderByDescending(d => d.DoseDate).FirstAsync();
            cy.ClaimedSlot = null;
            await db.SaveChangesAsync();
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var doses = (await db.Dispenses.Where(d => d.ClaimedSlot != null).Select(d => new { d.PatientId, d.DoseDate, d.Medication }).ToListAsync())
                .GroupBy(d => d.PatientId).ToDictionary(g => g.Key, g => TreatmentRetention.CourseOf(g.Select(d => new DoseDay(d.DoseDate, d.Medication)))!);
            var courses = await db.RetentionCourses.ToListAsync();
            Assert.Equal(doses.Keys.Order(), courses.Select(c => c.PatientId).Order());
            foreach (var c in courses)
            {
                var expected = doses[c.PatientId];
                Assert.Equal((expected.FirstDay, expected.LastDay, expected.CoveredUntil), (c.FirstDay, c.LastDay, c.CoveredUntil));
                Assert.Equal(expected.Gaps, c.ToCourse().Gaps);
                Assert.Equal(expected.FirstMedication, c.Medication);
            }
        }

        var report = await director.GetAsync("/api/v1/reports/retention").Expect(HttpStatusCode.OK);
        var all = report.GetProperty("byMedication").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "All patients");
        // Cy leaves at day 9 and Ben, with the gap closed, at day 110 (day -90 is his last cover; he left 90 days ago).
        Assert.Equal([9.0, 110.0], all.GetProperty("curve").GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("time").GetDouble()));

        // With a limit of 29 days his first gap (30 days without cover after day 49) is long enough: he left at day 49.
        var shorter = await director.GetAsync("/api/v1/reports/retention?gapDays=29").Expect(HttpStatusCode.OK);
        var times = shorter.GetProperty("byMedication").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "All patients")
            .GetProperty("curve").GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("time").GetDouble()).ToList();
        Assert.Contains(49.0, times);
        Assert.Contains(9.0, times);
        Assert.DoesNotContain(110.0, times);
    }
}

public sealed class RetentionReportOnSqlite() : RetentionReportTests(TestDatabase.Sqlite);

public sealed class RetentionReportOnPostgres() : RetentionReportTests(TestDatabase.PostgreSql);
