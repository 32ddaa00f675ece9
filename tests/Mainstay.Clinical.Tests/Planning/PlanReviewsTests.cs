using Mainstay.Clinical.Planning;

namespace Mainstay.Clinical.Tests.Planning;

/// <summary>The plan review schedule (program policy; default 30 days in the first 90, then 90).</summary>
public class PlanReviewsTests
{
    private static readonly DateOnly Start = new(2025, 1, 1);
    private static readonly ReviewRule Default = new();

    [Theory]
    [InlineData(0, 30)]
    [InlineData(30, 60)]
    [InlineData(60, 90)]
    [InlineData(89, 119)]
    [InlineData(90, 180)]
    [InlineData(91, 181)]
    [InlineData(180, 270)]
    [InlineData(-5, 25)]
    public void Every_30_days_within_the_first_90_then_every_90(int lastReviewDay, int expectedDay) =>
        Assert.Equal(Start.AddDays(expectedDay), PlanReviews.NextReview(Start, Start.AddDays(lastReviewDay), Default));

    [Fact]
    public void The_default_schedule_is_30_60_90_then_180_270()
    {
        var due = new List<DateOnly>();
        var last = Start;
        for (var i = 0; i < 5; i++)
        {
            last = PlanReviews.NextReview(Start, last, Default);
            due.Add(last);
        }

        Assert.Equal([30, 60, 90, 180, 270], due.Select(d => d.DayNumber - Start.DayNumber));
    }

    [Fact]
    public void A_program_rule_replaces_the_default()
    {
        var rule = new ReviewRule(EarlyPeriodDays: 60, EarlyIntervalDays: 14, LaterIntervalDays: 30);
        Assert.Equal(Start.AddDays(73), PlanReviews.NextReview(Start, Start.AddDays(59), rule));
        Assert.Equal(Start.AddDays(90), PlanReviews.NextReview(Start, Start.AddDays(60), rule));
    }

    [Fact]
    public void A_misconfigured_rule_or_the_end_of_the_calendar_never_throws_or_goes_backwards()
    {
        Assert.Equal(Start.AddDays(30), PlanReviews.NextReview(Start, Start, new ReviewRule(90, 0, -1)));
        Assert.Equal(Start.AddDays(190), PlanReviews.NextReview(Start, Start.AddDays(100), new ReviewRule(90, 0, -1)));
        Assert.Equal(Start.AddDays(30), PlanReviews.NextReview(Start, Start, null!));
        Assert.Equal(DateOnly.MaxValue, PlanReviews.NextReview(Start, DateOnly.MaxValue.AddDays(-3), Default));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_review_is_overdue_from_the_day_after_it_is_due(int todayOffset, bool expected)
    {
        var due = Start.AddDays(30);
        Assert.Equal(expected, PlanReviews.IsOverdue(due, due.AddDays(todayOffset)));
    }
}
