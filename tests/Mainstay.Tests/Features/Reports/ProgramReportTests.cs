using System.Net;
using System.Text.Json;
using Mainstay.Data;
using Mainstay.Features.Reports;
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

    [Fact]
    public async Task The_monthly_report_counts_last_month_as_it_stood_at_its_end()
    {
        var zone = TimeZoneInfo.Local;
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var (start, end) = (Mainstay.Web.Dates.LocalMidnightUtc(month, zone), Mainstay.Web.Dates.LocalMidnightUtc(month.AddMonths(1), zone));
        var monthName = month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var lastDay = month.AddMonths(1).AddDays(-1);
        // A person in residential care whose intake assessment, completed in the month, found opioid use disorder: counted
        // among the people with OUD, though not at a medication level of care, and not on medication.
        using var prescriber = await Server.As("prescriber");
        var residential = (await prescriber.PostJson("/api/v1/patients", new { givenName = "Oud", familyName = "Residential", birthDate = "1985-05-05", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var draft = (await prescriber.PostJson($"/api/v1/patients/{residential}/assessments", new { }).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await prescriber.PutAsync($"/api/v1/patients/{residential}/assessments/{draft}", System.Net.Http.Json.JsonContent.Create(new
        {
            history = new { substances = new object[] { new { substance = "heroin", routes = new[] { "injection" }, frequency = "daily" } } },
            asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 2, readinessToChange = 2, relapsePotential = 3, recoveryEnvironment = 3 },
            instruments = new Dictionary<string, object> { ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) } },
        })).Expect(HttpStatusCode.OK);
        await prescriber.PostAsync($"/api/v1/patients/{residential}/assessments/{draft}/complete", null).Expect(HttpStatusCode.OK);
        Guid patient;
        await using (var setup = Server.Services.CreateAsyncScope())
        {
            // A patient out of treatment today who was in it when the month ended: admitted in it, discharged since, with a
            // methadone order signed in the month and stopped at the discharge, and a plan signed in the month.
            var db = setup.ServiceProvider.GetRequiredService<MainstayDb>();
            patient = await db.Patients.Where(p => p.SiteId == 1 && !db.TreatmentEpisodes.Any(e => e.PatientId == p.Id && e.DischargedAt == null)
                    && !db.TreatmentPlans.Any(x => x.PatientId == p.Id))
                .OrderBy(p => p.Mrn).Select(p => p.Id).FirstAsync();
            var since = end + ((now - end) / 2); // between the month's end and now
            Mainstay.Features.Admissions.TreatmentEpisode Episode(Guid who, Mainstay.Features.Admissions.LevelOfCare level, DateTimeOffset admitted) =>
                new() { Id = Guid.NewGuid(), PatientId = who, SiteId = 1, LevelOfCare = level, PlannedMedication = Mainstay.Features.Admissions.PreferredMedication.Undecided, AdmittedAt = admitted, AdmittedBy = "intake" };
            var discharged = Episode(patient, Mainstay.Features.Admissions.LevelOfCare.OpioidTreatmentProgram, start.AddHours(12));
            (discharged.DischargedAt, discharged.DischargeReason, discharged.TedsReason, discharged.DischargedBy) = (since, "transferred", 2, "counselor");
            db.TreatmentEpisodes.Add(discharged);
            db.MedicationOrders.Add(new Mainstay.Features.Orders.MedicationOrder
            {
                Id = Guid.NewGuid(),
                PatientId = patient,
                SiteId = 1,
                LineageId = Guid.NewGuid(),
                Version = 1,
                Medication = Mainstay.Clinical.Medication.Moud.Methadone,
                DoseMg = 30,
                Schedule = "daily",
                StartDate = month.AddDays(1),
                Status = Mainstay.Features.Orders.OrderStatus.Discontinued,
                Prescriber = "prescriber",
                Findings = "[]",
                CreatedAt = start.AddDays(1),
                // Stopped with its stop date and no time kept, as the CTN-0094 import writes a trial's orders.
                StopDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(since, zone).DateTime),
            });
            var plan = Guid.NewGuid();
            db.TreatmentPlans.Add(new Mainstay.Features.Plans.TreatmentPlan
            {
                Id = plan,
                PatientId = patient,
                SiteId = 1,
                Status = Mainstay.Features.Plans.PlanStatus.Signed,
                Version = 1,
                Content = "[]",
                StartsOn = month.AddDays(1),
                CreatedAt = start.AddDays(1),
                UpdatedAt = start.AddDays(1),
                SignedAt = start.AddDays(1),
                // Today's date is one in the month (as bringing a review forward sets), which the month's end has passed; the
                // record of the month is the rule's first review, 30 days after signing, which it had not.
                NextReviewOn = month.AddDays(5),
            });
            db.TreatmentPlanVersions.Add(new Mainstay.Features.Plans.TreatmentPlanVersion { PlanId = plan, PatientId = patient, SiteId = 1, Version = 1, Content = "[]", SignedAt = start.AddDays(1) });
            db.TreatmentEpisodes.Add(Episode(residential, Mainstay.Features.Admissions.LevelOfCare.Residential, start.AddDays(2)));
            var assessment = await db.Assessments.SingleAsync(a => a.Id == draft);
            assessment.CompletedAt = start.AddDays(3);
            await db.SaveChangesAsync();
        }

        using var director = await Server.As("director");
        var report = await director.GetAsync($"/api/v1/reports/program?siteId=1&month={month:yyyy-MM}").Expect(HttpStatusCode.OK);
        Assert.Equal($"{month:yyyy-MM-dd}", report.GetProperty("month").GetString());
        Assert.Equal($"{lastDay:yyyy-MM-dd}", report.GetProperty("today").GetString());
        string Headline(string label) => report.GetProperty("headlines").EnumerateArray().Single(h => h.GetProperty("label").GetString() == label).GetProperty("value").GetString()!;
        JsonElement Figure(string key) => report.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key);
        int Total(string key, int column) => Figure(key).GetProperty("rows").EnumerateArray().Sum(r => int.Parse(r[column].GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await using var scope = Server.Services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var episodes = await records.TreatmentEpisodes.Where(e => e.SiteId == 1).Select(e => new { e.PatientId, e.LevelOfCare, e.AdmittedAt, e.DischargedAt }).ToListAsync();

        // In treatment when the month ended: admitted before it and not discharged until after it.
        var openThen = episodes.Where(e => e.AdmittedAt < end && (e.DischargedAt is null || e.DischargedAt >= end)).ToList();
        Assert.Contains(openThen, e => e.PatientId == patient);
        Assert.Equal(Text(openThen.Select(e => e.PatientId).Distinct().Count()), Headline("in treatment"));
        Assert.Equal(openThen.Count, Total("census", 2));
        Assert.Equal(Text(episodes.Count(e => e.AdmittedAt >= start && e.AdmittedAt < end)), Headline($"admitted in {monthName}"));

        // The twelve weeks to the month's last day, the last cut at its end.
        var monday = lastDay.AddDays(-(((int)lastDay.DayOfWeek + 6) % 7));
        var weeksFrom = Mainstay.Web.Dates.LocalMidnightUtc(monday.AddDays(-77), zone);
        Assert.Equal(episodes.Count(e => e.AdmittedAt >= weeksFrom && e.AdmittedAt < end), Total("flow", 1));
        Assert.Equal(episodes.Count(e => e.DischargedAt >= weeksFrom && e.DischargedAt < end), Total("flow", 2));
        Assert.Equal($"{monday:yyyy-MM-dd}", Figure("flow").GetProperty("rows")[11][0].GetString());

        // Coverage: the orders in force at the month's end (signed before it, not stopped or replaced until after it).
        // (An order stopped with no time kept, as the CTN-0094 import writes them, by its stop date.)
        var orders = await records.MedicationOrders.Select(o => new { o.PatientId, o.Medication, o.Status, o.CreatedAt, o.StatusChangedAt, o.StopDate }).ToListAsync();
        var inForce = orders.Where(o => o.CreatedAt < end && (o.Status is Mainstay.Features.Orders.OrderStatus.Active or Mainstay.Features.Orders.OrderStatus.Held
            || (o.Status is Mainstay.Features.Orders.OrderStatus.Superseded or Mainstay.Features.Orders.OrderStatus.Discontinued
                && (o.StatusChangedAt >= end || (o.StatusChangedAt is null && o.StopDate >= lastDay))))).ToList();
        // People with OUD: everyone at a medication level of care, and anyone whose assessment completed by then found it
        // (read here from the results themselves).
        Mainstay.Features.Admissions.LevelOfCare[] medicationLevels = [Mainstay.Features.Admissions.LevelOfCare.OpioidTreatmentProgram,
            Mainstay.Features.Admissions.LevelOfCare.OfficeBasedOpioidTreatment, Mainstay.Features.Admissions.LevelOfCare.WithdrawalManagement];
        var diagnosed = (await records.Assessments.Where(a => a.CompletedAt != null && a.Results != null).Select(a => new { a.PatientId, a.CompletedAt, a.Results }).ToListAsync())
            .Where(a => a.CompletedAt < end && JsonSerializer.Deserialize<Mainstay.Features.Assessments.AssessmentResults>(a.Results!, Mainstay.Features.Assessments.AssessmentRegistry.Json)!
                .Diagnosis is { Icd10Code: { } icd } && icd.StartsWith("F11", StringComparison.Ordinal))
            .Select(a => a.PatientId).ToHashSet();
        Assert.Contains(residential, diagnosed);
        var inCare = openThen.Where(e => medicationLevels.Contains(e.LevelOfCare) || diagnosed.Contains(e.PatientId)).Select(e => e.PatientId).Distinct()
            .Select(p => inForce.Where(o => o.PatientId == p).OrderBy(o => o.CreatedAt).Select(o => (Mainstay.Clinical.Medication.Moud?)o.Medication).FirstOrDefault()).ToList();
        Assert.Contains(openThen, e => e.PatientId == residential && !medicationLevels.Contains(e.LevelOfCare));
        var coverage = Figure("coverage").GetProperty("rows")[0];
        Assert.Equal(Text(inCare.Count), coverage[1].GetString());
        Assert.Equal(Text(inCare.Count(m => m == Mainstay.Clinical.Medication.Moud.Methadone)), coverage[2].GetString());
        Assert.Equal(Text(inCare.Count(m => m == Mainstay.Clinical.Medication.Moud.Buprenorphine)), coverage[3].GetString());

        // Opioid-negative screens of the twelve months ending with it.
        var (monthsFrom, monthsTo) = (Mainstay.Web.Dates.LocalMidnightUtc(month.AddMonths(-11), zone), end);
        var resulted = await records.DrugScreens.Where(x => x.SiteId == 1 && x.ResultedAt != null).Select(x => new { At = x.CollectedAt ?? x.ResultedAt!.Value, x.OpioidNegative }).ToListAsync();
        Assert.Equal(resulted.Count(x => x.At >= monthsFrom && x.At < monthsTo), Total("screens", 1));
        Assert.Equal($"{month:yyyy-MM}", Figure("screens").GetProperty("rows")[11][0].GetString());

        // Plan reviews: plans signed by then of the people in treatment then, due on the date the last review before then set,
        // or the first review after signing by the program's rule. The new plan was on time then, though overdue today.
        var rule = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Mainstay.Features.Plans.PlanOptions>>().Value.Rule;
        var openPatients = openThen.Select(e => e.PatientId).ToHashSet();
        var plans = await records.TreatmentPlans.Where(p => p.SiteId == 1).Select(p => new
        {
            p.PatientId,
            p.StartsOn,
            Signed = records.TreatmentPlanVersions.Where(v => v.PlanId == p.Id).Select(v => v.SignedAt).ToList(),
            Reviews = records.PlanReviews.Where(r => r.PlanId == p.Id).Select(r => new { r.CreatedAt, r.NextReviewOn }).ToList(),
        }).ToListAsync();
        var dueThen = plans.Where(p => openPatients.Contains(p.PatientId) && p.Signed.Any(s => s < end)).Select(p => (p.PatientId,
            Due: p.Reviews.Where(r => r.CreatedAt < end).OrderByDescending(r => r.CreatedAt).Select(r => (DateOnly?)r.NextReviewOn).FirstOrDefault()
                ?? Mainstay.Clinical.Planning.PlanReviews.NextReview(p.StartsOn, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.Signed.Where(s => s < end).Min(), zone).DateTime), rule))).ToList();
        Assert.Contains(dueThen, p => p.PatientId == patient && p.Due >= lastDay);
        Assert.Equal(dueThen.Count, Total("plan-reviews", 1));
        Assert.Equal(dueThen.Count(p => p.Due >= lastDay), Total("plan-reviews", 2));

        // Each figure's CSV is named for the month; a month not yet ended, or not a month, is refused with the reason.
        using (var csv = await director.GetAsync($"/api/v1/reports/program?siteId=1&month={month:yyyy-MM}&figure=census&format=csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal($"census-{month:yyyy-MM}.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }

        await director.GetAsync($"/api/v1/reports/program?month={today:yyyy-MM}").ExpectProblem(HttpStatusCode.BadRequest, "month");
        await director.GetAsync("/api/v1/reports/program?month=2026-13").ExpectProblem(HttpStatusCode.BadRequest, "month");
        await director.GetAsync("/api/v1/reports/program?month=November").ExpectProblem(HttpStatusCode.BadRequest, "month");
        await director.GetAsync("/api/v1/reports/program?month=9999-12").ExpectProblem(HttpStatusCode.BadRequest, "month");
    }

    [Fact]
    public async Task The_server_runs_the_reports_once_for_no_site_when_it_starts_and_neither_reads_a_record_nor_writes_one()
    {
        await using var server = await ClinicServer.StartAsync(fixture.Database, warmUpReports: true);
        var warmUp = server.Services.GetRequiredService<ReportWarmUp>();
        // A guard against a hang, not a time the warm-up must keep.
        await warmUp.Finished.WaitAsync(TimeSpan.FromMinutes(5));
        // Ran to its end (no query of it failed), and counted for no site: every figure of today's dashboard and of last
        // month's is empty or zero, and retention and urine outcomes have no one.
        var run = Assert.IsType<ReportWarmUpRun>(warmUp.Run);
        Assert.Equal(2, run.Dashboards.Count);
        Assert.NotNull(run.Dashboards[1].Month);
        foreach (var none in run.Dashboards)
        {
            Assert.Equal(9, none.Figures.Count);
            Assert.All(none.Figures, f => Assert.All(f.Rows, row => Assert.All(row.Skip(1), cell => Assert.True(cell is "0" or "", $"{f.Key}: {string.Join(",", row)}"))));
            Assert.Equal("0", none.Headlines[0].Value);
        }

        Assert.Equal(0, run.Retention.ByMedication[0].Curve.People);
        Assert.Equal(0, run.UrineOutcomes.Groups[0].Episodes);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.ResourceType == "ProgramDashboard" || e.ResourceType == "RetentionReport" || e.ResourceType == "UrineOutcomeReport"));
        Assert.False(await db.Sites.AnyAsync(x => x.Id == ReportWarmUp.NoSite));

        // And the dashboard the director then opens is the whole one.
        using var director = await server.As("director");
        var dashboard = await director.GetAsync("/api/v1/reports/program").Expect(HttpStatusCode.OK);
        Assert.NotEqual("0", dashboard.GetProperty("headlines")[0].GetProperty("value").GetString());
    }
}

public sealed class ProgramReportOnSqlite(SqliteClinic fixture) : ProgramReportTests(fixture), IClassFixture<SqliteClinic>;

public sealed class ProgramReportOnPostgres(PostgresClinic fixture) : ProgramReportTests(fixture), IClassFixture<PostgresClinic>;
