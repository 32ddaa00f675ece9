using Mainstay.Clinical.Instruments;
using static Mainstay.Clinical.Tests.Instruments.AnswerSheet;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>PC-PTSD-5 (Prins 2016, Bovin 2021), ACE (Felitti 1998) and the social-needs screen (CMS AHC domains).</summary>
public class ScreensTests
{
    private static readonly InstrumentDefinition PcPtsd5 = Get("pcptsd5");
    private static readonly InstrumentDefinition Ace = Get("ace");
    private static readonly InstrumentDefinition SocialNeeds = Get("social-needs");

    [Fact]
    public void PcPtsd5_no_exposure_scores_0_without_the_symptom_items()
    {
        var score = Scored("pcptsd5", new Dictionary<string, int> { ["exposure"] = 0 });
        Assert.Equal(0, score.Total);
        Assert.Equal("negative", score.Band);
    }

    [Fact]
    public void PcPtsd5_symptom_answers_after_no_exposure_are_ignored_not_refused() =>
        Assert.Equal(0, Scored("pcptsd5", InOrder(PcPtsd5, 0, 1, 1, 1, 1, 1)).Total);

    [Fact]
    public void PcPtsd5_exposure_yes_requires_all_five_items()
    {
        var errors = Refused("pcptsd5", new Dictionary<string, int> { ["exposure"] = 1, ["q1"] = 1 });
        Assert.Equal(["q2", "q3", "q4", "q5"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("missing", e.Code));
    }

    [Theory]
    [InlineData(2, "negative")]
    [InlineData(3, "positive")]
    [InlineData(4, "positive")]
    [InlineData(5, "positive")]
    public void PcPtsd5_is_positive_at_3_or_more_yes_answers(int yes, string band)
    {
        var values = new[] { 1 }.Concat(Enumerable.Range(0, 5).Select(i => i < yes ? 1 : 0)).ToArray();
        var score = Scored("pcptsd5", InOrder(PcPtsd5, values));
        Assert.Equal(yes, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Fact]
    public void PcPtsd5_exposure_is_not_counted_in_the_total() =>
        Assert.Equal(0, Scored("pcptsd5", InOrder(PcPtsd5, 1, 0, 0, 0, 0, 0)).Total);

    [Fact]
    public void PcPtsd5_missing_exposure_is_refused_naming_exposure() =>
        Assert.Equal(["exposure"], Refused("pcptsd5", new Dictionary<string, int>()).Select(e => e.Field));

    [Theory]
    [InlineData(0, "none")]
    [InlineData(1, "some")]
    [InlineData(3, "some")]
    [InlineData(4, "high")]
    [InlineData(10, "high")]
    public void Ace_four_or_more_categories_is_high(int total, string band)
    {
        var score = Scored("ace", WithTotal(Ace, total));
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
        Assert.Equal(total, score.Findings.Count);
    }

    [Fact]
    public void Social_needs_lists_each_need_found()
    {
        var answers = Zeros(SocialNeeds);
        answers["housing"] = 1;
        answers["transportation"] = 1;
        var score = Scored("social-needs", answers);
        Assert.Equal(2, score.Total);
        Assert.Equal("needs identified", score.Band);
        Assert.Equal(["housing", "transportation"], score.Findings);
    }

    [Fact]
    public void Social_needs_none_found()
    {
        var score = Scored("social-needs", Zeros(SocialNeeds));
        Assert.Equal("no needs identified", score.Band);
        Assert.Empty(score.Findings);
    }

    [Fact]
    public void Social_needs_interpersonal_safety_raises_an_alert()
    {
        var answers = Zeros(SocialNeeds);
        answers["safety"] = 1;
        Assert.Equal("interpersonal-safety", Assert.Single(Scored("social-needs", answers).Alerts).Code);
    }
}
