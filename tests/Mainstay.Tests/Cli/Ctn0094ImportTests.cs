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
        }

        var again = await MainstayProcess.RunAsync(["import", "ctn0094", Folder, .. MainstayProcess.StorageArgs(storage)]);
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains($"0 participants loaded ({randomized.Count} already there", again.Output);
        await using (var db = DataServices.Open(storage))
        {
            Assert.Equal(doseDays, await db.Dispenses.CountAsync());
            Assert.Equal(screenDays, await db.DrugScreens.CountAsync());
        }

        var missing = await MainstayProcess.RunAsync(["import", "ctn0094", Path.GetTempPath(), .. MainstayProcess.StorageArgs(storage)]);
        Assert.Equal(2, missing.ExitCode);
    }
}

public sealed class Ctn0094ImportOnSqlite() : Ctn0094ImportTests(TestDatabase.Sqlite);

public sealed class Ctn0094ImportOnPostgres() : Ctn0094ImportTests(TestDatabase.PostgreSql);
