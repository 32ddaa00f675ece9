namespace Mainstay.Clinical.Medication;

/// <summary>
/// Buprenorphine induction schedules generated from a published example. Pure: the start day is
/// passed in. Sources and their strength in docs/CLINICAL.md, section "Medication orders and withdrawal".
/// </summary>
public static class InductionSchedules
{
    /// <summary>Where the low-dose schedule's numbers come from (shown with the schedule).</summary>
    public const string LowDoseSource =
        "7-day low-dose (\"micro\") buprenorphine/naloxone schedule as reproduced by secondary summaries [C] and commonly " +
        "attributed to Randhawa PA, Brar R, Nolan S, CMAJ 2020;192(3):E73 (attribution not read; UNCONFIRMED). " +
        "Other published schedules differ (e.g. Hämmig et al. 2016, the Bernese method, not read).";

    // Day → (dose per administration, administrations per day), from the source.
    private static readonly (decimal PerDose, int Times)[] LowDose =
    [
        (0.5m, 1), (0.5m, 2), (1m, 2), (2m, 2), (3m, 2), (4m, 2), (12m, 1),
    ];

    /// <summary>
    /// The 7-day low-dose buprenorphine schedule starting on <paramref name="start"/>: daily totals
    /// 0.5, 1, 2, 4, 6, 8 and 12 mg (0.5 mg once; 0.5, 1, 2, 3 and 4 mg twice daily; 12 mg once).
    /// The full agonist is continued unchanged on days 1–6 and stopped on day 7; each step's note says so.
    /// </summary>
    public static IReadOnlyList<ScheduleStep> LowDoseBuprenorphine(DateOnly start)
    {
        var steps = new List<ScheduleStep>(LowDose.Length);
        for (var i = 0; i < LowDose.Length; i++)
        {
            var (perDose, times) = LowDose[i];
            var how = times == 1 ? $"{perDose} mg once" : $"{perDose} mg twice daily";
            var agonist = i < LowDose.Length - 1
                ? "Continue the full agonist opioid at the current dose."
                : "Stop the full agonist opioid today.";
            steps.Add(new ScheduleStep(start.AddDays(i), perDose * times,
                $"Day {i + 1}: buprenorphine {how} (sublingual). {agonist} Hold the increase if withdrawal appears."));
        }

        return steps;
    }
}
