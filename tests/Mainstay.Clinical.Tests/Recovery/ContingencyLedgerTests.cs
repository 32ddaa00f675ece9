using Mainstay.Clinical.Recovery;
using static Mainstay.Clinical.Recovery.OpportunityResult;

namespace Mainstay.Clinical.Tests.Recovery;

/// <summary>
/// The escalating voucher schedule of Silverman et al. (1996) — $2.50, +$1.50 a negative in a row, $10 on every third,
/// reset on a positive or missed specimen, up to $1155 over 12 weeks — with the five-in-a-row recovery of the CRA + Vouchers
/// manual and SAMHSA's $750 annual cap.
/// </summary>
public class ContingencyLedgerTests
{
    internal static readonly DateOnly Enrolled = new(2026, 1, 5); // a Monday

    /// <summary>The same schedule without the SAMHSA cap, to check the source's own total.</summary>
    private static readonly ContingencySchedule Uncapped = ContingencySchedule.EscalatingVoucher with { AnnualCap = 100_000m };

    /// <summary>Three specimens a week, Monday, Wednesday and Friday, from enrollment: the source's collection days.</summary>
    internal static List<ContingencyOpportunity> ThriceWeekly(params OpportunityResult[] results) =>
        results.Select((r, i) => new ContingencyOpportunity(Enrolled.AddDays((i / 3 * 7) + (i % 3 * 2)), r, $"u{i + 1}")).ToList();

    private static ContingencyStanding Run(ContingencySchedule schedule, List<ContingencyOpportunity> opportunities) =>
        ContingencyLedger.Run(schedule, Enrolled, opportunities, Enrolled.AddDays(400));

    private static OpportunityResult[] Many(int count, OpportunityResult result) => Enumerable.Repeat(result, count).ToArray();

    [Fact]
    public void The_first_vouchers_are_2_50_4_00_5_50_with_10_dollars_on_the_third()
    {
        var steps = Run(Uncapped, ThriceWeekly(Many(6, Success))).Steps;
        Assert.Equal([2.50m, 4.00m, 5.50m, 7.00m, 8.50m, 10.00m], steps.Select(s => s.Value));
        Assert.Equal([0m, 0m, 10m, 0m, 0m, 10m], steps.Select(s => s.Bonus));
        Assert.Equal([2.50m, 4.00m, 15.50m, 7.00m, 8.50m, 20.00m], steps.Select(s => s.Earned));
        Assert.Equal([1, 2, 3, 4, 5, 6], steps.Select(s => s.Streak));
    }

    [Fact]
    public void Twelve_weeks_of_negatives_earn_the_sources_1155_dollars()
    {
        var standing = Run(Uncapped, ThriceWeekly(Many(36, Success)));
        Assert.Equal(1155.00m, standing.TotalEarned);
        Assert.Equal(55.00m, standing.Steps[^1].Value);
        Assert.Equal(36, standing.Streak);
    }

    [Fact]
    public void Under_the_750_dollar_cap_the_29th_negative_is_cut_and_the_rest_withheld()
    {
        var standing = Run(ContingencySchedule.EscalatingVoucher, ThriceWeekly(Many(36, Success)));
        Assert.Equal(750.00m, standing.TotalEarned);
        Assert.Equal(727.00m, standing.Steps.Take(28).Sum(s => s.Earned));
        Assert.Equal((23.00m, 21.50m), (standing.Steps[28].Earned, standing.Steps[28].WithheldByCap));
        Assert.All(standing.Steps.Skip(29), s => Assert.Equal(0m, s.Earned));
        Assert.Equal(1155.00m - 750.00m, standing.Steps.Sum(s => s.WithheldByCap));
    }

    [Fact]
    public void A_positive_resets_the_value_to_2_50_and_the_streak_to_0()
    {
        var standing = Run(Uncapped, ThriceWeekly(Success, Success, Success, Success, Failure, Success));
        var failure = standing.Steps[4];
        Assert.True(failure.Reset);
        Assert.Equal((0, 8.50m, 0m), (failure.Streak, failure.Value, failure.Earned));
        Assert.Equal((2.50m, 1), (standing.Steps[5].Value, standing.Steps[5].Streak));
        Assert.Equal(4.00m, standing.NextReward);
    }

    [Fact]
    public void Five_negatives_after_a_reset_bring_the_value_back_to_where_it_was()
    {
        // Ten negatives climb to $17.50 for the eleventh; a positive takes it away; five negatives restore it.
        var results = Many(10, Success).Append(Failure).Concat(Many(5, Success)).Append(Success).ToArray();
        var standing = Run(Uncapped, ThriceWeekly(results));
        Assert.Equal(17.50m, standing.Steps[10].Value);
        Assert.Equal([2.50m, 4.00m, 5.50m, 7.00m, 8.50m], standing.Steps.Skip(11).Take(5).Select(s => s.Value));
        Assert.Equal([false, false, false, false, true], standing.Steps.Skip(11).Take(5).Select(s => s.Recovered));
        Assert.Equal(17.50m, standing.Steps[16].Value);
        Assert.Equal(10m, standing.Steps[16].Bonus); // the sixth in a row since the reset
        Assert.Equal(19.00m, standing.NextReward);
    }

