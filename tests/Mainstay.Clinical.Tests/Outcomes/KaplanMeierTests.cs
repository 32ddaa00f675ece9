using CsCheck;
using Mainstay.Clinical.Outcomes;

namespace Mainstay.Clinical.Tests.Outcomes;

/// <summary>
/// Kaplan–Meier against the textbook example: the 6-MP arm of the Freireich et al. (1963) leukaemia remission trial
/// (Gehan 1965; worked in Kleinbaum &amp; Klein, Survival Analysis, ch. 2), with the estimates, Greenwood standard errors and
/// log(-log) 95% limits R's survfit prints for it.
/// </summary>
public class KaplanMeierTests
{
    /// <summary>Weeks in remission; a star in the book (censored) is Event = false.</summary>
    private static readonly FollowUp[] SixMp =
    [
        new(6, true), new(6, true), new(6, true), new(6, false), new(7, true), new(9, false), new(10, true), new(10, false),
        new(11, false), new(13, true), new(16, true), new(17, false), new(19, false), new(20, false), new(22, true), new(23, true),
        new(25, false), new(32, false), new(32, false), new(34, false), new(35, false),
    ];

    [Theory]
    [InlineData(6, 21, 3, 0.857, 0.0764, 0.620, 0.952)]
    [InlineData(7, 17, 1, 0.807, 0.0869, 0.563, 0.923)]
    [InlineData(10, 15, 1, 0.753, 0.0963, 0.503, 0.889)]
    [InlineData(13, 12, 1, 0.690, 0.1068, 0.432, 0.849)]
    [InlineData(16, 11, 1, 0.627, 0.1141, 0.368, 0.805)]
    [InlineData(22, 7, 1, 0.538, 0.1282, 0.268, 0.747)]
    [InlineData(23, 6, 1, 0.448, 0.1346, 0.188, 0.680)]
    public void The_6MP_arm_gives_the_published_estimates(double week, int atRisk, int events, double survival, double se, double lower, double upper)
    {
        var step = KaplanMeier.Estimate(SixMp).Steps.Single(s => s.Time == week);
        Assert.Equal(atRisk, step.AtRisk);
        Assert.Equal(events, step.Events);
        Assert.Equal(survival, step.Survival, 0.0005);
        Assert.Equal(se, step.StandardError, 0.00051);
        Assert.Equal(lower, step.Lower, 0.0011);
        Assert.Equal(upper, step.Upper, 0.0011);
    }

    [Fact]
    public void Only_event_times_make_steps_and_the_curve_holds_its_value_between_them()
    {
        var curve = KaplanMeier.Estimate(SixMp);
        Assert.Equal([6, 7, 10, 13, 16, 22, 23], curve.Steps.Select(s => s.Time));
        Assert.Equal(21, curve.People);
        Assert.Equal(9, curve.Events);
        Assert.Equal(1.0, curve.At(5.9).Survival);
        Assert.Equal(curve.At(16).Survival, curve.At(21.9).Survival);
        Assert.Equal(35, curve.LastTime);
    }

    [Fact]
    public void Without_censoring_the_estimate_is_the_share_still_event_free()
    {
        var curve = KaplanMeier.Estimate([new(1, true), new(2, true), new(2, true), new(5, true)]);
        Assert.Equal(0.75, curve.At(1).Survival, 1e-12);
        Assert.Equal(0.25, curve.At(2).Survival, 1e-12);
        Assert.Equal(0.0, curve.At(5).Survival, 1e-12);
        Assert.Empty(KaplanMeier.Estimate([new(3, false), new(9, false)]).Steps);
        Assert.Empty(KaplanMeier.Estimate([]).Steps);
    }

    /// <summary>R: <c>summary(survfit(Surv(weeks, relapse) ~ 1), times = c(0, 10, 20, 30, 35))$n.risk</c> on the 6-MP arm (21, 15, 8, 4, 1); none is left after the last follow-up, 35 weeks.</summary>
    [Theory]
    [InlineData(0, 21)]
    [InlineData(6, 21)]
    [InlineData(6.5, 17)]
    [InlineData(10, 15)]
    [InlineData(20, 8)]
    [InlineData(30, 4)]
    [InlineData(35, 1)]
    [InlineData(36, 0)]
    public void The_number_at_risk_is_everyone_followed_that_long(double week, int atRisk) =>
        Assert.Equal(atRisk, KaplanMeier.Estimate(SixMp).AtRiskAt(week));

