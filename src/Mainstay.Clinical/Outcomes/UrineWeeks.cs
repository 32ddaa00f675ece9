namespace Mainstay.Clinical.Outcomes;

/// <summary>One resulted urine screen as the weekly outcome needs it: its day and whether it was free of non-prescribed opioids.</summary>
public readonly record struct ScreenDay(DateOnly Date, bool OpioidNegative);

/// <summary>An episode's weekly word and the running counts of its screens and negative screens, week by week (index 0 is week 1).</summary>
public sealed record EpisodeWeeks(string Pattern, IReadOnlyList<int> ScreensUpTo, IReadOnlyList<int> NegativesUpTo);

/// <summary>
/// A time-to-event result read from a weekly pattern, as CTNote's <c>detect_in_window</c> returns it: the week on which
/// the first matching window starts (<paramref name="Event"/> true), or the last week a window could start on when no
/// window matches (<paramref name="Event"/> false, censored there).
/// </summary>
public readonly record struct WeekEvent(int Week, bool Event);

/// <summary>
/// A relapse or drop-out definition over weekly urine results: <paramref name="Threshold"/> matching weeks within any
/// <paramref name="Window"/> consecutive weeks, looked for from week <c>SkipWeeks + 1</c>. A relapse definition matches
/// positive weeks with a missing or mixed week counted positive; a drop-out definition matches missing weeks as they are.
/// </summary>
public sealed record WeekDefinition(string Key, string Name, int Window, int Threshold, int SkipWeeks, bool Dropout)
{
    /// <summary>The name before its colon ("CTN-0094 relapse"), for a column heading.</summary>
    public string Label => Name[..Name.IndexOf(": ", StringComparison.Ordinal)];

    /// <summary>The event for one pattern of <see cref="UrineWeeks"/> symbols; null when the pattern is shorter than a window.</summary>
    public WeekEvent? Detect(string pattern) =>
        UrineWeeks.Detect(Dropout ? pattern : UrineWeeks.MissingIsPositive(pattern), Dropout ? UrineWeeks.Missing : UrineWeeks.Positive, Window, Threshold, SkipWeeks);

    /// <summary>
    /// The last week of the first matching window in <paramref name="pattern"/>, null when none matches. The first <c>n</c>
    /// weeks of the pattern have an event exactly when this is at most <c>n</c> (a window within them is a window of the
    /// whole and the first match of the whole ends no later), so one number per episode answers every length of follow-up.
    /// </summary>
    public int? FirstEventEnds(string pattern) => Detect(pattern) is { Event: true } e ? e.Week + Window - 1 : null;
}

/// <summary>
/// Weekly urine outcomes as the NIDA CTN-0094 team codes them (Odom et al. 2023, PLOS ONE; CTNote 0.1.0): the day a
/// patient starts (randomization in a trial, admission in a clinic) is the last day of week 0 and week 1 begins the next
/// day; each week is one symbol — <c>+</c> a positive screen and no negative, <c>-</c> negatives only, <c>*</c> both,
/// <c>o</c> no screen. Relapse and drop-out are read from that word (docs/CLINICAL.md, "Relapse by the trials' definitions").
/// </summary>
public static class UrineWeeks
{
    public const char Positive = '+';
    public const char Negative = '-';
    public const char Mixed = '*';
    public const char Missing = 'o';

    /// <summary>The trials' outpatient phase (CTN-0027 and CTN-0051): 24 weeks.</summary>
    public const int TrialWeeks = 24;

    /// <summary>CTN-0094 relapse: four consecutive positive weeks, missing counted positive (CTNote, Brandt et al. 2024).</summary>
    public static readonly WeekDefinition Ctn0094Relapse = new("ctn0094-relapse", "CTN-0094 relapse: 4 consecutive positive or missing weeks", 4, 4, 0, Dropout: false);

    /// <summary>X:BOT (Lee et al. 2018, CTN-0051): the same run of four, looked for from week 3 (day 21 after randomization).</summary>
    public static readonly WeekDefinition Xbot2018Relapse = new("xbot-relapse", "X:BOT relapse (Lee 2018): 4 consecutive positive or missing weeks from week 3", 4, 4, 2, Dropout: false);

    /// <summary>CTN-0094 drop-out: four consecutive weeks without a screen.</summary>
    public static readonly WeekDefinition Ctn0094Dropout = new("ctn0094-dropout", "CTN-0094 drop-out: 4 consecutive missing weeks", 4, 4, 0, Dropout: true);

    public static IReadOnlyList<WeekDefinition> Definitions { get; } = [Ctn0094Relapse, Xbot2018Relapse, Ctn0094Dropout];

