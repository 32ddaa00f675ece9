using System.Net;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Tests.Cli;

/// <summary><c>mainstay import ctn0094</c> on a subset of the trial data: charts, episodes, orders, every daily dose, once.</summary>
public abstract class Ctn0094ImportTests(TestDatabase database)
{
    private static readonly string Folder = Ctn0094Files.Folder;

    [Fact]
    public async Task The_trial_data_becomes_a_program_with_every_dose_and_a_second_run_adds_nothing()
    {
        var storage = TestStorage.Create(database);
        var first = await MainstayProcess.RunAsync(["import", "ctn0094", Folder, "--start", "2025-01-06", .. MainstayProcess.StorageArgs(storage)]);
        Assert.True(first.ExitCode == 0, first.All);

        // Counted from the files themselves: randomized participants (first randomization) and their dose and screen days.
        var files = Ctn0094Files.Read();
        var randomized = files.Randomized;
        var doseDays = files.TotalDoseDays;
        var screenDays = files.TotalScreenDays;
        Assert.Contains($"{randomized.Count} participants loaded", first.Output);
        Assert.Contains($"{screenDays} urine screens", first.Output);

        await using (var db = DataServices.Open(storage))
        {
            Assert.Equal(randomized.Count, await db.Patients.CountAsync(p => p.FamilyName.StartsWith("CTN-")));
            Assert.Equal(randomized.Count, await db.TreatmentEpisodes.CountAsync());
            Assert.Equal(doseDays, await db.Dispenses.CountAsync());
            Assert.Equal(3, await db.Sites.CountAsync(s => s.Code == "C27" || s.Code == "C30" || s.Code == "C51"));
            // Participant 2 keeps the trial's own days: the first dose (treatment.csv "2,4,7") on study day 7 is 2025-01-13.
            var two = await db.Patients.SingleAsync(p => p.FamilyName == "CTN-0002");
            Assert.Contains(await db.Dispenses.Where(d => d.PatientId == two.Id).Select(d => d.DoseDate).ToListAsync(), d => d == new DateOnly(2025, 1, 13));
            var naltrexone = await db.Dispenses.Where(d => d.Medication == Mainstay.Clinical.Medication.Moud.Naltrexone).Select(d => d.AmountMg).Distinct().ToListAsync();
            Assert.All(naltrexone, mg => Assert.Equal(0, mg % 380));
            Assert.Equal(screenDays, await db.DrugScreens.CountAsync());
            // Participant 2's screen on study day 0 found opioids (uds.csv "2,Opioid,0"): not opioid-negative.
            var dayZero = await db.DrugScreens.SingleAsync(s => s.PatientId == two.Id && s.Accession == "2/0");
            Assert.True(dayZero.IllicitOpioidUse);
            Assert.False(dayZero.OpioidNegative);
            Assert.Contains("\"opiates\":\"positive\"", dayZero.Results);
            Assert.True(await db.DrugScreens.AnyAsync(s => s.OpioidNegative));

            // Study visits: every kept visit day is a held session marked attended (counted from the files).
            Assert.Equal(files.VisitDays, await db.SessionAttendance.CountAsync(a => a.Mark == "attended"));
            Assert.Contains($"{files.VisitDays} study visits kept", first.Output);
            // Participant 7 (CTN-0051) kept weeks 0–4 (days 6, 13, 18, 25, 32) and missed weeks 5–9 and 24 without a day
            // in the file: placed 7 days a week after week 4 (days 39 … 67, 172); "EOT" has no week and is left out.
            var seven = await db.Patients.SingleAsync(p => p.FamilyName == "CTN-0007");
            var marks = await db.SessionAttendance.Where(a => a.PatientId == seven.Id).ToListAsync();
            int Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToLocalTime().DateTime).DayNumber - new DateOnly(2025, 1, 6).DayNumber;
            Assert.Equal([6, 13, 18, 25, 32], marks.Where(m => m.Mark == "attended").Select(m => Day(m.SessionStartsAt)).Order());
            Assert.Equal([39, 46, 53, 60, 67, 172], marks.Where(m => m.Mark == "no-show").Select(m => Day(m.SessionStartsAt)).Order());
            Assert.All(marks.Where(m => m.Mark == "no-show"), m => Assert.Contains("day placed from the visit schedule", m.Note));
            Assert.Contains(marks, m => m.Note?.StartsWith("did not come", StringComparison.Ordinal) == true);
            Assert.Equal(marks.Count, await db.CounselingSessions.CountAsync(x => x.PatientId == seven.Id && x.Kind == "study-visit" && x.Status == "held"));

            // Withdrawal ratings: one flowsheet reading per rated day. Participant 7 (CTN-0051, rated on SOWS) was rated 3
            // on days 5 and 6 ("7,3,5", "7,3,6"), then 1 on day 13, in one inpatient withdrawal episode.
            Assert.Equal(files.WithdrawalDays, await db.FlowsheetEntries.CountAsync(e => e.WithdrawalCategory != null));
            Assert.Contains($"{files.WithdrawalDays} withdrawal ratings", first.Output);
            var ratings = await db.FlowsheetEntries.Where(e => e.PatientId == seven.Id).ToListAsync();
            var firstThree = ratings.OrderBy(e => e.At).Take(3).ToList();
            Assert.Equal([3, 3, 1], firstThree.Select(e => e.WithdrawalCategory));
            Assert.Equal(5, Day(firstThree[0].At));
            Assert.Equal("CTN-0094 withdrawal category: severe (SOWS 21–64)", firstThree[0].Notes);
            Assert.All(ratings, e => Assert.Null(e.Sows));
            // On the wire the category is an Observation of its own, the scale's band in its note.
            var wire = Assert.Single(Mainstay.Features.Fhir.ChartResources.Flowsheet(firstThree[0]));
            Assert.Equal("withdrawal-category", wire.Code.Coding[0].Code);
            var severity = Assert.IsType<Hl7.Fhir.Model.CodeableConcept>(wire.Value);
            Assert.Equal("3", severity.Coding[0].Code);
            Assert.Equal("severe", severity.Coding[0].Display);
            Assert.Equal(firstThree[0].Notes, wire.Note[0].Text);
            var episode = await db.WithdrawalEpisodes.SingleAsync(e => e.PatientId == seven.Id);
            Assert.Equal("inpatient", episode.Setting);
            Assert.NotNull(episode.EndedAt);
        }

