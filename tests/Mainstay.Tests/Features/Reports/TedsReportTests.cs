using System.Globalization;
using System.Net;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Screens;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Reports;

/// <summary>
/// The state's TEDS files over HTTP, for a past month no demo record falls in (March 2019): three episodes made for
/// the test, one complete, one admitted without an intake, one discharged without a reason. The complete one is coded
/// from the intake's answers (sent through the assessment API); the other two are listed with what to fix and kept out
/// of the files; the files hold no names or MRNs; downloads are audited; only the director may run it.
/// </summary>
public abstract class TedsReportTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private const string Period = "from=2019-03-01&to=2019-03-31&siteId=1";

    private static DateTimeOffset At(int month, int day) => new(2019, month, day, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_month_gives_coded_admission_and_discharge_files_and_lists_the_records_to_fix()
    {
        using var counselor = await Server.As("counselor");
        var complete = await RegisterAsync(counselor, "Tedscomplete", "female");
        var noIntake = await RegisterAsync(counselor, "Tedsnointake", "male");
        var noReason = await RegisterAsync(counselor, "Tedsnoreason", "male");

        var assessment = await counselor.PostJson($"/api/v1/patients/{complete}/assessments", new
        {
            history = new
            {
                substances = new object[]
                {
                    new { substance = "fentanyl", routes = new[] { "injection", "smoked" }, frequency = "several-times-daily" },
                    new { substance = "methamphetamine", routes = new[] { "smoked" }, frequency = "weekly" },
                },
                ageFirstOpioidUse = 19,
                priorTreatment = new[] { "buprenorphine" },
                employment = "employed",
                pregnancy = "not-pregnant",
                reporting = new
                {
                    race = "white",
                    ethnicity = "mexican",
                    maritalStatus = "never-married",
                    veteran = true,
                    workHours = "full-time",
                    livingArrangement = "independent",
                    schoolYears = 12,
                    arrestsPast30Days = 0,
                    mutualHelpMeetingsPast30Days = 10,
                    incomeSource = "wages",
                },
            },
            instruments = new Dictionary<string, object>
            {
                ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) },
            },
            asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
        }).Expect(HttpStatusCode.Created);
        var assessmentId = assessment.GetProperty("id").GetGuid();
        await counselor.PostAsync($"/api/v1/patients/{complete}/assessments/{assessmentId}/complete", null).Expect(HttpStatusCode.OK);

        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            // The intake was completed the day before admission, in 2019.
            var stored = await db.Assessments.SingleAsync(a => a.Id == assessmentId);
            stored.CompletedAt = At(3, 3);
            db.TreatmentEpisodes.AddRange(
                Episode(complete, At(3, 4), LevelOfCare.OpioidTreatmentProgram, PreferredMedication.Methadone, At(3, 20), "completed", 1, daysWaited: 9),
                Episode(noIntake, At(3, 10), LevelOfCare.IntensiveOutpatient, PreferredMedication.Buprenorphine),
                Episode(noReason, At(2, 1), LevelOfCare.Outpatient, PreferredMedication.Naltrexone, At(3, 12), "other", null));
            db.DrugScreens.Add(new DrugScreen
            {
                Id = Guid.CreateVersion7(),
                PatientId = complete,
                SiteId = 1,
                Specimen = "urine",
                Reason = "random",
                Status = "resulted",
                OrderedAt = At(3, 15),
                OrderedBy = "nurse",
                CollectedAt = At(3, 15),
                ResultedAt = At(3, 16),
                IllicitOpioidUse = true,
                FentanylUse = true,
            });
            await db.SaveChangesAsync();
        }

        using var director = await Server.As("director");
        var report = await director.GetAsync($"/api/v1/reports/teds?{Period}").Expect(HttpStatusCode.OK);
        Assert.Equal("2019-03-01", report.GetProperty("from").GetString());
        var admissions = report.GetProperty("admissions");
        var discharges = report.GetProperty("discharges");
        Assert.Equal(1, admissions.GetProperty("accepted").GetInt32());
        var refusedAdmission = Assert.Single(admissions.GetProperty("refused").EnumerateArray());
        Assert.Equal(noIntake, refusedAdmission.GetProperty("patientId").GetGuid());
        Assert.Equal("SUB1", refusedAdmission.GetProperty("problems")[0].GetProperty("field").GetString());
        Assert.Equal(1, discharges.GetProperty("accepted").GetInt32());
        var refusedDischarge = Assert.Single(discharges.GetProperty("refused").EnumerateArray());
        Assert.Equal(noReason, refusedDischarge.GetProperty("patientId").GetGuid());
        Assert.Equal("REASON", refusedDischarge.GetProperty("problems")[0].GetProperty("field").GetString());
        var race = admissions.GetProperty("completeness").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "RACE");
        Assert.Equal((1, 1), (race.GetProperty("known").GetInt32(), race.GetProperty("records").GetInt32()));

        var admissionFile = await CsvAsync(director, "admissions");
        Assert.Equal(2, admissionFile.Count); // the header and the one accepted record
        var a = Row(admissionFile);
        var expected = new Dictionary<string, string>
        {
            ["RECTYPE"] = "A",
            ["CLIENTID"] = complete.ToString("N"),
            ["ADMDATE"] = "20190304",
            ["AGE"] = "8", // born 1977-06-01: 41
            ["GENDER"] = "2",
            ["RACE"] = "5",
            ["ETHNIC"] = "2",
            ["MARSTAT"] = "1",
            ["VET"] = "1",
            ["EDUC"] = "3",
            ["EMPLOY"] = "1",
            ["PREG"] = "2",
            ["LIVARAG"] = "3",
            ["PRIMINC"] = "1",
            ["ARRESTS"] = "0",
            ["SERVICES"] = "7",
            ["METHUSE"] = "1",
            ["DAYWAIT"] = "2",
            ["NOPRIOR"] = "1",
            ["SUB1"] = "7",
            ["ROUTE1"] = "4",
            ["FREQ1"] = "3",
            ["FRSTUSE1"] = "4",
            ["SUB2"] = "10",
            ["ROUTE2"] = "2",
            ["FREQ2"] = "2",
            ["SUB3"] = "1",
            ["IDU"] = "1",
            ["OPSYNFLG"] = "1",
            ["MTHAMFLG"] = "1",
            ["FREQ_ATND_SELF_HELP"] = "4",
            ["DSMCRIT"] = "-9",
            ["HLTHINS"] = "-9", // not collected; no first-contact payer
        };
        foreach (var (field, value) in expected)
        {
            Assert.True(value == a[field], $"{field}: expected {value}, got {a[field]}");
        }

        var dischargeFile = await CsvAsync(director, "discharges");
        Assert.Equal(2, dischargeFile.Count);
        var d = Row(dischargeFile);
        Assert.Equal((a["CASEID"], "20190320", "16", "1", "7", "2"), (d["CASEID"], d["DISDATE"], d["LOS"], d["REASON"], d["SUB1_D"], d["FREQ1_D"]));

        // Nothing in either file names anyone.
        var mrns = await MrnsAsync(complete, noIntake, noReason);
        foreach (var line in admissionFile.Concat(dischargeFile).Select(l => string.Join(',', l)))
        {
            Assert.DoesNotContain("Tedscomplete", line, StringComparison.Ordinal);
            Assert.All(mrns, mrn => Assert.DoesNotContain(mrn, line, StringComparison.Ordinal));
        }

        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var exports = await db.AuditEvents.Where(e => e.ResourceType == "TedsReport" && e.Action == "export").Select(e => e.Detail).ToListAsync();
            Assert.Contains(exports, x => x!.Contains("admissions 2019-03-01..2019-03-31: 1 records", StringComparison.Ordinal));
            Assert.Contains(exports, x => x!.Contains("discharges 2019-03-01..2019-03-31: 1 records", StringComparison.Ordinal));
        }

        // The page shows the same: what is ready, who to fix, where to download.
        var page = await (await director.GetAsync("/reports/teds?From=2019-03-01&To=2019-03-31&SiteId=1")).Content.ReadAsStringAsync();
        Assert.Contains("Tedsnointake", page, StringComparison.Ordinal);
        Assert.Contains("No completed intake assessment records the substances used.", page, StringComparison.Ordinal);
        Assert.Contains("format=csv&amp;file=discharges&amp;from=2019-03-01&amp;to=2019-03-31&amp;siteId=1", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_periods_are_refused_and_only_the_director_runs_the_report()
    {
        using var director = await Server.As("director");
        await director.GetAsync("/api/v1/reports/teds?from=2019-13-01").ExpectProblem(HttpStatusCode.BadRequest, "from");
        await director.GetAsync("/api/v1/reports/teds?from=2019-03-31&to=2019-03-01").ExpectProblem(HttpStatusCode.BadRequest, "to");
        await director.GetAsync("/api/v1/reports/teds?from=2018-01-01&to=2019-03-01").ExpectProblem(HttpStatusCode.BadRequest, "to");
        await director.GetAsync($"/api/v1/reports/teds?{Period}&format=csv").ExpectProblem(HttpStatusCode.BadRequest, "file");
        await director.GetAsync($"/api/v1/reports/teds?{Period}&format=xml").ExpectProblem(HttpStatusCode.BadRequest, "format");
        await director.GetAsync("/api/v1/reports/teds?siteId=999").ExpectStatus(HttpStatusCode.Forbidden);

        // Last month by default.
        var report = await director.GetAsync("/api/v1/reports/teds").Expect(HttpStatusCode.OK);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        Assert.Equal(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.GetProperty("from").GetString());

        foreach (var role in new[] { "nurse", "counselor", "prescriber", "intake", "auditor", "admin" })
        {
            using var other = await Server.As(role);
            await other.GetAsync("/api/v1/reports/teds").ExpectStatus(HttpStatusCode.Forbidden);
        }
    }

    private static TreatmentEpisode Episode(Guid patient, DateTimeOffset admitted, LevelOfCare level, PreferredMedication medication,
        DateTimeOffset? discharged = null, string? reason = null, int? tedsReason = null, int? daysWaited = null) => new()
        {
            Id = Guid.CreateVersion7(),
            PatientId = patient,
            SiteId = 1,
            LevelOfCare = level,
            PlannedMedication = medication,
            AdmittedAt = admitted,
            AdmittedBy = "intake",
            Source = InquirySource.Referral,
            ReferrerKind = ReferrerKind.Court,
            DaysWaited = daysWaited,
            DischargedAt = discharged,
            DischargeReason = reason,
            TedsReason = tedsReason,
            DischargedBy = discharged is null ? null : "counselor",
        };

    private static async Task<Guid> RegisterAsync(HttpClient client, string familyName, string sex)
    {
        var patient = await client.PostJson("/api/v1/patients", new { givenName = "State", familyName, birthDate = "1977-06-01", sexAtBirth = sex, siteId = 1 })
            .Expect(HttpStatusCode.Created);
        return patient.GetProperty("id").GetGuid();
    }

    private async Task<List<string>> MrnsAsync(params Guid[] ids)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        return await db.Patients.Where(p => ids.Contains(p.Id)).Select(p => p.Mrn).ToListAsync();
    }

    private static async Task<List<string[]>> CsvAsync(HttpClient client, string file)
    {
        using var response = await client.GetAsync($"/api/v1/reports/teds?{Period}&format=csv&file={file}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
    }

    private static Dictionary<string, string> Row(List<string[]> file) =>
        file[0].Zip(file[1]).ToDictionary(x => x.First, x => x.Second);
}

public sealed class TedsReportOnSqlite(SqliteClinic fixture) : TedsReportTests(fixture), IClassFixture<SqliteClinic>;

public sealed class TedsReportOnPostgres(PostgresClinic fixture) : TedsReportTests(fixture), IClassFixture<PostgresClinic>;
