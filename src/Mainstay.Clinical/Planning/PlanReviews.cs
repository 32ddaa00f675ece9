namespace Mainstay.Clinical.Planning;

/// <summary>
/// When a treatment plan is next reviewed. The schedule is the program's configurable rule
/// (<see cref="ReviewRule"/>; default every 30 days during the first 90 days of the plan, then every
/// 90 days), not a federal number: 42 CFR 8.12 asks opioid treatment programs to review and update
/// the plan periodically, and some states set exact intervals, which a program enters as its rule.
/// Pure and total; sources in docs/CLINICAL.md, section "Treatment-plan drafting".
/// </summary>
public static class PlanReviews
{
    /// <summary>
    /// The review after <paramref name="lastReview"/> (pass the plan start for the first review):
    /// <see cref="ReviewRule.EarlyIntervalDays"/> later while the last review is fewer than
    /// <see cref="ReviewRule.EarlyPeriodDays"/> days after <paramref name="planStart"/> (a last review
    /// before the start counts as early), otherwise <see cref="ReviewRule.LaterIntervalDays"/> later.
    /// An interval below 1 day is read as the default (30 or 90) so a misconfigured rule never
    /// schedules a review on the same day or in the past; a null rule is the default rule; dates past
    /// the end of the calendar are clamped to <see cref="DateOnly.MaxValue"/>.
    /// </summary>
    public static DateOnly NextReview(DateOnly planStart, DateOnly lastReview, ReviewRule rule)
    {
        var r = rule ?? new ReviewRule();
        var defaults = new ReviewRule();
        var early = r.EarlyIntervalDays >= 1 ? r.EarlyIntervalDays : defaults.EarlyIntervalDays;
        var later = r.LaterIntervalDays >= 1 ? r.LaterIntervalDays : defaults.LaterIntervalDays;
        var daysIntoPlan = (long)lastReview.DayNumber - planStart.DayNumber;
        var interval = daysIntoPlan < r.EarlyPeriodDays ? early : later;
        var next = (long)lastReview.DayNumber + interval;
        return next > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue : DateOnly.FromDayNumber((int)next);
    }

    /// <summary>True when <paramref name="today"/> is after the due day (a review due today is not yet overdue).</summary>
    public static bool IsOverdue(DateOnly due, DateOnly today) => today > due;
}
