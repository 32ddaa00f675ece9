using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Outcomes;

/// <summary>One dose given (at the window or as a take-home bottle), as retention needs it.</summary>
public readonly record struct DoseDay(DateOnly Date, Moud Medication);

/// <summary>
/// A stretch of days without cover on a person's course: <paramref name="Days"/> uncovered days after
/// <paramref name="After"/> (the last covered day), ended by the dose of <paramref name="Resumed"/>.
/// </summary>
public readonly record struct CourseGap(int Days, DateOnly After, DateOnly Resumed);

/// <summary>
/// A person's doses folded into what retention needs for any gap limit: the first dose (its day and medication), the last
/// covered day, and the gaps that were longer than every gap before them (<see cref="Gaps"/>, in time order). The first gap
/// longer than a limit is always one of those, so the follow-up for any limit comes from the course alone
/// (<see cref="TreatmentRetention.FollowUpOf(DoseCourse, DateOnly, int)"/>), and a dose on or after the last day extends
/// the course without reading the person's earlier doses.
/// </summary>
public sealed record DoseCourse(DateOnly FirstDay, Moud FirstMedication, DateOnly LastDay, DateOnly CoveredUntil, IReadOnlyList<CourseGap> Gaps)
{
    /// <summary>The longest gap so far (0 when there is none).</summary>
    public int LongestGap => Gaps.Count == 0 ? 0 : Gaps[^1].Days;
}

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

    /// <summary>The course of one person's doses (any order; several on one day count once); null when there are none.</summary>
    public static DoseCourse? CourseOf(IEnumerable<DoseDay> doses)
    {
        var ordered = doses.OrderBy(d => d.Date).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }

        var first = ordered[0];
        var start = new DoseCourse(first.Date, first.Medication, first.Date, first.Date.AddDays(Covers(first.Medication) - 1), []);
        return Extend(start, ordered.Skip(1));
    }

    /// <summary>
    /// The course with later doses added, each on or after the course's last day (so nothing before it changes); null
    /// when one is earlier, and the course must be computed again from all the person's doses.
    /// </summary>
    public static DoseCourse? Extend(DoseCourse course, IEnumerable<DoseDay> later)
    {
        var (last, coveredUntil) = (course.LastDay, course.CoveredUntil);
        List<CourseGap>? gaps = null;
        var longest = course.LongestGap;
        foreach (var dose in later.OrderBy(d => d.Date))
        {
            if (dose.Date < course.LastDay)
            {
                return null;
            }

            var uncovered = dose.Date.DayNumber - coveredUntil.DayNumber - 1;
            if (uncovered > longest)
            {
                (gaps ??= [.. course.Gaps]).Add(new CourseGap(uncovered, coveredUntil, dose.Date));
                longest = uncovered;
            }

            var until = dose.Date.AddDays(Covers(dose.Medication) - 1);
            coveredUntil = until > coveredUntil ? until : coveredUntil;
            last = dose.Date;
        }

        return course with { LastDay = last, CoveredUntil = coveredUntil, Gaps = gaps ?? course.Gaps };
    }

    /// <summary>
    /// The follow-up from a course, equal to <see cref="FollowUpOf(IEnumerable{DoseDay}, DateOnly, int)"/> of its doses
    /// when none is dated after today. A dose dated after today (a take-home bottle for a later day) counts as cover
    /// already; a gap it ends is not yet counted.
    /// </summary>
    public static FollowUp FollowUpOf(DoseCourse course, DateOnly today, int gapDays = DefaultGapDays) =>
        FollowUpOf(course.FirstDay, course.CoveredUntil, course.Gaps, today, gapDays);

    /// <summary>
    /// <see cref="FollowUpOf(DoseCourse, DateOnly, int)"/> from the parts of a course that decide it: its first day, its last
    /// covered day and its record gaps (for a caller reading many courses into one list it reuses).
    /// </summary>
    public static FollowUp FollowUpOf(DateOnly firstDay, DateOnly coveredUntil, IReadOnlyList<CourseGap> gaps, DateOnly today, int gapDays = DefaultGapDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gapDays, 1);
        for (var i = 0; i < gaps.Count; i++)
        {
            if (gaps[i].Days > gapDays && gaps[i].Resumed <= today)
            {
                return new FollowUp(gaps[i].After.DayNumber - firstDay.DayNumber, Event: true);
            }
        }

        return today.DayNumber - coveredUntil.DayNumber - 1 > gapDays
            ? new FollowUp(coveredUntil.DayNumber - firstDay.DayNumber, Event: true)
            : new FollowUp(Math.Max(0, today.DayNumber - firstDay.DayNumber), Event: false);
    }

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
