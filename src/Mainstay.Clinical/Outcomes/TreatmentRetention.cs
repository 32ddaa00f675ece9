using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Outcomes;

/// <summary>One dose given (at the window or as a take-home bottle), as retention needs it.</summary>
public readonly record struct DoseDay(DateOnly Date, Moud Medication);

/// <summary>
/// Retention on medication, from the doses themselves: a person's treatment starts on their first dose and they have left it
/// when no dose covers more than <c>gapDays</c> days in a row (the event, at the last covered day); a person still within the
/// gap today is censored today. A methadone or buprenorphine dose covers its day; an XR-naltrexone injection covers 28 days.
/// The gap is the program's choice (default 30 days; docs/CLINICAL.md "Retention in treatment"). Only the first continuous
/// episode counts: a return after the gap is a new episode, not a continuation.
/// </summary>
public static class TreatmentRetention
{
    public const int DefaultGapDays = 30;

    /// <summary>Days one dose covers.</summary>
    public static int Covers(Moud medication) => medication switch
    {
        Moud.Naltrexone => 28,
        Moud.Methadone or Moud.Buprenorphine => 1,
    };

    /// <summary>The follow-up of one person from their doses (any order; several on one day count once).</summary>
    public static FollowUp FollowUpOf(IEnumerable<DoseDay> doses, DateOnly today, int gapDays = DefaultGapDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gapDays, 1);
        var ordered = doses.Where(d => d.Date <= today).OrderBy(d => d.Date).ToList();
        if (ordered.Count == 0)
        {
            throw new ArgumentException("Retention starts at a first dose; this person has none up to today.", nameof(doses));
        }

        var start = ordered[0].Date;
        var coveredUntil = start.AddDays(Covers(ordered[0].Medication) - 1);
        foreach (var dose in ordered.Skip(1))
        {
            if (dose.Date.DayNumber - coveredUntil.DayNumber - 1 > gapDays)
            {
                return new FollowUp(coveredUntil.DayNumber - start.DayNumber, Event: true);
            }

            var until = dose.Date.AddDays(Covers(dose.Medication) - 1);
            coveredUntil = until > coveredUntil ? until : coveredUntil;
        }

        return today.DayNumber - coveredUntil.DayNumber - 1 > gapDays
            ? new FollowUp(coveredUntil.DayNumber - start.DayNumber, Event: true)
            : new FollowUp(today.DayNumber - start.DayNumber, Event: false);
    }
}
