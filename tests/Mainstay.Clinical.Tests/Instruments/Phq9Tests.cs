using Mainstay.Clinical.Instruments;
using static Mainstay.Clinical.Tests.Instruments.AnswerSheet;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>PHQ-9, Kroenke et al. 2001; LOINC from the HL7 US Core PHQ-9 Questionnaire.</summary>
public class Phq9Tests
{
    private static readonly InstrumentDefinition Phq9 = Get("phq9");

    [Theory]
    [InlineData(0, "none-minimal")]
    [InlineData(4, "none-minimal")]
    [InlineData(5, "mild")]
    [InlineData(9, "mild")]
    [InlineData(10, "moderate")]
    [InlineData(14, "moderate")]
    [InlineData(15, "moderately severe")]
    [InlineData(19, "moderately severe")]
    [InlineData(20, "severe")]
    [InlineData(27, "severe")]
    public void Phq9_bands_start_at_5_10_15_and_20(int total, string band)
    {
        var answers = WithTotal(Phq9, total); // fills q1 first, so item 9 stays 0 up to 24

        var score = Scored("phq9", answers);
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Fact]
    public void Phq9_scores_the_sdc_example_as_10_moderate_not_the_stored_13()
    {
        // HL7 SDC questionnaireresponse-sdc-profile-example-PHQ9: answers 0,0,0,1,2,1,3,2,1; the example stores 13.
        var score = Scored("phq9", InOrder(Phq9, 0, 0, 0, 1, 2, 1, 3, 2, 1));
        Assert.Equal(10, score.Total);
        Assert.Equal("moderate", score.Band);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Phq9_item_9_raises_a_self_harm_alert_whatever_the_total(int item9)
    {
        var score = Scored("phq9", InOrder(Phq9, 0, 0, 0, 0, 0, 0, 0, 0, item9));
        Assert.Equal("none-minimal", score.Band);
        var alert = Assert.Single(score.Alerts);
        Assert.Equal("self-harm", alert.Code);
        Assert.Equal(AlertSeverity.Danger, alert.Severity);
    }

    [Fact]
    public void Phq9_item_9_at_0_raises_no_alert_even_when_severe() =>
        Assert.Empty(Scored("phq9", InOrder(Phq9, 3, 3, 3, 3, 3, 3, 3, 3, 0)).Alerts);

    [Fact]
    public void Phq9_missing_answer_is_refused_naming_the_item_never_scored_as_0()
    {
        var answers = Zeros(Phq9);
        answers.Remove("q4");
        var error = Assert.Single(Refused("phq9", answers));
        Assert.Equal(("q4", "missing"), (error.Field, error.Code));
    }

    [Fact]
    public void Phq9_unknown_item_is_refused_with_every_other_problem()
    {
        var answers = Zeros(Phq9);
        answers["q10"] = 1;
        answers["q1"] = 4;
        answers.Remove("q2");
        var errors = Refused("phq9", answers);
        Assert.Equal(["q10:unknown-item", "q1:not-allowed", "q2:missing"], errors.Select(e => $"{e.Field}:{e.Code}"));
    }

    [Fact]
    public void Phq9_carries_confirmed_loinc_codes()
    {
        Assert.Equal(new InstrumentLoinc("44249-1", "44261-6"), Phq9.Loinc);
        Assert.Equal(
            ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"],
            Phq9.Items.Select(i => i.Loinc));
        Assert.Equal(["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"], Phq9.Items[0].AllowedAnswers.Select(a => a.Loinc));
    }
}
