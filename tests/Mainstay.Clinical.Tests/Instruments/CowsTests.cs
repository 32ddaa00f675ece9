using Mainstay.Clinical.Instruments;
using static Mainstay.Clinical.Tests.Instruments.AnswerSheet;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>COWS, Wesson &amp; Ling 2003: sparse item values, total 0–48, form-footer bands.</summary>
public class CowsTests
{
    private static readonly InstrumentDefinition Cows = Get("cows");

    [Fact]
    public void Cows_has_eleven_items_and_a_total_from_0_to_48()
    {
        Assert.Equal(11, Cows.Items.Count);
        Assert.Equal(0, Cows.MinTotal);
        Assert.Equal(48, Cows.MaxTotal);
        Assert.Equal(48, Cows.Items.Sum(i => i.MaxValue));
    }

    [Theory]
    [InlineData(0, "no active withdrawal")]
    [InlineData(4, "no active withdrawal")]
    [InlineData(5, "mild")]
    [InlineData(12, "mild")]
    [InlineData(13, "moderate")]
    [InlineData(24, "moderate")]
    [InlineData(25, "moderately severe")]
    [InlineData(36, "moderately severe")]
    [InlineData(37, "severe")]
    [InlineData(48, "severe")]
    public void Cows_bands_follow_the_form_footer(int total, string band)
    {
        var score = Scored("cows", WithTotal(Cows, total));
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Fact]
    public void Cows_0_to_4_label_says_it_is_a_convention_not_on_the_form() =>
        Assert.Contains("convention", Scored("cows", Zeros(Cows)).Interpretation, StringComparison.Ordinal);

    [Theory]
    [InlineData("pulse", new[] { 0, 1, 2, 4 })]
    [InlineData("sweating", new[] { 0, 1, 2, 3, 4 })]
    [InlineData("restlessness", new[] { 0, 1, 3, 5 })]
    [InlineData("pupils", new[] { 0, 1, 2, 5 })]
    [InlineData("aches", new[] { 0, 1, 2, 4 })]
    [InlineData("runny-nose", new[] { 0, 1, 2, 4 })]
    [InlineData("gi-upset", new[] { 0, 1, 2, 3, 5 })]
    [InlineData("tremor", new[] { 0, 1, 2, 4 })]
    [InlineData("yawning", new[] { 0, 1, 2, 4 })]
    [InlineData("anxiety", new[] { 0, 1, 2, 4 })]
    [InlineData("gooseflesh", new[] { 0, 3, 5 })]
    public void Cows_items_allow_only_the_printed_scores(string item, int[] allowed) =>
        Assert.Equal(allowed, Cows.Item(item)!.AllowedAnswers.Select(a => a.Value));

    [Fact]
    public void Cows_pulse_of_3_is_refused_naming_pulse()
    {
        var answers = Zeros(Cows);
        answers["pulse"] = 3;
        var error = Assert.Single(Refused("cows", answers));
        Assert.Equal("pulse", error.Field);
        Assert.Equal("not-allowed", error.Code);
    }

    [Fact]
    public void Cows_has_no_loinc_code() => Assert.Null(Cows.Loinc);
}
