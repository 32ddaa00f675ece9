using System.Net;
using System.Text.Json;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Dosing;
using Mainstay.Features.Reports;
using Mainstay.Features.Screens;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Reports;

/// <summary>
/// The urine outcome report over HTTP, on SQLite and PostgreSQL: three episodes written with known weekly words are added
/// to the demo clinic, and the report must move by exactly what the definitions say for them.
/// </summary>
public abstract class UrineOutcomeReportTests(TestDatabase database)
{
    private static JsonElement Group(JsonElement report, string name) =>
        report.GetProperty("groups").EnumerateArray().SingleOrDefault(g => g.GetProperty("name").GetString() == name);

    private static int Count(JsonElement group, string property) => group.ValueKind == JsonValueKind.Undefined ? 0 : group.GetProperty(property).GetInt32();

    private static int Events(JsonElement group, string key, string population) => group.ValueKind == JsonValueKind.Undefined ? 0
        : group.GetProperty("definitions").EnumerateArray().Single(d => d.GetProperty("key").GetString() == key).GetProperty(population).GetProperty("events").GetInt32();

    [Fact]
    public async Task Relapse_and_dropout_follow_the_weekly_words_of_each_episode()
    {
        await using var server = await ClinicServer.StartAsync(database);
        using var director = await server.As("director");
        var before = await director.GetAsync("/api/v1/reports/urine-outcomes?siteId=1").Expect(HttpStatusCode.OK);
        Assert.Equal(24, before.GetProperty("weeks").GetInt32());

        using var prescriber = await server.As("prescriber");
        var today = DateOnly.FromDateTime(DateTime.Now);
        async Task<Guid> Patient(string given) => (await prescriber.PostJson("/api/v1/patients", new { givenName = given, familyName = "Weekly", birthDate = "1984-03-01", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var ana = await Patient("Ana");     // methadone, dosed, negative every week but 5–8: "----++++" then negatives
        var bea = await Patient("Bea");     // buprenorphine planned, never dosed, never screened
        var cleo = await Patient("Cleo");   // methadone, admitted 100 days ago: her 24 weeks have not passed
        var orderId = (await prescriber.PostJson($"/api/v1/patients/{ana}/orders", new
        {
            medication = "methadone",
            doseMg = 30,
            startDate = today.AddDays(-199).ToString("yyyy-MM-dd"),
            overrideReason = "history for the urine outcome report",
        }).Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        static DateTimeOffset Noon(DateOnly d) => new(d.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            TreatmentEpisode Episode(Guid patient, PreferredMedication medication, int daysAgo) => new()
            {
                Id = Guid.CreateVersion7(),
                PatientId = patient,
                SiteId = 1,
                LevelOfCare = LevelOfCare.OpioidTreatmentProgram,
                PlannedMedication = medication,
                AdmittedAt = Noon(today.AddDays(-daysAgo)),
                AdmittedBy = "test",
            };
            db.TreatmentEpisodes.AddRange(Episode(ana, PreferredMedication.Methadone, 200), Episode(bea, PreferredMedication.Buprenorphine, 190), Episode(cleo, PreferredMedication.Methadone, 100));
            var start = today.AddDays(-200);
            db.Dispenses.Add(new Dispense
            {
                Id = Guid.CreateVersion7(),
                PatientId = ana,
                SiteId = 1,
                OrderId = orderId,
                LineageId = orderId,
                DoseDate = start.AddDays(1),
                Slot = 1,
                ClaimedSlot = 1,
                Medication = Moud.Methadone,
                OrderedMg = 30,
                AmountMg = 30,
                Observed = true,
                At = Noon(start.AddDays(1)),
                Nurse = "test",
            });
            for (var week = 1; week <= 24; week++)
            {
                var negative = week is < 5 or > 8;
                var at = Noon(start.AddDays((7 * week) - 3));
                db.DrugScreens.Add(new DrugScreen
                {
                    Id = Guid.CreateVersion7(),
                    PatientId = ana,
                    SiteId = 1,
                    Specimen = "urine",
                    Reason = "scheduled",
                    Status = "resulted",
                    OrderedAt = at,
                    OrderedBy = "test",
                    CollectedAt = at,
                    ResultedAt = at,
                    OpioidNegative = negative,
                    IllicitOpioidUse = !negative,
                });
            }

            await db.SaveChangesAsync();
        }

        var after = await director.GetAsync("/api/v1/reports/urine-outcomes?siteId=1").Expect(HttpStatusCode.OK);
        int Delta(string group, Func<JsonElement, int> read) => read(Group(after, group)) - read(Group(before, group));

        Assert.Equal(1, Delta("Methadone", g => Count(g, "episodes")));   // Cleo is not counted yet
        Assert.Equal(1, Delta("Methadone", g => Count(g, "dosed")));
        Assert.Equal(24, Delta("Methadone", g => Count(g, "screens")));
        Assert.Equal(20, Delta("Methadone", g => Count(g, "negativeScreens")));
        Assert.Equal(20, Delta("Methadone", g => Count(g, "negativeWeeks")));
        Assert.Equal(1, Delta("Methadone", g => Events(g, "ctn0094-relapse", "all")));   // weeks 5–8
        Assert.Equal(1, Delta("Methadone", g => Events(g, "xbot-relapse", "dosed")));
        Assert.Equal(0, Delta("Methadone", g => Events(g, "ctn0094-dropout", "all")));

        Assert.Equal(1, Delta("Buprenorphine", g => Count(g, "episodes")));
        Assert.Equal(0, Delta("Buprenorphine", g => Count(g, "dosed")));
        Assert.Equal(1, Delta("Buprenorphine", g => Events(g, "ctn0094-relapse", "all")));   // all missing: relapsed and dropped out
        Assert.Equal(1, Delta("Buprenorphine", g => Events(g, "ctn0094-dropout", "all")));
        Assert.Equal(1, Delta("Buprenorphine", g => Events(g, "xbot-relapse", "all")));
        Assert.Equal(0, Delta("Buprenorphine", g => Events(g, "xbot-relapse", "dosed")));
        Assert.Equal(2, Delta("All episodes", g => Count(g, "episodes")));

        // Ana's weeks 5–8 are positive: the methadone bars of those weeks lose her, the others gain her.
        var weekly = Group(after, "Methadone").GetProperty("negativeByWeek").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(24, weekly.Count);

        using var csv = await director.GetAsync("/api/v1/reports/urine-outcomes?siteId=1&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("group,population,episodes,screens,negative_screens,negative_weeks,weeks_observed,ctn0094_relapse_events,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"Buprenorphine,all,{Count(Group(after, "Buprenorphine"), "episodes")},", StringComparison.Ordinal));
        using var weeklyCsv = await director.GetAsync("/api/v1/reports/urine-outcomes?siteId=1&format=csv&figure=weekly");
        Assert.Equal(1 + (24 * after.GetProperty("groups").GetArrayLength()), (await weeklyCsv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        await director.GetAsync("/api/v1/reports/urine-outcomes?weeks=3").ExpectProblem(HttpStatusCode.BadRequest, "weeks");
        await director.GetAsync("/api/v1/reports/urine-outcomes?figure=pie&format=csv").ExpectProblem(HttpStatusCode.BadRequest, "figure");
        using var east = await server.As("nurse.east", "nurse-east-demo-2026");
        await east.GetAsync("/api/v1/reports/urine-outcomes?siteId=1").ExpectProblem(HttpStatusCode.Forbidden);
        using var anonymous = server.Anonymous();
        await anonymous.GetAsync("/api/v1/reports/urine-outcomes").ExpectProblem(HttpStatusCode.Unauthorized);

        var page = await director.GetStringAsync("/reports/urine-outcomes?SiteId=1");
        Assert.Contains("X:BOT relapse among the dosed", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_episode_s_weeks_stay_what_its_screens_doses_and_dates_give_after_every_kind_of_change()
    {
        await using var server = await ClinicServer.StartAsync(database);
        var today = DateOnly.FromDateTime(DateTime.Now);
        async Task<List<string>> RowsAsync()
        {
            // Every column, the packed ones included, as text.
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT * FROM "EpisodeUrineWeeks" """;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}")));
            }

            return [.. rows.Order(StringComparer.Ordinal)];
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            Assert.Equal(await db.TreatmentEpisodes.CountAsync(), await db.EpisodeUrineWeeks.CountAsync());

            // Patients with doses and screens: one screen's result reversed, one cancelled, one moved to another patient.
            var screened = await db.DrugScreens.Where(x => x.Status == "resulted").OrderBy(x => x.Id).Take(3).ToListAsync();
            var other = await db.TreatmentEpisodes.Where(e => !screened.Select(x => x.PatientId).Contains(e.PatientId)).Select(e => e.PatientId).FirstAsync();
            screened[0].OpioidNegative = !screened[0].OpioidNegative;
            screened[1].Status = "cancelled";
            screened[2].PatientId = other;
            await db.SaveChangesAsync();

            // An episode discharged before its first dose, another re-dated a week earlier and its medication changed.
            var episodes = await db.TreatmentEpisodes.OrderBy(e => e.Id).Take(2).ToListAsync();
            episodes[0].DischargedAt = episodes[0].AdmittedAt.AddMinutes(1);
            episodes[1].AdmittedAt = episodes[1].AdmittedAt.AddDays(-7);
            episodes[1].PlannedMedication = episodes[1].PlannedMedication == PreferredMedication.Methadone ? PreferredMedication.Buprenorphine : PreferredMedication.Methadone;
            await db.SaveChangesAsync();

            // A dose voided, and a dose inside the minute the discharged episode lasted.
            var voided = await db.Dispenses.Where(d => d.ClaimedSlot != null).OrderBy(d => d.Id).FirstAsync();
            voided.ClaimedSlot = null;
            await db.SaveChangesAsync();
            Assert.False(await db.EpisodeUrineWeeks.Where(w => w.EpisodeId == episodes[0].Id).Select(w => w.Dosed).SingleAsync());
            db.Dispenses.Add(new Dispense
            {
                Id = Guid.CreateVersion7(),
                PatientId = episodes[0].PatientId,
                SiteId = voided.SiteId,
                OrderId = voided.OrderId,
                LineageId = voided.LineageId,
                DoseDate = today.AddDays(-4000),
                Slot = 1,
                ClaimedSlot = 1,
                Medication = Moud.Methadone,
                OrderedMg = 30,
                AmountMg = 30,
                Observed = true,
                At = episodes[0].AdmittedAt.AddSeconds(30),
                Nurse = "test",
            });
            await db.SaveChangesAsync();
            Assert.True(await db.EpisodeUrineWeeks.Where(w => w.EpisodeId == episodes[0].Id).Select(w => w.Dosed).SingleAsync());
        }

        var kept = await RowsAsync();
        await EpisodeUrineWeeksUpkeep.RebuildAsync(server.Services, null, CancellationToken.None);
        Assert.Equal(await RowsAsync(), kept);
    }
}

public sealed class UrineOutcomeReportOnSqlite() : UrineOutcomeReportTests(TestDatabase.Sqlite);

public sealed class UrineOutcomeReportOnPostgres() : UrineOutcomeReportTests(TestDatabase.PostgreSql);
