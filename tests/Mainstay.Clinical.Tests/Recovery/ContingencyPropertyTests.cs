using CsCheck;
using Mainstay.Clinical.Recovery;

namespace Mainstay.Clinical.Tests.Recovery;

/// <summary>The contingency ledger over random valid schedules and random histories of up to three years.</summary>
public class ContingencyPropertyTests
{
    private static readonly DateOnly Enrolled = new(2025, 6, 15);
    private static readonly DateOnly Today = Enrolled.AddDays(1100);

    private static Gen<decimal> Cents(int from, int to) => Gen.Int[from, to].Select(c => c / 100m);

    private static readonly Gen<ContingencySchedule> GenSchedule =
        Gen.Select(Cents(1, 2000), Cents(0, 500), Cents(0, 5000), Gen.Int[0, 5], Cents(0, 2000), Gen.Int[0, 6], Cents(100, 200_000))
            .Select((first, increment, room, every, bonus, recover, cap) =>
                new ContingencySchedule(first, increment, first + room, every, every == 0 ? 0m : bonus, recover, cap));

    /// <summary>Opportunities on distinct days (so their order is fully set by date), with random results.</summary>
    private static readonly Gen<List<ContingencyOpportunity>> GenDistinctDays =
        Gen.Select(Gen.Int[0, 1100], Gen.Int[0, 2]).Array[0, 120].Select(pairs => pairs
            .DistinctBy(p => p.Item1)
            .Select(p => new ContingencyOpportunity(Enrolled.AddDays(p.Item1), (OpportunityResult)p.Item2, $"k{p.Item1}"))
            .ToList());

    /// <summary>Opportunities with repeated days allowed.</summary>
    private static readonly Gen<List<ContingencyOpportunity>> GenAnyDays =
        Gen.Select(Gen.Int[0, 1100], Gen.Int[0, 2]).Array[0, 120].Select(pairs => pairs
            .Select((p, i) => new ContingencyOpportunity(Enrolled.AddDays(p.Item1), (OpportunityResult)p.Item2, $"k{i}"))
            .ToList());

    [Fact]
    public void Earned_in_any_enrollment_year_never_exceeds_the_cap() =>
        Gen.Select(GenSchedule, GenAnyDays).Sample((schedule, opportunities) =>
            ContingencyLedger.Run(schedule, Enrolled, opportunities, Today).Steps
                .GroupBy(s => ContingencyLedger.YearIndex(Enrolled, s.On))
                .All(year => year.Sum(s => s.Earned) <= schedule.AnnualCap));

    [Fact]
    public void Amounts_are_never_negative_and_what_is_earned_plus_withheld_is_the_value_and_bonus() =>
        Gen.Select(GenSchedule, GenAnyDays).Sample((schedule, opportunities) =>
        {
            var standing = ContingencyLedger.Run(schedule, Enrolled, opportunities, Today);
            return standing.Steps.All(s =>
                    s.Earned >= 0m && s.WithheldByCap >= 0m && s.Bonus >= 0m
                    && s.Value >= schedule.FirstReward && s.Value <= schedule.MaximumReward
                    && (s.Result == OpportunityResult.Success
                        ? s.Earned + s.WithheldByCap == s.Value + s.Bonus
                        : s.Earned == 0m && s.WithheldByCap == 0m && s.Bonus == 0m))
                && standing.TotalEarned == standing.Steps.Sum(s => s.Earned)
                && standing.RemainingThisYear >= 0m
                && standing.EarnedThisYear + standing.RemainingThisYear == schedule.AnnualCap;
        });

    [Fact]
    public void After_a_failure_the_next_success_earns_the_first_reward() =>
        Gen.Select(GenSchedule, GenAnyDays).Sample((schedule, opportunities) =>
        {
            var standing = ContingencyLedger.Run(schedule, Enrolled, opportunities, Today);
            var counted = standing.Steps.Where(s => s.Result != OpportunityResult.Excused).ToList();
            var afterFailure = counted.Zip(counted.Skip(1)).Where(p => p.First.Result == OpportunityResult.Failure).Select(p => p.Second);
            var lastCounted = counted.LastOrDefault();
            return afterFailure.All(s => s.Result == OpportunityResult.Failure || (s.Value == schedule.FirstReward && s.Streak == 1))
                && (lastCounted?.Result != OpportunityResult.Failure || (standing.NextReward == schedule.FirstReward && standing.Streak == 0));
        });

    [Fact]
    public void The_value_only_climbs_between_failures_and_recovery_only_ever_raises_it() =>
        Gen.Select(GenSchedule, GenAnyDays).Sample((schedule, opportunities) =>
        {
            var steps = ContingencyLedger.Run(schedule, Enrolled, opportunities, Today).Steps;
            for (var i = 1; i < steps.Count; i++)
            {
                if (steps[i - 1].Result != OpportunityResult.Failure && steps[i].Value < steps[i - 1].Value)
                {
                    return false;
                }
            }

            return steps.All(s => !s.Recovered || schedule.RecoverAfter > 0);
        });

    [Fact]
    public void The_input_order_does_not_matter_when_the_dates_differ() =>
        Gen.Select(GenSchedule, GenDistinctDays, Gen.Int).Sample((schedule, opportunities, seed) =>
        {
            var random = new Random(seed);
            var shuffled = opportunities.OrderBy(_ => random.Next()).ToList();
            var reversed = opportunities.AsEnumerable().Reverse().ToList();
            var a = ContingencyLedger.Run(schedule, Enrolled, opportunities, Today);
            return new[] { shuffled, reversed }.All(other =>
            {
                var b = ContingencyLedger.Run(schedule, Enrolled, other, Today);
                return a.Steps.SequenceEqual(b.Steps)
                    && (a.Streak, a.NextReward, a.EarnedThisYear, a.RemainingThisYear, a.TotalEarned, a.YearStartedOn)
                        == (b.Streak, b.NextReward, b.EarnedThisYear, b.RemainingThisYear, b.TotalEarned, b.YearStartedOn);
            });
        });

    [Fact]
    public void A_streak_of_successes_earns_the_sum_of_the_ladder_and_bonuses_when_the_cap_is_out_of_reach() =>
        Gen.Select(GenSchedule, Gen.Int[0, 60]).Sample((schedule, count) =>
        {
            var open = schedule with { AnnualCap = 10_000_000m };
            var opportunities = Enumerable.Range(0, count)
                .Select(i => new ContingencyOpportunity(Enrolled.AddDays(i), OpportunityResult.Success, $"s{i}")).ToList();
            var expected = Enumerable.Range(0, count).Sum(i =>
                open.ValueAt(i) + (open.BonusEvery > 0 && (i + 1) % open.BonusEvery == 0 ? open.Bonus : 0m));
            return ContingencyLedger.Run(open, Enrolled, opportunities, Today).TotalEarned == expected;
        });
}
