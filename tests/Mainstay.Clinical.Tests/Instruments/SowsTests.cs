using Mainstay.Clinical.Instruments;
using static Mainstay.Clinical.Tests.Instruments.AnswerSheet;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>SOWS, Handelsman et al. 1987: 16 items 0–4, total 0–64, no published bands.</summary>
public class SowsTests
{
    private static readonly InstrumentDefinition Sows = Get("sows");

    [Fact]
    public void Sows_has_sixteen_items_rated_0_to_4()
    {
        Assert.Equal(16, Sows.Items.Count);
        Assert.All(Sows.Items, i => Assert.Equal([0, 1, 2, 3, 4], i.AllowedAnswers.Select(a => a.Value)));
        Assert.Equal(64, Sows.MaxTotal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(64)]
    public void Sows_total_is_not_banded_and_says_so(int total)
    {
        var score = Scored("sows", WithTotal(Sows, total));
        Assert.Equal(total, score.Total);
        Assert.Null(score.Band);
        Assert.Null(score.BandIndex);
        Assert.Contains("no published severity bands", score.Interpretation, StringComparison.Ordinal);
    }

    [Fact]
    public void Sows_has_no_bands_and_no_loinc_code()
    {
        Assert.Empty(Sows.Bands);
        Assert.Null(Sows.Loinc);
    }
}