    [Fact]
    public void Four_negatives_after_a_reset_do_not_recover()
    {
        var standing = Run(Uncapped, ThriceWeekly([.. Many(10, Success), Failure, .. Many(4, Success)]));
        Assert.DoesNotContain(standing.Steps, s => s.Recovered);
        Assert.Equal(8.50m, standing.NextReward);
    }

    [Fact]
    public void A_second_positive_before_recovery_keeps_the_higher_value_to_recover()
    {
        var standing = Run(Uncapped, ThriceWeekly([.. Many(10, Success), Failure, Success, Success, Failure, .. Many(5, Success)]));
        Assert.True(standing.Steps[^1].Recovered);
        Assert.Equal(17.50m, standing.NextReward);
    }

    [Fact]
    public void A_reset_early_in_the_climb_has_nothing_to_recover()
    {
        var standing = Run(Uncapped, ThriceWeekly([Success, Success, Failure, .. Many(5, Success)]));
        Assert.DoesNotContain(standing.Steps, s => s.Recovered);
        Assert.Equal(10.00m, standing.NextReward);
    }

    [Fact]
    public void Without_recovery_the_value_climbs_again_from_the_first_reward()
    {
        var standing = Run(Uncapped with { RecoverAfter = 0 }, ThriceWeekly([.. Many(10, Success), Failure, .. Many(5, Success)]));
        Assert.DoesNotContain(standing.Steps, s => s.Recovered);
        Assert.Equal(10.00m, standing.NextReward);
    }

    [Fact]
    public void An_excused_specimen_neither_builds_nor_breaks_the_streak()
    {
        var standing = Run(Uncapped, ThriceWeekly(Success, Success, Excused, Success));
        var excused = standing.Steps[2];
        Assert.Equal((Excused, 2, 5.50m, 0m, false), (excused.Result, excused.Streak, excused.Value, excused.Earned, excused.Reset));
        Assert.Equal((5.50m, 10m, 3), (standing.Steps[3].Value, standing.Steps[3].Bonus, standing.Steps[3].Streak));
    }

    [Fact]
    public void The_value_stops_at_the_maximum_and_bonuses_go_on()
    {
        var steps = Run(Uncapped, ThriceWeekly(Many(45, Success))).Steps;
        Assert.All(steps.Skip(35), s => Assert.Equal(55.00m, s.Value));
        Assert.Equal(65.00m, steps[44].Earned); // the 45th in a row: a multiple of 3
    }

    [Fact]
    public void The_cap_holds_each_enrollment_year_and_renews_on_the_anniversary()
    {
        var schedule = ContingencySchedule.FixedAttendance with { AnnualCap = 20m };
        List<ContingencyOpportunity> sessions =
        [
            .. Enumerable.Range(0, 5).Select(i => new ContingencyOpportunity(Enrolled.AddDays(7 * i), Success, $"s{i}")),
            new(new DateOnly(2027, 1, 4), Success, "last-day-of-year-1"),
            new(new DateOnly(2027, 1, 5), Success, "first-day-of-year-2"),
        ];
        var standing = ContingencyLedger.Run(schedule, Enrolled, sessions, new DateOnly(2027, 2, 1));
        Assert.Equal([5m, 5m, 5m, 5m, 0m, 0m, 5m], standing.Steps.Select(s => s.Earned));
        Assert.Equal([0m, 0m, 0m, 0m, 5m, 5m, 0m], standing.Steps.Select(s => s.WithheldByCap));
        Assert.Equal(new DateOnly(2027, 1, 5), standing.YearStartedOn);
        Assert.Equal((5m, 15m, 25m), (standing.EarnedThisYear, standing.RemainingThisYear, standing.TotalEarned));
    }

    [Fact]
    public void Today_in_the_first_year_reports_that_year()
    {
        var standing = ContingencyLedger.Run(ContingencySchedule.EscalatingVoucher, Enrolled, ThriceWeekly(Success, Success), Enrolled.AddDays(30));
        Assert.Equal((Enrolled, 6.50m, 743.50m), (standing.YearStartedOn, standing.EarnedThisYear, standing.RemainingThisYear));
    }

    [Fact]
    public void Fixed_attendance_pays_the_same_for_every_session_and_a_miss_changes_nothing_but_the_streak()
    {
        var standing = Run(ContingencySchedule.FixedAttendance, ThriceWeekly(Success, Failure, Success, Success, Success));
        Assert.Equal([5m, 0m, 5m, 5m, 5m], standing.Steps.Select(s => s.Earned));
        Assert.Equal((3, 5m), (standing.Streak, standing.NextReward));
    }

