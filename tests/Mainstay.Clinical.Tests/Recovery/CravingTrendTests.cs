using CsCheck;
using Mainstay.Clinical.Recovery;

namespace Mainstay.Clinical.Tests.Recovery;

/// <summary>
/// Craving high (latest recent reading 8 or more) and rising (mean of the last 3 days at least 2 points above the 14 days
/// before, with 3 or more baseline readings): Mainstay's thresholds, checked on both sides.
/// </summary>
public class CravingTrendTests
{
    private static readonly DateOnly Today = new(2026, 4, 20);

    private static CravingReading R(int daysAgo, int craving) => new(Today.AddDays(-daysAgo), craving);

    /// <summary>Three baseline readings of 4 (days 3, 8 and 16 ago: the window's both ends and its middle).</summary>
    private static readonly CravingReading[] BaselineOfFour = [R(3, 4), R(8, 4), R(16, 4)];

    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(10, true)]
    public void The_latest_reading_is_high_at_8_or_more(int craving, bool high)
    {
        var signal = CravingTrend.Evaluate([R(1, 2), R(0, craving)], Today);
        Assert.Equal(high, signal.High);
        Assert.Equal(high, signal.Reason?.Contains("8 or more", StringComparison.Ordinal) ?? false);
    }

    [Fact]
    public void Only_the_latest_reading_counts_for_high()
    {
        Assert.False(CravingTrend.Evaluate([R(1, 9), R(0, 3)], Today).High);
        Assert.True(CravingTrend.Evaluate([R(1, 3), R(0, 9)], Today).High);
    }

    [Fact]
    public void Several_readings_on_the_latest_day_count_at_their_highest() =>
        Assert.True(CravingTrend.Evaluate([R(0, 9), R(0, 2)], Today).High);

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void A_high_reading_older_than_the_recent_window_does_not_make_today_high(int daysAgo, bool high) =>
        Assert.Equal(high, CravingTrend.Evaluate([R(daysAgo, 9)], Today).High);

    [Theory]
    [InlineData(6, true)]  // 6 − 4 = 2
    [InlineData(5, false)] // 5 − 4 = 1
    public void Rising_needs_the_recent_mean_2_points_above_the_baseline(int recent, bool rising)
    {
        var signal = CravingTrend.Evaluate([.. BaselineOfFour, R(0, recent), R(2, recent)], Today);
        Assert.Equal(rising, signal.Rising);
        Assert.Equal(recent, signal.RecentMean);
        Assert.Equal(4.0, signal.BaselineMean);
        Assert.False(signal.High);
        Assert.Equal(rising, signal.Reason is not null);
    }

    [Fact]
    public void A_rise_just_under_2_points_is_not_rising_and_exactly_2_is_without_rounding()
    {
        // Recent 6, 6, 5 → 5.667; baseline 4, 4, 3 → 3.667: exactly 2 apart, which doubles cannot say exactly.
        Assert.True(CravingTrend.Evaluate([R(3, 4), R(4, 4), R(5, 3), R(0, 6), R(1, 6), R(2, 5)], Today).Rising);
        // Recent 6, 6, 5 → 5.667; baseline 4, 4, 4 → 4: 1.667 apart.
        Assert.False(CravingTrend.Evaluate([R(3, 4), R(4, 4), R(5, 4), R(0, 6), R(1, 6), R(2, 5)], Today).Rising);
    }

    [Fact]
    public void Rising_needs_at_least_3_baseline_readings()
    {
        Assert.False(CravingTrend.Evaluate([R(3, 2), R(10, 2), R(0, 9)], Today).Rising);
        Assert.True(CravingTrend.Evaluate([R(3, 2), R(10, 2), R(16, 2), R(0, 9)], Today).Rising);
    }

    [Fact]
    public void Readings_outside_the_baseline_window_do_not_count()
    {
        var signal = CravingTrend.Evaluate([R(17, 0), R(30, 0), R(3, 5), R(4, 5), R(0, 6)], Today);
        Assert.Equal(5.0, signal.BaselineMean);
        Assert.False(signal.Rising);
    }

    [Fact]
    public void Readings_after_today_are_ignored()
    {
        var signal = CravingTrend.Evaluate([R(-1, 10), R(0, 2)], Today);
        Assert.False(signal.High);
        Assert.Equal(2.0, signal.RecentMean);
    }

    [Fact]
    public void Both_high_and_rising_give_both_reasons()
    {
        var signal = CravingTrend.Evaluate([.. BaselineOfFour, R(0, 9)], Today);
        Assert.True(signal.High && signal.Rising);
        Assert.Contains("9/10", signal.Reason, StringComparison.Ordinal);
        Assert.Contains("rising", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_readings_say_nothing()
    {
        var signal = CravingTrend.Evaluate([], Today);
        Assert.Equal(new CravingSignal(false, false, null, null, null), signal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void A_reading_outside_0_to_10_is_refused(int craving) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CravingTrend.Evaluate([R(0, craving)], Today));

    [Fact]
    public void A_bad_reading_is_refused_even_when_it_is_outside_the_windows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CravingTrend.Evaluate([R(100, 12), R(0, 3)], Today));

    private static readonly Gen<CravingReading[]> GenReadings =
        Gen.Select(Gen.Int[-3, 25], Gen.Int[0, 10]).Array[0, 30].Select(a => a.Select(p => R(p.Item1, p.Item2)).ToArray());

    [Fact]
    public void Rising_matches_the_definition_over_random_readings() =>
        GenReadings.Sample(readings =>
        {
            var recent = readings.Where(r => r.On <= Today && r.On > Today.AddDays(-3)).Select(r => r.Craving).ToList();
            var baseline = readings.Where(r => r.On <= Today.AddDays(-3) && r.On > Today.AddDays(-17)).Select(r => r.Craving).ToList();
            // mean(recent) − mean(baseline) ≥ 2, cross-multiplied so that no rounding enters.
            var expected = recent.Count > 0 && baseline.Count >= 3
                && (recent.Sum() * baseline.Count) - (baseline.Sum() * recent.Count) >= 2 * recent.Count * baseline.Count;
            return CravingTrend.Evaluate(readings, Today).Rising == expected;
        });

    [Fact]
    public void A_signal_has_a_reason_exactly_when_it_flags_and_means_stay_within_0_to_10() =>
        GenReadings.Sample(readings =>
        {
            var s = CravingTrend.Evaluate(readings, Today);
            return (s.Reason is not null) == (s.High || s.Rising)
                && s.RecentMean is null or (>= 0 and <= 10)
                && s.BaselineMean is null or (>= 0 and <= 10)
                && (!s.High || s.RecentMean is not null);
        });

    [Fact]
    public void Raising_the_latest_reading_never_turns_a_flag_off() =>
        Gen.Select(GenReadings, Gen.Int[0, 10]).Sample((readings, extra) =>
        {
            var before = CravingTrend.Evaluate([.. readings, R(0, extra)], Today);
            var after = CravingTrend.Evaluate([.. readings, R(0, Math.Min(10, extra + 1))], Today);
            return (!before.High || after.High) && (!before.Rising || after.Rising);
        });
}
