using System.Text.Json;
using Bogus;
using Mainstay.Clinical.Screens;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Screens;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Demo;

/// <summary>
/// A urine screening history for the demo's patients in treatment: a point-of-care cup most weeks of the first 24 weeks
/// after admission, then about one every four weeks (above the federal minimum of eight a year), up to 8 days ago.
/// Each patient follows one of three courses (settling, struggling, drifting away); the cups are read by
/// <see cref="ScreenInterpretation"/> against the planned medication, as the screens page would read them.
/// </summary>
public static class DemoScreens
{
    private enum Course
    {
        Settling,
        Struggling,
        Drifting,
    }

    public static async Task AddAsync(MainstayDb db, List<Site> sites, DateTimeOffset now, CancellationToken ct)
    {
        var f = new Faker("en") { Random = new Randomizer(DemoClinic.Seed + 11) };
        var siteIds = sites.Select(s => s.Id).ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var last = today.AddDays(-8);
        // In chart-number order: the same seed gives every patient the same history on every run.
        var episodes = await (from e in db.TreatmentEpisodes.AsNoTracking()
                              join p in db.Patients.AsNoTracking() on e.PatientId equals p.Id
                              where siteIds.Contains(e.SiteId) && e.DischargedAt == null
                                    && (e.PlannedMedication == PreferredMedication.Methadone || e.PlannedMedication == PreferredMedication.Buprenorphine)
                              orderby p.Mrn, e.AdmittedAt
                              select new { e.PatientId, e.SiteId, e.AdmittedAt, e.PlannedMedication })
            .ToListAsync(ct);
        foreach (var e in episodes)
        {
            var methadone = e.PlannedMedication == PreferredMedication.Methadone;
            var roll = f.Random.Double();
            var course = roll < (methadone ? 0.6 : 0.5) ? Course.Settling : roll < 0.85 ? Course.Struggling : Course.Drifting;
            var driftFrom = f.Random.Int(6, 16);
            var start = DateOnly.FromDateTime(e.AdmittedAt.UtcDateTime);
            for (var week = 1; ; week++)
            {
                var weekStart = start.AddDays((7 * (week - 1)) + 1);
                if (weekStart > last)
                {
                    break;
                }

                var maintenance = week > 24;
                if (maintenance && week % 4 != 0)
                {
                    continue;
                }

                var missing = course switch
                {
                    Course.Settling => 0.06,
                    Course.Struggling => 0.15,
                    _ => week >= driftFrom ? 0.7 : 0.2,
                };
                if (f.Random.Double() < missing)
                {
                    continue;
                }

                var positive = course switch
                {
                    Course.Settling => week <= 4 ? 0.35 : 0.06,
                    Course.Struggling => week <= 8 ? 0.55 : 0.3,
                    _ => 0.45,
                };
                var day = weekStart.AddDays(f.Random.Int(0, 6));
                if (day > last)
                {
                    break;
                }

                var used = f.Random.Double() < positive;
                db.DrugScreens.Add(Cup(e.PatientId, e.SiteId, day, methadone, used, f, now));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static DrugScreen Cup(Guid patientId, int siteId, DateOnly day, bool methadone, bool used, Faker f, DateTimeOffset now)
    {
        var analytes = new Dictionary<Analyte, AnalyteResult>
        {
            [Analyte.Fentanyl] = used && f.Random.Double() < 0.85 ? AnalyteResult.Positive : AnalyteResult.Negative,
            [Analyte.Opiates] = used && f.Random.Double() < 0.3 ? AnalyteResult.Positive : AnalyteResult.Negative,
            [Analyte.Methadone] = methadone ? AnalyteResult.Positive : AnalyteResult.Negative,
            [Analyte.Buprenorphine] = methadone ? AnalyteResult.Negative : AnalyteResult.Positive,
            [Analyte.Cocaine] = f.Random.Double() < (used ? 0.25 : 0.04) ? AnalyteResult.Positive : AnalyteResult.Negative,
            [Analyte.Benzodiazepines] = f.Random.Double() < 0.05 ? AnalyteResult.Positive : AnalyteResult.Negative,
        };
        if (used && analytes[Analyte.Fentanyl] == AnalyteResult.Negative && analytes[Analyte.Opiates] == AnalyteResult.Negative)
        {
            analytes[Analyte.Fentanyl] = AnalyteResult.Positive;
        }

        var checks = new SpecimenChecks(SpecimenType.Urine, Observed: false, TemperatureC: 34.5m, CreatinineMgPerDl: null, SpecificGravity: null, Ph: null, AdulterantDetected: false);
        var reading = ScreenInterpretation.Interpret(analytes, checks, new ScreenContext(methadone, !methadone));
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(f.Random.Int(7, 11), f.Random.Int(0, 59))), TimeSpan.Zero);
        return new DrugScreen
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = siteId,
            Specimen = "urine",
            Reason = "random",
            Status = "resulted",
            OrderedAt = at,
            OrderedBy = "nurse",
            CollectedAt = at,
            CollectedBy = "nurse",
            TemperatureC = 34.5m,
            Lab = "point-of-care",
            ResultedAt = at.AddMinutes(5),
            ResultedBy = "nurse",
            Results = JsonSerializer.Serialize(analytes.ToDictionary(a => ScreenInterpretation.Code(a.Key), a => a.Value.ToString().ToLowerInvariant()), DrugScreens.Json),
            Validity = ScreenInterpretation.Code(reading.Validity),
            Findings = JsonSerializer.Serialize(reading.Findings, DrugScreens.Json),
            ReadAgainst = methadone ? "methadone" : "buprenorphine",
            IllicitOpioidUse = reading.IllicitOpioidUse,
            FentanylUse = reading.FentanylUse,
            PossibleDiversion = reading.PossibleDiversion,
            OpioidNegative = reading.OpioidNegative,
        };
    }
}
