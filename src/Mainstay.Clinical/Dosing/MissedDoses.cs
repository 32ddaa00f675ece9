using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Dosing;

/// <summary>
/// Missed daily doses: how many days in a row were missed, and what the dosing window may do about it.
/// Pure. Sources and their strength in docs/CLINICAL.md, section "Dosing: missed doses and take-home doses".
/// </summary>
/// <remarks>
/// No US federal missed-dose schedule was found. The methadone schedule is the Australian National
/// Guidelines one (Commonwealth Department of Health), adopted as Mainstay's default; a program may set
/// its own. The buprenorphine schedule is Mainstay's own conservative default with no cited schedule.
/// </remarks>
public static class MissedDoses
{
    public const string MethadoneSource =
        "Australian National Guidelines for Medication-Assisted Treatment of Opioid Dependence, methadone section 3.5 (Commonwealth Department of Health) [A for Australia]; no US federal schedule found; adopted as Mainstay's default.";

    public const string BuprenorphineSource =
        "Mainstay default (no cited missed-dose schedule for buprenorphine); programs may set their own.";

    public const string NaltrexoneSource =
        "Mainstay default: XR-naltrexone is a monthly injection, not a daily dose.";

    /// <summary>The methadone dose cap, mg, after 4 missed days (or half the dose, whichever is lower).</summary>
    public const decimal MethadoneFourDayCapMg = 40m;

    /// <summary>
    /// The number of days immediately before <paramref name="today"/> (today itself is not counted) with no
    /// dose, counting back until the first dosed day or the order start, whichever comes first. Days before
    /// <paramref name="orderStart"/> never count; a dose on or after today is ignored.
    /// </summary>
    /// <param name="dosedDays">
    /// Every day the patient had the medication. The caller must include take-home days (and closure-day
    /// doses): a day covered by a take-home dose is a dosed day, not a missed one.
    /// </param>
    /// <param name="today">The day of the dosing visit.</param>
    /// <param name="orderStart">The first day of the current order.</param>
    public static int ConsecutiveMissed(IReadOnlyCollection<DateOnly> dosedDays, DateOnly today, DateOnly orderStart)
    {
        ArgumentNullException.ThrowIfNull(dosedDays);
        if (orderStart >= today)
        {
            return 0;
        }

        // The last day that stops the count: the latest dosed day before today, or the day before the order start.
        var stop = orderStart.AddDays(-1);
        foreach (var day in dosedDays)
        {
            if (day < today && day > stop)
            {
                stop = day;
            }
        }

        return today.DayNumber - stop.DayNumber - 1;
    }

    /// <summary>
    /// What the dosing window may do after <paramref name="consecutiveMissed"/> missed days.
    /// Methadone (Australian National Guidelines, Mainstay's default): 0–1 dose as ordered; 2 dose if not
    /// intoxicated; 3 prescriber review, at most half the dose; 4 prescriber review, at most 40 mg or half the
    /// dose, whichever is lower; 5 or more re-induction. Buprenorphine (Mainstay default): 0–2 dose as ordered;
    /// 3–4 dose if not intoxicated; 5 or more prescriber review. Naltrexone: dose as ordered (the injection
    /// schedule is handled elsewhere).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// Missed days below 0, ordered dose not above 0 mg, or an unknown medication.
    /// </exception>
    public static MissedDoseAdvice Advise(Moud medication, int consecutiveMissed, decimal orderedDoseMg)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(consecutiveMissed);
        if (orderedDoseMg <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(orderedDoseMg), orderedDoseMg, "The ordered dose must be more than 0 mg.");
        }

        return medication switch
        {
            Moud.Methadone => Methadone(consecutiveMissed, orderedDoseMg),
            Moud.Buprenorphine => Buprenorphine(consecutiveMissed),
            Moud.Naltrexone => new(consecutiveMissed, MissedDoseAction.DoseAsOrdered, null,
                "Naltrexone: missed days are not missed daily doses. Give as ordered; overdue injections are handled by the injection schedule.",
                NaltrexoneSource),
            _ => throw new ArgumentOutOfRangeException(nameof(medication), medication, "The medication must be methadone, buprenorphine or naltrexone."),
        };
    }

    private static MissedDoseAdvice Methadone(int missed, decimal doseMg)
    {
        var half = doseMg / 2m;
        return missed switch
        {
            <= 1 => new(missed, MissedDoseAction.DoseAsOrdered, null,
                $"Methadone, {missed} day(s) missed: dose as ordered.", MethadoneSource),
            2 => new(missed, MissedDoseAction.DoseIfNotIntoxicated, null,
                "Methadone, 2 days missed: give the ordered dose only if there are no signs of intoxication; record the missed days.",
                MethadoneSource),
            3 => new(missed, MissedDoseAction.PrescriberReviewReducedDose, half,
                $"Methadone, 3 days missed: tolerance may be reduced. Hold until discussed with the prescriber; at most half the dose ({half} mg).",
                MethadoneSource),
            4 => new(missed, MissedDoseAction.PrescriberReviewReducedDose, Math.Min(MethadoneFourDayCapMg, half),
                $"Methadone, 4 days missed: the prescriber must see the patient; restart at no more than {Math.Min(MethadoneFourDayCapMg, half)} mg (40 mg or half the dose, whichever is lower).",
                MethadoneSource),
            _ => new(missed, MissedDoseAction.ReInduction, null,
                $"Methadone, {missed} days missed: treat as a new induction; hold until the prescriber orders it.",
                MethadoneSource),
        };
    }

    private static MissedDoseAdvice Buprenorphine(int missed) => missed switch
    {
        <= 2 => new(missed, MissedDoseAction.DoseAsOrdered, null,
            $"Buprenorphine, {missed} day(s) missed: dose as ordered.", BuprenorphineSource),
        <= 4 => new(missed, MissedDoseAction.DoseIfNotIntoxicated, null,
            $"Buprenorphine, {missed} days missed: give the ordered dose only if there are no signs of intoxication; record the missed days and tell the prescriber.",
            BuprenorphineSource),
        _ => new(missed, MissedDoseAction.PrescriberReviewReducedDose, null,
            $"Buprenorphine, {missed} days missed: hold until the prescriber reassesses; a reduced dose may be ordered.",
            BuprenorphineSource),
    };
}