        var again = await MainstayProcess.RunAsync(["import", "ctn0094", Folder, .. MainstayProcess.StorageArgs(storage)]);
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains($"0 participants loaded ({randomized.Count} already there", again.Output);
        await using (var db = DataServices.Open(storage))
        {
            Assert.Equal(doseDays, await db.Dispenses.CountAsync());
            Assert.Equal(screenDays, await db.DrugScreens.CountAsync());
            Assert.Equal(files.VisitDays, await db.SessionAttendance.CountAsync(a => a.Mark == "attended"));
            Assert.Equal(files.WithdrawalDays, await db.FlowsheetEntries.CountAsync());
        }

        var missing = await MainstayProcess.RunAsync(["import", "ctn0094", Path.GetTempPath(), .. MainstayProcess.StorageArgs(storage)]);
        Assert.Equal(2, missing.ExitCode);
    }
}

public sealed class Ctn0094ImportOnSqlite() : Ctn0094ImportTests(TestDatabase.Sqlite);

public sealed class Ctn0094ImportOnPostgres() : Ctn0094ImportTests(TestDatabase.PostgreSql);

/// <summary>Placing a participant's study visits: kept ones on their day, missed ones on their schedule.</summary>
public class StudyVisitPlacementTests
{
    [Fact]
    public void Missed_weeks_are_placed_between_and_beyond_the_kept_ones()
    {
        var (visits, unplaced) = Mainstay.Features.TrialData.Ctn0094Import.PlaceVisits(
        [
            ("WK0", false, null, "forgot"),     // before the first kept week: 7 days a week back from week 1
            ("WK1", true, 22, null),
            ("WK2", false, null, null),         // between weeks 1 (day 22) and 5 (day 49): 22 + 27/4 = 28.75
            ("WK3", false, null, null),         // 22 + 13.5, rounded away from zero
            ("WK5", true, 49, null),
            ("WK5", false, null, null),         // the same week was kept: nothing more
            ("WK6", false, 55, null),           // the file gives the day
            ("WK7", true, 62, null),
            ("WK7", false, 62, null),           // kept and missed the same day: kept
            ("EOT", false, null, null),         // no week: cannot be placed
            ("P1Wk2", false, null, null),       // another schedule with no kept visit: cannot be placed
        ]);
        Assert.Equal(2, unplaced);
        Assert.Equal(
            [(15, false, true), (22, true, false), (29, false, true), (36, false, true), (49, true, false), (55, false, false), (62, true, false)],
            visits.Select(v => (v.Day, v.Attended, v.Estimated)));
        Assert.Equal("forgot", visits[0].Reason);
    }

    [Theory]
    [InlineData("WK12", "WK", 12)]
    [InlineData("P1Wk2", "P1Wk", 2)]
    [InlineData("P2Wk1A", "P2Wk", 1)]
    public void Weekly_labels_are_read(string label, string schedule, int week) =>
        Assert.Equal((schedule, week), Mainstay.Features.TrialData.Ctn0094Import.WeeklyVisit(label));

    [Theory]
    [InlineData("BASELINE")]
    [InlineData("EOT")]
    [InlineData("M1F")]
    [InlineData("Cross Active Study")]
    public void Other_visits_have_no_week(string label) => Assert.Null(Mainstay.Features.TrialData.Ctn0094Import.WeeklyVisit(label));
}
