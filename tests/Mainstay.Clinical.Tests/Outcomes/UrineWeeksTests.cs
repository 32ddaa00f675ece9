using CsCheck;
using Mainstay.Clinical.Outcomes;

namespace Mainstay.Clinical.Tests.Outcomes;

/// <summary>Weekly urine words and the relapse definitions read from them, checked against CTNote's own outcome table.</summary>
public class UrineWeeksTests
{
    private static readonly DateOnly Start = new(2025, 1, 6);

    [Theory]
    [InlineData(0, 0)]      // the start day is the last day of week 0
    [InlineData(-1, 0)]
    [InlineData(-6, 0)]
    [InlineData(-7, -1)]   // R: (-7 - 1) %/% 7 + 1
    [InlineData(1, 1)]      // week 1 starts the next day
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(168, 24)]   // the 24th week ends on day 168
    [InlineData(169, 25)]
    public void Study_weeks_start_the_day_after_the_start(int day, int week) =>
        Assert.Equal(week, UrineWeeks.StudyWeek(Start, Start.AddDays(day)));

    [Fact]
    public void Each_week_is_one_symbol()
    {
        var screens = new[]
        {
            new ScreenDay(Start, false),                 // week 0: not in the word
            new ScreenDay(Start.AddDays(3), true),       // week 1: negative
            new ScreenDay(Start.AddDays(9), false),      // week 2: positive
            new ScreenDay(Start.AddDays(15), true),      // week 3: both
            new ScreenDay(Start.AddDays(17), false),
            new ScreenDay(Start.AddDays(29), true),      // week 5 (week 4 missing)
            new ScreenDay(Start.AddDays(40), false),     // week 6, beyond a 5-week word
        };
        Assert.Equal("-+*o-", UrineWeeks.Pattern(Start, screens, weeks: 5));
        Assert.Equal(new string('o', 24), UrineWeeks.Pattern(Start, []));
    }

    /// <summary>
    /// Rows of CTNote 0.1.0's <c>inst/extdata/outcomes_relapse_20221123.csv</c> (participant, usePatternUDS, then
    /// RsT/RsE_ctnNinetyFour_2023, DrT/DrE_ctnNinetyFour_2023, RsT/RsE_ctnFiftyOne_2018).
    /// </summary>
    [Theory]
    [InlineData(1, "ooooooooooooooo", 1, true, 1, true, 3, true)]
    [InlineData(2, "*---oo-o-o-o+oo", 12, true, 12, false, 12, true)]
    [InlineData(4, "-------------------o-o-o", 21, false, 21, false, 21, false)]
    [InlineData(10, "------+++-++++o+++o+-o", 11, true, 19, false, 11, true)]
    [InlineData(12, "+-++-*o--o-+o-o--+----oo", 21, false, 21, false, 21, false)]
    [InlineData(17, "--++*++++++-++++++-+++-", 3, true, 20, false, 3, true)]
    [InlineData(27, "+---oo+++--o+-o-oooooooooooooooo", 5, true, 17, true, 5, true)]
    [InlineData(42, "*++++-+-----++-ooooooooo", 1, true, 16, true, 16, true)]
    [InlineData(105, "+++o-o+o++ooooo", 1, true, 11, true, 6, true)]
    [InlineData(132, "oo++---o---o----o--o-o--", 1, true, 21, false, 21, false)]
    [InlineData(143, "*---o+--+-+*-----+o+-o++o+oo++o", 22, true, 28, false, 22, true)]
    [InlineData(226, "*o+--ooo-o------+o------oo-o-o+o-o", 31, false, 31, false, 31, false)]
    [InlineData(242, "-----------------------", 20, false, 20, false, 20, false)]
    public void The_definitions_give_CTNotes_own_outcomes(int who, string pattern, int relapseWeek, bool relapse, int dropoutWeek, bool dropout, int xbotWeek, bool xbot)
    {
        Assert.True(who > 0);
        Assert.Equal(new WeekEvent(relapseWeek, relapse), UrineWeeks.Ctn0094Relapse.Detect(pattern));
        Assert.Equal(new WeekEvent(dropoutWeek, dropout), UrineWeeks.Ctn0094Dropout.Detect(pattern));
        Assert.Equal(new WeekEvent(xbotWeek, xbot), UrineWeeks.Xbot2018Relapse.Detect(pattern));
    }

    [Fact]
    public void A_word_shorter_than_a_window_has_no_outcome()
    {
        Assert.Null(UrineWeeks.Ctn0094Relapse.Detect("+++"));
        Assert.Null(UrineWeeks.Xbot2018Relapse.Detect("+++++"));
        Assert.NotNull(UrineWeeks.Xbot2018Relapse.Detect("++++++"));
    }

    [Fact]
    public void Threshold_and_window_are_read_as_CTNote_does()
    {
        // detect_in_window's own example: "o-o+++" with the default 3 in 4 is a match in the third window.
        Assert.Equal(new WeekEvent(3, true), UrineWeeks.Detect("o-o+++", '+', 4, 3));
        Assert.Equal(new WeekEvent(1, true), UrineWeeks.Detect(UrineWeeks.MissingIsPositive("o-o+++"), '+', 4, 3));
        // The first positive: a window of one.
        Assert.Equal(new WeekEvent(1, true), UrineWeeks.Detect(UrineWeeks.MissingIsPositive("o-o+++"), '+', 1, 1));
        Assert.Equal(new WeekEvent(4, true), UrineWeeks.Detect("o-o+++", '+', 1, 1));
    }

    [Fact]
    public void The_event_is_the_first_window_that_matches_and_none_before_it_does()
    {
        var symbols = new[] { '+', '-', '*', 'o' };
        Gen.Int[0, 3].Array[0, 40].Select(Gen.Int[1, 6], Gen.Int[0, 4]).Sample((codes, window, skip) =>
        {
            var pattern = new string([.. codes.Select(c => symbols[c])]);
            var threshold = Math.Max(1, window - 1);
            var found = UrineWeeks.Detect(pattern, '+', window, threshold, skip);
            var windows = pattern.Length - skip - window + 1;
            if (windows < 1)
            {
                return found is null;
            }

            bool Matches(int week) => pattern.Substring(week - 1, window).Count(c => c == '+') >= threshold;
            var first = Enumerable.Range(skip + 1, windows).Where(Matches).Cast<int?>().FirstOrDefault();
            return found is { } f && (first is { } w ? f == new WeekEvent(w, true) : f == new WeekEvent(windows + skip, false));
        });
    }

    [Fact]
    public void One_summary_of_the_longest_follow_up_answers_every_shorter_one() =>
        Gen.Int[-20, 800].Select(Gen.Bool).Array[0, 120].Select(Gen.Int[1, 104]).Sample((drawn, n) =>
        {
            var screens = drawn.Select(d => new ScreenDay(Start.AddDays(d.Item1), d.Item2)).ToList();
            var whole = UrineWeeks.Summarize(Start, screens, 104);
            var inWeeks = screens.Where(x => UrineWeeks.StudyWeek(Start, x.Date) is >= 1 and var w && w <= n).ToList();
            return whole.Pattern[..n] == UrineWeeks.Pattern(Start, screens, n)
                && whole.ScreensUpTo[n - 1] == inWeeks.Count
                && whole.NegativesUpTo[n - 1] == inWeeks.Count(x => x.OpioidNegative);
        });

    [Fact]
    public void The_first_event_of_the_whole_word_tells_every_shorter_word() =>
        Gen.Char["+-*o"].Array[104].Select(Gen.Int[1, 104]).Sample((symbols, n) =>
        {
            var word = new string(symbols);
            return UrineWeeks.Definitions.All(d => (d.Detect(word[..n])?.Event == true) == (d.FirstEventEnds(word) <= n));
        });

    [Fact]
    public void A_first_event_ends_on_the_window_s_last_week()
    {
        // Positive from week 5: CTN-0094's window is weeks 5-8; X:BOT's too (it looks from week 3); no drop-out.
        var word = "----++++" + new string('-', 16);
        Assert.Equal(8, UrineWeeks.Ctn0094Relapse.FirstEventEnds(word));
        Assert.Equal(8, UrineWeeks.Xbot2018Relapse.FirstEventEnds(word));
        Assert.Null(UrineWeeks.Ctn0094Dropout.FirstEventEnds(word));
        // Missing weeks 1-4: CTN-0094 relapses (missing counts positive) and drops out at week 4; X:BOT skips weeks 1-2.
        var missing = "oooo" + new string('-', 20);
        Assert.Equal(4, UrineWeeks.Ctn0094Relapse.FirstEventEnds(missing));
        Assert.Equal(4, UrineWeeks.Ctn0094Dropout.FirstEventEnds(missing));
        Assert.Null(UrineWeeks.Xbot2018Relapse.FirstEventEnds(missing));
    }
}

/// <summary>The Wilson score interval, against Newcombe 1998 (Stat Med 17:857), Table I, method 3.</summary>
public class ProportionTests
{
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Newcombes_examples(int events, int total, double lower, double upper)
    {
        var p = Proportion.Of(events, total);
        Assert.Equal(lower, p.Lower, 4);
        Assert.Equal(upper, p.Upper, 4);
    }

    [Fact]
    public void All_or_none_gives_a_bound_at_the_share_itself()
    {
        // CI found 115 of 115 with an upper bound a rounding error under 1; every total up to 2,000 is checked here.
        for (var n = 1; n <= 2000; n++)
        {
            Assert.Equal(1.0, Proportion.Of(n, n).Upper);
            Assert.Equal(0.0, Proportion.Of(0, n).Lower);
        }
    }

    [Fact]
    public void The_interval_holds_the_share() =>
        CsCheck.Gen.Int[0, 500].Select(CsCheck.Gen.Int[0, 500]).Sample((a, b) =>
        {
            var p = Proportion.Of(Math.Min(a, b), Math.Max(a, b));
            return p.Lower <= p.Share && p.Share <= p.Upper && p.Lower >= 0 && p.Upper <= 1;
        });
}
