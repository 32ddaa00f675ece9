namespace Mainstay.Clinical.Medication;

/// <summary>
/// Dose-reduction (taper) schedules and the warnings to show before one is started. Pure. Sources
/// and their strength in docs/CLINICAL.md, section "Medication orders and withdrawal".
/// </summary>
public static class TaperSchedules
{
    public const decimal MinPercentPerStep = 5m;
    public const decimal MaxPercentPerStep = 10m;
    public const int MinDaysPerStep = 7;
    public const int MaxDaysPerStep = 14;
    public const decimal MaxDoseMg = 1000m;

    private const string TaperSource =
        "SAMHSA TIP 63, Medications for Opioid Use Disorder (cautions against involuntary or rapid tapers; cited, not read in the reference notes).";

    /// <summary>
    /// A methadone taper from <paramref name="currentDoseMg"/>: the first reduction on <paramref name="start"/>,
    /// then one every <paramref name="daysPerStep"/> days. Each step cuts <paramref name="percentPerStep"/> % of
    /// the previous step's dose, rounded to whole mg (half away from zero), at least 1 mg, never an increase, and
    /// never below <paramref name="floorMg"/>; the last step is the floor (0 = stop).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// Dose not in (0, 1000] mg; percent not 5–10; days not 7–14; floor below 0 or not below the dose.
    /// </exception>
    public static IReadOnlyList<ScheduleStep> Methadone(
        decimal currentDoseMg, DateOnly start, decimal percentPerStep = 10m, int daysPerStep = 14, decimal floorMg = 0)
    {
        if (currentDoseMg <= 0 || currentDoseMg > MaxDoseMg)
        {
            throw new ArgumentOutOfRangeException(nameof(currentDoseMg), currentDoseMg, "The current dose must be more than 0 and at most 1000 mg.");
        }

        if (percentPerStep < MinPercentPerStep || percentPerStep > MaxPercentPerStep)
        {
            throw new ArgumentOutOfRangeException(nameof(percentPerStep), percentPerStep, "The reduction per step must be 5-10 %.");
        }

        if (daysPerStep < MinDaysPerStep || daysPerStep > MaxDaysPerStep)
        {
            throw new ArgumentOutOfRangeException(nameof(daysPerStep), daysPerStep, "Steps must be 7-14 days apart.");
        }

        if (floorMg < 0 || floorMg >= currentDoseMg)
        {
            throw new ArgumentOutOfRangeException(nameof(floorMg), floorMg, "The floor must be at least 0 and below the current dose.");
        }

        var steps = new List<ScheduleStep>();
        var dose = currentDoseMg;
        while (dose > floorMg)
        {
            var cut = Math.Round(dose * (100m - percentPerStep) / 100m, MidpointRounding.AwayFromZero);
            var next = Math.Max(Math.Min(cut, Math.Floor(dose - 1m)), floorMg);
            var day = start.AddDays(steps.Count * daysPerStep);
            var note = next == floorMg
                ? floorMg == 0
                    ? $"Step {steps.Count + 1}: {dose} → 0 mg: methadone stops. Keep follow-up and offer naloxone."
                    : $"Step {steps.Count + 1}: {dose} → {next} mg; floor reached, hold here and review."
                : $"Step {steps.Count + 1}: {dose} → {next} mg. Hold at least {daysPerStep} days; pause or slow the taper if withdrawal or craving returns.";
            steps.Add(new ScheduleStep(day, next, note));
            dose = next;
        }

        return steps;
    }

    /// <summary>
    /// Warnings before a taper: <c>taper-after-positive-screen</c> after recent opioid use and
    /// <c>taper-after-overdose</c> after a recent overdose; both Warnings (a prescriber records why).
    /// </summary>
    public static IReadOnlyList<RuleFinding> TaperWarnings(bool recentPositiveScreen, bool recentOverdose)
    {
        var findings = new List<RuleFinding>();
        if (recentPositiveScreen)
        {
            findings.Add(new("taper-after-positive-screen", RuleSeverity.Warning,
                "Recent positive drug screen: tapering during ongoing use raises the risk of return to use and overdose; consider staying on or increasing the dose.",
                "No taper after recent opioid use without a recorded reason.", TaperSource));
        }

        if (recentOverdose)
        {
            findings.Add(new("taper-after-overdose", RuleSeverity.Warning,
                "Recent overdose: lost tolerance after a taper raises the risk of a fatal overdose; tapering now needs a recorded reason.",
                "No taper after a recent overdose without a recorded reason.", TaperSource));
        }

        return findings;
    }
}