    [Fact]
    public void The_number_at_risk_counts_the_follow_ups_that_reached_the_time() =>
        Gen.Select(Gen.Int[0, 400], Gen.Bool).Select((t, e) => new FollowUp(t, e)).Array[0, 300].Select(Gen.Double[-10, 420])
            .Sample((people, time) =>
            {
                var curve = KaplanMeier.Estimate(people);
                Assert.Equal(people.Count(p => p.Time >= time), curve.AtRiskAt(time));
                Assert.Equal(people.Length, curve.AtRiskAt(0));
            });

    [Fact]
    public void Negative_times_are_refused() =>
        Assert.Throws<ArgumentException>(() => KaplanMeier.Estimate([new(-1, true)]));

    [Fact]
    public void The_curve_never_rises_and_its_limits_hold_the_estimate() =>
        Gen.Select(Gen.Int[0, 400], Gen.Bool).Select((t, e) => new FollowUp(t, e)).Array[0, 300]
            .Sample(people =>
            {
                var steps = KaplanMeier.Estimate(people).Steps;
                var previous = 1.0;
                foreach (var s in steps)
                {
                    Assert.InRange(s.Survival, 0, previous);
                    Assert.InRange(s.Lower, 0, s.Survival + 1e-12);
                    Assert.InRange(s.Upper, s.Survival - 1e-12, 1);
                    previous = s.Survival;
                }

                Assert.Equal(people.Count(p => p.Event), steps.Sum(s => s.Events));
            });

    [Fact]
    public void The_6MP_arm_counted_by_the_tally_gives_the_same_curve()
    {
        var tally = new SurvivalTally();
        foreach (var p in SixMp)
        {
            tally.Add((int)p.Time, p.Event);
        }

        AssertSameCurve(KaplanMeier.Estimate(SixMp), tally.Estimate());
        Assert.Equal(0.448, tally.Estimate().At(23).Survival, 0.0005);
    }

    [Fact]
    public void The_tally_refuses_a_negative_time_and_an_empty_one_has_no_steps()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SurvivalTally().Add(-1, true));
        var empty = new SurvivalTally().Estimate();
        Assert.Empty(empty.Steps);
        Assert.Equal(0, empty.People);
        Assert.Equal(0, empty.AtRiskAt(0));
    }

    /// <summary>Whole-day follow-ups in any order, up to several years (past the tally's first size): the tally's curve is the estimate's.</summary>
    [Fact]
    public void The_tally_gives_the_curve_the_estimate_gives() =>
        Gen.Select(Gen.Int[0, 3000], Gen.Bool).Select((t, e) => new FollowUp(t, e)).Array[0, 400]
            .Sample(people =>
            {
                var tally = new SurvivalTally();
                foreach (var p in people)
                {
                    tally.Add((int)p.Time, p.Event);
                }

                AssertSameCurve(KaplanMeier.Estimate(people), tally.Estimate());
            });

    /// <summary>The estimate against its definition: at each event time t, n = those followed at least to t, d = events at t, S(t) = Π (1 − d/n).</summary>
    [Fact]
    public void Each_step_is_the_product_limit_of_its_definition() =>
        Gen.Select(Gen.Int[0, 60], Gen.Bool).Select((t, e) => new FollowUp(t, e)).Array[1, 120]
            .Sample(people =>
            {
                var curve = KaplanMeier.Estimate(people);
                var eventTimes = people.Where(p => p.Event).Select(p => p.Time).Distinct().Order().ToList();
                Assert.Equal(eventTimes, curve.Steps.Select(s => s.Time));
                var survival = 1.0;
                foreach (var step in curve.Steps)
                {
                    var n = people.Count(p => p.Time >= step.Time);
                    var d = people.Count(p => p.Event && p.Time == step.Time);
                    survival *= 1.0 - (double)d / n;
                    Assert.Equal(n, step.AtRisk);
                    Assert.Equal(d, step.Events);
                    Assert.Equal(people.Count(p => !p.Event && p.Time == step.Time), step.Censored);
                    Assert.Equal(survival, step.Survival, 1e-12);
                }

                Assert.Equal(people.Max(p => p.Time), curve.LastTime);
                Assert.Equal(people.Length, curve.People);
            });

    private static void AssertSameCurve(SurvivalCurve expected, SurvivalCurve actual)
    {
        Assert.Equal(expected.People, actual.People);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.LastTime, actual.LastTime);
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected.Observed, actual.Observed);
    }
}