    [Fact]
    public void Opportunities_are_read_in_date_order_and_equal_dates_keep_the_input_order()
    {
        List<ContingencyOpportunity> input =
        [
            new(Enrolled.AddDays(2), Success, "b"),
            new(Enrolled, Success, "a"),
            new(Enrolled.AddDays(4), Failure, "c1"),
            new(Enrolled.AddDays(4), Success, "c2"),
        ];
        var standing = Run(Uncapped, input);
        Assert.Equal(["a", "b", "c1", "c2"], standing.Steps.Select(s => s.Key));
        Assert.Equal(2.50m, standing.Steps[3].Value);

        var swapped = Run(Uncapped, [input[0], input[1], input[3], input[2]]);
        Assert.Equal(["a", "b", "c2", "c1"], swapped.Steps.Select(s => s.Key));
        Assert.Equal(0, swapped.Streak);
    }

    [Fact]
    public void Opportunities_after_today_are_ignored()
    {
        var standing = ContingencyLedger.Run(Uncapped, Enrolled, ThriceWeekly(Success, Success, Success), Enrolled.AddDays(2));
        Assert.Equal(["u1", "u2"], standing.Steps.Select(s => s.Key));
    }

    [Fact]
    public void No_opportunities_means_the_first_reward_is_next_and_the_whole_cap_remains()
    {
        var standing = ContingencyLedger.Run(ContingencySchedule.EscalatingVoucher, Enrolled, [], Enrolled);
        Assert.Equal((0, 2.50m, 0m, 750m, 0m), (standing.Streak, standing.NextReward, standing.EarnedThisYear, standing.RemainingThisYear, standing.TotalEarned));
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        var ok = ThriceWeekly(Success);
        Assert.Throws<ArgumentException>(() => ContingencyLedger.Run(Uncapped with { FirstReward = 0m }, Enrolled, ok, Enrolled));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContingencyLedger.Run(Uncapped, Enrolled, ok, Enrolled.AddDays(-1)));
        Assert.Throws<ArgumentException>(() => ContingencyLedger.Run(Uncapped, Enrolled, [new(Enrolled.AddDays(-1), Success, "early")], Enrolled));
        Assert.Throws<ArgumentException>(() => ContingencyLedger.Run(Uncapped, Enrolled, [new(Enrolled, Success, "x"), new(Enrolled.AddDays(1), Failure, "x")], Enrolled.AddDays(1)));
        Assert.Throws<ArgumentException>(() => ContingencyLedger.Run(Uncapped, Enrolled, [new(Enrolled, Success, " ")], Enrolled));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContingencyLedger.Run(Uncapped, Enrolled, [new(Enrolled, (OpportunityResult)9, "odd")], Enrolled));
    }

    [Fact]
    public void The_two_built_in_schedules_are_valid_and_carry_the_samhsa_cap()
    {
        Assert.Empty(ContingencySchedule.EscalatingVoucher.Validate());
        Assert.Empty(ContingencySchedule.FixedAttendance.Validate());
        Assert.Equal(750m, ContingencySchedule.EscalatingVoucher.AnnualCap);
        Assert.Equal(750m, ContingencySchedule.FixedAttendance.AnnualCap);
        Assert.Equal((0m, 0), (ContingencySchedule.FixedAttendance.Increment, ContingencySchedule.FixedAttendance.BonusEvery));
    }

    [Theory]
    [InlineData(0, 1, 10, 3, 10, 5, 750, "first reward must be more than $0")]
    [InlineData(2.5, -1, 10, 3, 10, 5, 750, "increment cannot be negative")]
    [InlineData(2.5, 1, 2, 3, 10, 5, 750, "maximum reward cannot be less than the first reward")]
    [InlineData(2.5, 1, 10, -1, 10, 5, 750, "BonusEvery")]
    [InlineData(2.5, 1, 10, 3, -10, 5, 750, "bonus cannot be negative")]
    [InlineData(2.5, 1, 10, 0, 10, 5, 750, "A bonus needs BonusEvery")]
    [InlineData(2.5, 1, 10, 3, 10, -1, 750, "RecoverAfter")]
    [InlineData(2.5, 1, 10, 3, 10, 5, 0, "annual cap must be more than $0")]
    [InlineData(2.505, 1, 10, 3, 10, 5, 750, "first reward must be in whole cents")]
    public void Validate_names_each_problem_in_plain_language(
        double first, double increment, double maximum, int bonusEvery, double bonus, int recoverAfter, double cap, string expected)
    {
        var schedule = new ContingencySchedule((decimal)first, (decimal)increment, (decimal)maximum, bonusEvery, (decimal)bonus, recoverAfter, (decimal)cap);
        Assert.Contains(schedule.Validate(), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_reports_every_problem_at_once() =>
        Assert.Equal(4, new ContingencySchedule(-1m, -1m, -2m, 0, 0m, 0, -5m).Validate().Count);

    [Theory]
    [InlineData("2025-03-10", "2026-03-09", 0)]
    [InlineData("2025-03-10", "2026-03-10", 1)]
    [InlineData("2024-02-29", "2025-02-27", 0)]
    [InlineData("2024-02-29", "2025-02-28", 1)]
    [InlineData("2024-02-29", "2028-02-29", 4)]
    public void Enrollment_years_run_12_months_from_the_enrollment_day(string enrolled, string day, int index) =>
        Assert.Equal(index, ContingencyLedger.YearIndex(DateOnly.Parse(enrolled, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
