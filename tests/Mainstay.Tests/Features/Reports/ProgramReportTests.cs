using System.Net;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Reports;

/// <summary>The program dashboard over HTTP: every figure present, counts that agree with the records, CSV per figure.</summary>
public abstract class ProgramReportTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    [Fact]
    public async Task The_dashboard_counts_agree_with_the_records_and_every_figure_downloads_as_CSV()
    {
        using var director = await Server.As("director");
        List<Guid> inCare;
        await using (var setup = Server.Services.CreateAsyncScope())
        {
            // Signed plans: two of patients in treatment (one review due in a month, one overdue), one of a patient without
            // an open episode, whose plan is no longer reviewed and is not counted.
            var setupDb = setup.ServiceProvider.GetRequiredService<MainstayDb>();
            // (The demo's own plans are counted too; these go to patients who have none.)
            var withPlan = setupDb.TreatmentPlans.Select(p => p.PatientId);
            inCare = await setupDb.TreatmentEpisodes.Where(e => e.SiteId == 1 && e.DischargedAt == null && !withPlan.Contains(e.PatientId))
                .Select(e => e.PatientId).Distinct().OrderBy(p => p).Take(2).ToListAsync();
            var notInCare = await setupDb.Patients.Where(p => p.SiteId == 1 && !withPlan.Contains(p.Id) && !setupDb.TreatmentEpisodes.Any(e => e.PatientId == p.Id && e.DischargedAt == null))
                .OrderBy(p => p.Mrn).Select(p => p.Id).FirstAsync();
            var day = DateOnly.FromDateTime(DateTime.Now);
            foreach (var (patient, review) in new[] { (inCare[0], day.AddDays(30)), (inCare[1], day.AddDays(-3)), (notInCare, day.AddDays(-3)) })
            {
                setupDb.TreatmentPlans.Add(new Mainstay.Features.Plans.TreatmentPlan
                {
                    Id = Guid.NewGuid(),
                    PatientId = patient,
                    SiteId = 1,
                    Status = Mainstay.Features.Plans.PlanStatus.Signed,
                    Version = 1,
                    Content = "{}",
                    StartsOn = day.AddDays(-60),
                    CreatedAt = DateTimeOffset.UtcNow,
                    UpdatedAt = DateTimeOffset.UtcNow,
                    SignedAt = DateTimeOffset.UtcNow,
                    NextReviewOn = review,
                });
            }

            await setupDb.SaveChangesAsync();
        }

        var dashboard = await director.GetAsync("/api/v1/reports/program?siteId=1").Expect(HttpStatusCode.OK);
        var keys = dashboard.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("key").GetString()).ToList();
        Assert.Equal(["census", "flow", "discharge-reasons", "coverage", "first-dose", "screens", "overdoses", "no-shows", "plan-reviews"], keys);

        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var inTreatment = await db.TreatmentEpisodes.Where(e => e.SiteId == 1 && e.DischargedAt == null).Select(e => e.PatientId).Distinct().CountAsync();
        var headline = dashboard.GetProperty("headlines").EnumerateArray().Single(h => h.GetProperty("label").GetString() == "in treatment");
        Assert.Equal(inTreatment.ToString(System.Globalization.CultureInfo.InvariantCulture), headline.GetProperty("value").GetString());
        var census = dashboard.GetProperty("figures")[0];
        Assert.Equal(inTreatment, census.GetProperty("rows").EnumerateArray().Sum(r => int.Parse(r[2].GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("<svg", census.GetProperty("svg").GetString(), StringComparison.Ordinal);

        // No-shows agree with the attendance marks of the last 12 weeks (cancelled and excused left out).
        var noShows = dashboard.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "no-shows");
        var from = DateTimeOffset.UtcNow.AddDays(-84 - 7);
        var marks = await db.SessionAttendance.Where(a => a.SiteId == 1 && a.Mark == "no-show").Select(a => a.SessionStartsAt).ToListAsync();
        var reported = noShows.GetProperty("rows").EnumerateArray().Sum(r => int.Parse(r[2].GetString()!, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(r[4].GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(reported >= 2, "the demo's evening group has a member who missed twice");
        Assert.True(reported <= marks.Count(m => m >= from));

        // The weekly and monthly figures are counted by the database in buckets at the clinic's local midnights: their
        // totals equal the records of the whole span counted here.
        int Total(string key, int column) => dashboard.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key)
            .GetProperty("rows").EnumerateArray().Sum(r => int.Parse(r[column].GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var zone = TimeZoneInfo.Local;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var (weeksFrom, weeksTo) = (Mainstay.Web.Dates.LocalMidnightUtc(monday.AddDays(-77), zone), Mainstay.Web.Dates.LocalMidnightUtc(monday.AddDays(7), zone));
        var admitted = await db.TreatmentEpisodes.Where(e => e.SiteId == 1).Select(e => e.AdmittedAt).ToListAsync();
        Assert.Equal(admitted.Count(a => a >= weeksFrom && a < weeksTo), Total("flow", 1));
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var (monthsFrom, monthsTo) = (Mainstay.Web.Dates.LocalMidnightUtc(firstMonth, zone), Mainstay.Web.Dates.LocalMidnightUtc(firstMonth.AddMonths(12), zone));
        var resulted = await db.DrugScreens.Where(x => x.SiteId == 1 && x.ResultedAt != null).Select(x => new { At = x.CollectedAt ?? x.ResultedAt!.Value, x.OpioidNegative }).ToListAsync();
        var inSpan = resulted.Where(x => x.At >= monthsFrom && x.At < monthsTo).ToList();
        Assert.True(inSpan.Count > 0, "the demo has a year of urine screens");
        Assert.Equal(inSpan.Count, Total("screens", 1));
        Assert.Equal(inSpan.Count(x => x.OpioidNegative), Total("screens", 2));

        // Group meetings' marks and the individual sessions' apart, exactly: counted here from the marks of the twelve weeks.
        var expectedMarks = await (from a in db.SessionAttendance
                                   join x in db.CounselingSessions on a.SessionId equals x.Id
                                   where a.SiteId == 1 && (a.Mark == "attended" || a.Mark == "late" || a.Mark == "no-show")
                                   select new { a.SessionStartsAt, a.Mark, Group = x.GroupId != null }).ToListAsync();
        var inWeeks = expectedMarks.Where(m => m.SessionStartsAt >= weeksFrom && m.SessionStartsAt < weeksTo).ToList();
        Assert.Contains(inWeeks, m => m.Group);
        Assert.Equal(inWeeks.Count(m => !m.Group), Total("no-shows", 1));
        Assert.Equal(inWeeks.Count(m => !m.Group && m.Mark == "no-show"), Total("no-shows", 2));
        Assert.Equal(inWeeks.Count(m => m.Group), Total("no-shows", 3));
        Assert.Equal(inWeeks.Count(m => m.Group && m.Mark == "no-show"), Total("no-shows", 4));

        // Plan reviews: the signed plans of the site's patients with an open episode there, on time when the next review has not passed.
        var openHere = await db.TreatmentEpisodes.Where(e => e.SiteId == 1 && e.DischargedAt == null).Select(e => e.PatientId).Distinct().ToListAsync();
        var signed = (await db.TreatmentPlans.Where(p => p.SiteId == 1 && p.Status == Mainstay.Features.Plans.PlanStatus.Signed).Select(p => new { p.PatientId, p.NextReviewOn }).ToListAsync())
            .Where(p => openHere.Contains(p.PatientId)).ToList();
        Assert.Contains(signed, p => p.PatientId == inCare[0]);
        Assert.Contains(signed, p => p.NextReviewOn is { } due && due < today);
        Assert.Equal(signed.Count, Total("plan-reviews", 1));
        Assert.Equal(signed.Count(p => p.NextReviewOn is null || p.NextReviewOn >= today), Total("plan-reviews", 2));

        foreach (var key in keys)
        {
            using var response = await director.GetAsync($"/api/v1/reports/program?siteId=1&figure={key}&format=csv");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        }

        await director.GetAsync("/api/v1/reports/program?figure=nope&format=csv").ExpectProblem(HttpStatusCode.BadRequest, "figure");
        using var auditor = await Server.As("auditor");
        await auditor.GetAsync("/api/v1/reports/program").ExpectStatus(HttpStatusCode.Forbidden);
        using var east = await Server.As("nurse.east", "nurse-east-demo-2026");
        await east.GetAsync("/api/v1/reports/program?siteId=1").ExpectStatus(HttpStatusCode.Forbidden);
    }
}

public sealed class ProgramReportOnSqlite(SqliteClinic fixture) : ProgramReportTests(fixture), IClassFixture<SqliteClinic>;

public sealed class ProgramReportOnPostgres(PostgresClinic fixture) : ProgramReportTests(fixture), IClassFixture<PostgresClinic>;