    /// <summary>The study week of a day: day 0 (the start) and earlier are week 0 or before; days 1–7 are week 1.</summary>
    public static int StudyWeek(DateOnly start, DateOnly day)
    {
        var days = day.DayNumber - start.DayNumber;
        return (int)Math.Floor((days - 1) / 7.0) + 1;
    }

    /// <summary>The word of weeks 1 to <paramref name="weeks"/> from the screens (those outside the weeks are ignored).</summary>
    public static string Pattern(DateOnly start, IEnumerable<ScreenDay> screens, int weeks = TrialWeeks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var negative = new bool[weeks + 1];
        var positive = new bool[weeks + 1];
        foreach (var s in screens)
        {
            var week = StudyWeek(start, s.Date);
            if (week < 1 || week > weeks)
            {
                continue;
            }

            if (s.OpioidNegative)
            {
                negative[week] = true;
            }
            else
            {
                positive[week] = true;
            }
        }

        return string.Create(weeks, (negative, positive), static (span, state) =>
        {
            for (var w = 1; w <= span.Length; w++)
            {
                span[w - 1] = (state.negative[w], state.positive[w]) switch
                {
                    (true, true) => Mixed,
                    (true, false) => Negative,
                    (false, true) => Positive,
                    _ => Missing,
                };
            }
        });
    }

    /// <summary>
    /// An episode's weeks 1 to <paramref name="weeks"/> read once for every shorter follow-up: the word (whose first n
    /// symbols are the word of n weeks) and, per week, how many screens and negative screens fell in weeks 1 to that week.
    /// </summary>
    public static EpisodeWeeks Summarize(DateOnly start, IEnumerable<ScreenDay> screens, int weeks)
    {
        var list = screens as IReadOnlyCollection<ScreenDay> ?? screens.ToList();
        var all = new int[weeks];
        var negative = new int[weeks];
        foreach (var s in list)
        {
            var week = StudyWeek(start, s.Date);
            if (week >= 1 && week <= weeks)
            {
                all[week - 1]++;
                negative[week - 1] += s.OpioidNegative ? 1 : 0;
            }
        }

        for (var w = 1; w < weeks; w++)
        {
            all[w] += all[w - 1];
            negative[w] += negative[w - 1];
        }

        return new EpisodeWeeks(Pattern(start, list, weeks), all, negative);
    }

    /// <summary>CTNote's <c>recode_missing_visits</c> applied twice: a missing and a mixed week both count positive.</summary>
    public static string MissingIsPositive(string pattern) => pattern.Replace(Missing, Positive).Replace(Mixed, Positive);

    /// <summary>
    /// CTNote's <c>detect_in_window</c> on the pattern without its first <paramref name="skipWeeks"/> weeks, the week given
    /// back counted from the pattern's start.
    /// </summary>
    public static WeekEvent? Detect(string pattern, char match, int window, int threshold, int skipWeeks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, window);
        ArgumentOutOfRangeException.ThrowIfNegative(skipWeeks);
        var weeks = skipWeeks >= pattern.Length ? "" : pattern[skipWeeks..];
        var windows = weeks.Length - window + 1;
        if (windows < 1)
        {
            return null;
        }

        var inWindow = 0;
        for (var i = 0; i < weeks.Length; i++)
        {
            inWindow += weeks[i] == match ? 1 : 0;
            if (i >= window)
            {
                inWindow -= weeks[i - window] == match ? 1 : 0;
            }

            if (i >= window - 1 && inWindow >= threshold)
            {
                return new WeekEvent(i - window + 2 + skipWeeks, true);
            }
        }

        return new WeekEvent(windows + skipWeeks, false);
    }

    /// <summary>Weeks 1 to n with a negative week (missing counted positive), out of n.</summary>
    public static int NegativeWeeks(string pattern) => pattern.Count(c => c == Negative);
}

/// <summary>A share with its 95% Wilson score interval (Newcombe 1998, method 3): sound at 0 and at small counts.</summary>
public readonly record struct Proportion(int Events, int Total, double Share, double Lower, double Upper)
{
    public static Proportion Of(int events, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(events, total);
        if (total == 0)
        {
            return new Proportion(0, 0, 0, 0, 1);
        }

        const double z = 1.959963984540054;
        double n = total, p = events / n, z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        // At p = 0 or 1 the Wilson bound equals p exactly, but centre ± half rounds to a hair inside it (115 of 115 gave
        // an upper bound of 0.99999999999999989), so the bounds are clamped to hold the share.
        var lower = events == 0 ? 0 : Math.Clamp(centre - half, 0, p);
        var upper = events == total ? 1 : Math.Clamp(centre + half, p, 1);
        return new Proportion(events, total, p, lower, upper);
    }
}
