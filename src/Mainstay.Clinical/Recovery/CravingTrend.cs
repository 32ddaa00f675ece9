namespace Mainstay.Clinical.Recovery;

/// <summary>One self-rated craving for opioids.</summary>
/// <param name="On">The day of the rating.</param>
/// <param name="Craving">0 (none) to 10 (the strongest imaginable).</param>
public sealed record CravingReading(DateOnly On, int Craving);

/// <summary>What the recent cravings say.</summary>
/// <param name="Rising">The recent mean is at least <see cref="CravingTrend.RiseBy"/> points above the baseline mean.</param>
/// <param name="High">The latest recent reading is <see cref="CravingTrend.HighAt"/> or more.</param>
/// <param name="Reason">Why, for the clinician, when <paramref name="Rising"/> or <paramref name="High"/>; otherwise null.</param>
/// <param name="RecentMean">Mean of the readings in the recent window; null when there are none.</param>
/// <param name="BaselineMean">Mean of the readings in the baseline window; null when there are none.</param>
public sealed record CravingSignal(bool Rising, bool High, string? Reason, double? RecentMean, double? BaselineMean);

/// <summary>
/// Flags craving that is high now or rising against the person's own recent baseline: self-rated craving predicts opioid
/// use in the following days and weeks (McHugh et al. 2014; Tsui et al. 2014; Preston et al. 2018). The thresholds are
/// Mainstay's, not a validated cut-off. Pure; today is passed in. Sources in docs/CLINICAL.md, section "Recovery support:
/// contingency management, cravings and missed sessions".
/// </summary>
/// <remarks>A flag is a reason to talk with the person (and to review the dose), never a conclusion.</remarks>
public static class CravingTrend
{
    public const int MinimumCraving = 0;
    public const int MaximumCraving = 10;

    /// <summary>A latest reading at or above this is high (Mainstay's choice).</summary>
    public const int HighAt = 8;

    /// <summary>The recent mean must exceed the baseline mean by at least this many points to be rising (Mainstay's choice).</summary>
    public const int RiseBy = 2;

    /// <summary>The recent window: today and the 2 days before (Mainstay's choice).</summary>
    public const int RecentDays = 3;

    /// <summary>The baseline window: the 14 days before the recent window (Mainstay's choice).</summary>
    public const int BaselineDays = 14;

    /// <summary>Fewer baseline readings than this are too few to call a rise (Mainstay's choice).</summary>
    public const int MinimumBaselineReadings = 3;

    public const string Source =
        "Craving predicts later opioid use: McHugh et al., Drug Alcohol Depend 2014;145:121-126 (10-point scale, odds of use the next week 17% higher per point); Tsui et al., Am J Drug Alcohol Abuse 2014;40:163-169; Preston et al., Psychopharmacology 2018;235:2713-2723. Thresholds (8 or more; a rise of 2 points over 3 days against the 14 days before) are Mainstay's.";

    /// <summary>
    /// Reads the cravings up to <paramref name="today"/> (later readings are ignored). Recent window: today and the
    /// <see cref="RecentDays"/> − 1 days before; baseline window: the <see cref="BaselineDays"/> days before that.
    /// <see cref="CravingSignal.High"/> when the latest reading in the recent window is <see cref="HighAt"/> or more (when
    /// the latest day has several readings, the highest counts; a reading older than the recent window never makes the
    /// craving high today). <see cref="CravingSignal.Rising"/> when the recent window has a reading, the baseline at least
    /// <see cref="MinimumBaselineReadings"/>, and the recent mean is at least <see cref="RiseBy"/> points above the
    /// baseline mean (compared exactly, without rounding).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A reading outside 0–10.</exception>
    /// <exception cref="ArgumentException">A reading is null.</exception>
    public static CravingSignal Evaluate(IReadOnlyList<CravingReading> readings, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var r in readings)
        {
            if (r is null)
            {
                throw new ArgumentException("A craving reading is missing (null).", nameof(readings));
            }

            if (r.Craving is < MinimumCraving or > MaximumCraving)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(readings), r.Craving, $"The craving on {r.On:yyyy-MM-dd} must be 0 to 10.");
            }
        }

        var recentStart = today.AddDays(-(RecentDays - 1));
        var baselineStart = recentStart.AddDays(-BaselineDays);
        var recent = readings.Where(r => r.On >= recentStart && r.On <= today).ToList();
        var baseline = readings.Where(r => r.On >= baselineStart && r.On < recentStart).ToList();

        double? recentMean = recent.Count > 0 ? recent.Average(r => r.Craving) : null;
        double? baselineMean = baseline.Count > 0 ? baseline.Average(r => r.Craving) : null;

        var reasons = new List<string>();
        var high = false;
        if (recent.Count > 0)
        {
            var latestDay = recent.Max(r => r.On);
            var latest = recent.Where(r => r.On == latestDay).Max(r => r.Craving);
            high = latest >= HighAt;
            if (high)
            {
                reasons.Add($"Craving {latest}/10 on {latestDay:yyyy-MM-dd} ({HighAt} or more).");
            }
        }

        var rising = false;
        if (recent.Count > 0 && baseline.Count >= MinimumBaselineReadings)
        {
            // recentSum/recentCount − baselineSum/baselineCount ≥ RiseBy, in integers.
            long recentSum = recent.Sum(r => r.Craving);
            long baselineSum = baseline.Sum(r => r.Craving);
            rising = (recentSum * baseline.Count) - (baselineSum * recent.Count) >= (long)RiseBy * recent.Count * baseline.Count;
            if (rising)
            {
                reasons.Add(
                    $"Craving rising: mean {recentMean:0.0} in the last {RecentDays} days against {baselineMean:0.0} in the {BaselineDays} days before ({RiseBy} points or more).");
            }
        }

        return new CravingSignal(rising, high, reasons.Count > 0 ? string.Join(" ", reasons) : null, recentMean, baselineMean);
    }
}
