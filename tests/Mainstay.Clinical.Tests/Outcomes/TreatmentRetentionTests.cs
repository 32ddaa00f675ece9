using CsCheck;
using Mainstay.Clinical.Medication;
using Mainstay.Clinical.Outcomes;

namespace Mainstay.Clinical.Tests.Outcomes;

/// <summary>Retention from doses: first dose to the last covered day before a gap longer than the program's limit.</summary>
public class TreatmentRetentionTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    private static DoseDay Day(int offset, Moud m = Moud.Methadone) => new(Start.AddDays(offset), m);

    private static IEnumerable<DoseDay> Daily(int from, int to, Moud m = Moud.Methadone) => Enumerable.Range(from, to - from + 1).Select(d => Day(d, m));

    [Fact]
    public void Dosed_every_day_until_today_is_censored_today() =>
        Assert.Equal(new FollowUp(99, false), TreatmentRetention.FollowUpOf(Daily(0, 99), Start.AddDays(99)));

    [Fact]
    public void A_gap_of_exactly_the_limit_is_still_in_treatment_and_one_more_day_is_leaving()
    {
        var within = Daily(0, 9).Concat(Daily(40, 60));   // 30 days without a dose: 10..39
        Assert.Equal(new FollowUp(60, false), TreatmentRetention.FollowUpOf(within, Start.AddDays(60)));
        var beyond = Daily(0, 9).Concat(Daily(41, 60));   // 31 days: 10..40
        Assert.Equal(new FollowUp(9, true), TreatmentRetention.FollowUpOf(beyond, Start.AddDays(60)));
    }

    [Fact]
    public void Stopping_and_not_returning_is_leaving_once_the_gap_has_passed()
    {
        Assert.Equal(new FollowUp(40, false), TreatmentRetention.FollowUpOf(Daily(0, 19), Start.AddDays(40)));   // 20 days since: still within
        Assert.Equal(new FollowUp(19, true), TreatmentRetention.FollowUpOf(Daily(0, 19), Start.AddDays(51)));   // 31 days since
    }

    [Fact]
    public void An_injection_of_XR_naltrexone_covers_28_days()
    {
        var monthly = new[] { Day(0, Moud.Naltrexone), Day(28, Moud.Naltrexone), Day(56, Moud.Naltrexone) };
        Assert.Equal(new FollowUp(100, false), TreatmentRetention.FollowUpOf(monthly, Start.AddDays(100)));   // covered to day 83, 16 days since
        Assert.Equal(new FollowUp(83, true), TreatmentRetention.FollowUpOf(monthly, Start.AddDays(115)));   // 31 days since day 83
    }

    [Fact]
    public void A_return_after_leaving_does_not_undo_the_first_episode_and_a_smaller_gap_can_be_chosen()
    {
        Assert.Equal(new FollowUp(9, true), TreatmentRetention.FollowUpOf(Daily(0, 9).Concat(Daily(100, 120)), Start.AddDays(120)));
        Assert.Equal(new FollowUp(9, true), TreatmentRetention.FollowUpOf(Daily(0, 9).Concat(Daily(18, 20)), Start.AddDays(20), gapDays: 7));
        Assert.Throws<ArgumentException>(() => TreatmentRetention.FollowUpOf([], Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => TreatmentRetention.FollowUpOf(Daily(0, 1), Start.AddDays(1), gapDays: 0));
    }

    [Fact]
    public void Follow_up_never_exceeds_the_days_since_the_first_dose() =>
        Gen.Int[0, 365].Array[1, 60].Select(Gen.Int[0, 500], Gen.Int[1, 60]).Sample((offsets, extra, gap) =>
        {
            var doses = offsets.Select(o => Day(o)).ToList();
            var today = Start.AddDays(offsets.Max() + extra);
            var f = TreatmentRetention.FollowUpOf(doses, today, gap);
            Assert.InRange(f.Time, 0, today.DayNumber - Start.AddDays(offsets.Min()).DayNumber);
        });

    [Fact]
    public void A_course_keeps_only_the_gaps_longer_than_every_gap_before()
    {
        // Gaps of 5 (10..14), 3 (20..22) and 40 (30..69) uncovered days: the 3 is shorter than the 5 before it.
        var course = TreatmentRetention.CourseOf(Daily(0, 9).Concat(Daily(15, 19)).Concat(Daily(23, 29)).Concat(Daily(70, 80)))!;
        Assert.Equal([new CourseGap(5, Start.AddDays(9), Start.AddDays(15)), new CourseGap(40, Start.AddDays(29), Start.AddDays(70))], course.Gaps);
        Assert.Equal(Start.AddDays(80), course.CoveredUntil);
        Assert.Equal(new FollowUp(29, true), TreatmentRetention.FollowUpOf(course, Start.AddDays(80)));              // the 40 ends it at the 30-day limit
        Assert.Equal(new FollowUp(9, true), TreatmentRetention.FollowUpOf(course, Start.AddDays(80), gapDays: 4));  // the 5 ends it at a 4-day limit
        Assert.Null(TreatmentRetention.CourseOf([]));
        Assert.Null(TreatmentRetention.Extend(course, [Day(79)]));   // earlier than the last day: computed again from all doses
    }

    [Fact]
    public void The_follow_up_from_a_course_equals_the_follow_up_from_the_doses_for_every_gap_limit() =>
        Gen.Int[0, 400].Array[1, 80].Select(Gen.Int[0, 500], Gen.Int[1, 90], Gen.Bool.Array[80]).Sample((offsets, extra, gap, injections) =>
        {
            var doses = offsets.Select((o, i) => Day(o, injections[i] && i % 3 == 0 ? Moud.Naltrexone : Moud.Methadone)).ToList();
            var today = Start.AddDays(offsets.Max() + extra);
            var course = TreatmentRetention.CourseOf(doses)!;
            return TreatmentRetention.FollowUpOf(course, today, gap) == TreatmentRetention.FollowUpOf(doses, today, gap);
        });

    [Fact]
    public void A_course_extended_dose_by_dose_equals_the_course_of_all_the_doses() =>
        Gen.Int[0, 400].Array[2, 80].Select(Gen.Int[1, 79]).Sample((offsets, cut) =>
        {
            var doses = offsets.Order().Select((o, i) => Day(o, i % 7 == 3 ? Moud.Naltrexone : Moud.Buprenorphine)).ToList();
            var split = Math.Min(cut, doses.Count - 1);
            var extended = TreatmentRetention.Extend(TreatmentRetention.CourseOf(doses.Take(split))!, doses.Skip(split))!;
            var whole = TreatmentRetention.CourseOf(doses)!;
            return extended.FirstDay == whole.FirstDay && extended.CoveredUntil == whole.CoveredUntil && extended.LastDay == whole.LastDay
                && extended.Gaps.SequenceEqual(whole.Gaps);
        });
}
