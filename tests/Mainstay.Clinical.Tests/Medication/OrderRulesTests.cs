using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Tests.Medication;

/// <summary>Order rules at and around each limit.</summary>
public class OrderRulesTests
{
    internal static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    internal static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    internal static ProposedOrder Order(Moud medication, decimal dose, params decimal[] splits) =>
        new() { Medication = medication, DoseMg = dose, StartDate = Today, SplitDosesMg = splits };

    /// <summary>A first buprenorphine day that passes every induction rule (COWS 10 taken 30 minutes ago).</summary>
    internal static OrderContext BupDayOne => new() { Now = Now, FirstDay = true, LatestCows = 10, LatestCowsAt = Now.AddMinutes(-30) };

    internal static IReadOnlyList<string> Ids(ProposedOrder order, OrderContext context) =>
        OrderRules.Check(order, context).Select(f => f.RuleId).ToList();

    [Fact]
    public void A_plain_order_raises_nothing()
    {
        Assert.Empty(Ids(Order(Moud.Buprenorphine, 4), BupDayOne));
        Assert.Empty(Ids(Order(Moud.Methadone, 30), new() { Now = Now, FirstDay = true }));
        Assert.Empty(Ids(Order(Moud.Naltrexone, 380), new() { Now = Now, FirstDay = true, OpioidFreeDays = 10 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void A_dose_of_zero_or_less_is_a_hard_stop(decimal dose)
    {
        var finding = Assert.Single(OrderRules.Check(Order(Moud.Methadone, dose), new() { Now = Now }));
        Assert.Equal(("dose-invalid", RuleSeverity.HardStop), (finding.RuleId, finding.Severity));
    }

    [Theory]
    [InlineData(60, new[] { 40.0, 20.0 }, false)]
    [InlineData(60, new[] { 40.0, 19.0 }, true)]
    [InlineData(60, new[] { 60.0, 0.0 }, true)]
    [InlineData(60, new[] { 70.0, -10.0 }, true)]
    public void Split_doses_must_be_positive_and_sum_to_the_daily_dose(decimal dose, double[] splits, bool mismatch)
    {
        var ids = Ids(Order(Moud.Methadone, dose, [.. splits.Select(s => (decimal)s)]), new() { Now = Now });
        Assert.Equal(mismatch, ids.Contains("split-mismatch"));
    }

    [Fact]
    public void An_undefined_medication_is_a_hard_stop() =>
        Assert.Equal(["medication-unknown"], Ids(Order((Moud)99, 10), new() { Now = Now }));

    [Theory]
    [InlineData(7, true)]
    [InlineData(8, false)]
    [InlineData(13, false)]
    public void Buprenorphine_first_dose_waits_for_cows_8(int cows, bool warned) =>
        Assert.Equal(warned, Ids(Order(Moud.Buprenorphine, 4), BupDayOne with { LatestCows = cows }).Contains("bup-cows-threshold"));

    [Theory]
    [InlineData(120, false)]
    [InlineData(121, true)]
    [InlineData(-1, true)]
    public void The_cows_must_be_at_most_2_hours_old_and_not_in_the_future(int minutesAgo, bool warned) =>
        Assert.Equal(warned, Ids(Order(Moud.Buprenorphine, 4), BupDayOne with { LatestCowsAt = Now.AddMinutes(-minutesAgo) }).Contains("bup-cows-threshold"));

    [Fact]
    public void A_missing_cows_is_warned_and_only_on_the_first_day()
    {
        Assert.Contains("bup-cows-threshold", Ids(Order(Moud.Buprenorphine, 4), new() { Now = Now, FirstDay = true }));
        Assert.Contains("bup-cows-threshold", Ids(Order(Moud.Buprenorphine, 4), BupDayOne with { LatestCowsAt = null }));
        Assert.Empty(Ids(Order(Moud.Buprenorphine, 16), new() { Now = Now }));
    }

    [Theory]
    [InlineData(11 * 60 + 59, true)]
    [InlineData(12 * 60, false)]
    public void Buprenorphine_waits_12_hours_after_a_short_acting_opioid(int minutesAgo, bool warned)
    {
        var finding = OrderRules.Check(Order(Moud.Buprenorphine, 4), BupDayOne with { LastShortActingOpioidUse = Now.AddMinutes(-minutesAgo) })
            .SingleOrDefault(f => f.RuleId == "bup-since-short-acting");
        Assert.Equal(warned, finding is not null);
        Assert.True(finding is null or { Severity: RuleSeverity.Warning });
    }

    [Theory]
    [InlineData(23 * 60 + 59, true)]
    [InlineData(24 * 60, false)]
    public void Buprenorphine_waits_24_hours_after_fentanyl_or_a_long_acting_opioid(int minutesAgo, bool warned)
    {
        var at = Now.AddMinutes(-minutesAgo);
        Assert.Equal(warned, Ids(Order(Moud.Buprenorphine, 4), BupDayOne with { LastFentanylUse = at }).Contains("bup-since-fentanyl"));
        Assert.Equal(warned, Ids(Order(Moud.Buprenorphine, 4), BupDayOne with { LastLongActingOpioidUse = at }).Contains("bup-since-long-acting"));
    }

    [Theory]
    [InlineData(8, 8, false)]
    [InlineData(8, 8.5, true)]
    [InlineData(16, 0, false)]
    [InlineData(4, 12.5, true)]
    public void Buprenorphine_first_day_total_above_16_mg_is_warned(decimal dose, decimal givenToday, bool warned) =>
        Assert.Equal(warned, Ids(Order(Moud.Buprenorphine, dose), BupDayOne with { GivenTodayMg = givenToday }).Contains("bup-day-one-ceiling"));

    [Theory]
    [InlineData(24, false)]
    [InlineData(24.5, true)]
    [InlineData(32, true)]
    public void Buprenorphine_above_24_mg_a_day_is_warned(decimal dose, bool warned) =>
        Assert.Equal(warned, Ids(Order(Moud.Buprenorphine, dose), new() { Now = Now }).Contains("bup-max-dose"));

    [Theory]
    [InlineData(30, 20, false)]
    [InlineData(30, 21, true)]
    [InlineData(50, 0, false)]
    [InlineData(51, 0, true)]
    public void Methadone_first_day_total_above_50_mg_is_warned(decimal dose, decimal givenToday, bool warned)
    {
        var finding = OrderRules.Check(Order(Moud.Methadone, dose), new() { Now = Now, FirstDay = true, GivenTodayMg = givenToday })
            .SingleOrDefault(f => f.RuleId == "methadone-first-day-total");
        Assert.Equal(warned, finding is not null);
        Assert.True(finding is null or { Severity: RuleSeverity.Warning });
        Assert.Contains("8.12", finding?.Source ?? "8.12");
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData(6, false, true)]
    [InlineData(7, false, false)]
    [InlineData(6, true, false)]
    [InlineData(null, true, false)]
    public void Naltrexone_needs_7_opioid_free_days_or_a_negative_naloxone_challenge(int? days, bool negativeChallenge, bool stopped)
    {
        var finding = OrderRules.Check(Order(Moud.Naltrexone, 380), new() { Now = Now, FirstDay = true, OpioidFreeDays = days, NegativeNaloxoneChallenge = negativeChallenge })
            .SingleOrDefault(f => f.RuleId == "naltrexone-opioid-free");
        Assert.Equal(stopped, finding is not null);
        Assert.True(finding is null or { Severity: RuleSeverity.HardStop });
    }
}
