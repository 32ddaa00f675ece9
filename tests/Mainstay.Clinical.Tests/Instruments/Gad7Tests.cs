using Mainstay.Clinical.Instruments;
using static Mainstay.Clinical.Tests.Instruments.AnswerSheet;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>GAD-7, Spitzer et al. 2006: cut points 5, 10, 15.</summary>
public class Gad7Tests
{
    private static readonly InstrumentDefinition Gad7 = Get("gad7");

    [Theory]
    [InlineData(0, "minimal")]
    [InlineData(4, "minimal")]
    [InlineData(5, "mild")]
    [InlineData(9, "mild")]
    [InlineData(10, "moderate")]
    [InlineData(14, "moderate")]
    [InlineData(15, "severe")]
    [InlineData(21, "severe")]
    public void Gad7_bands_start_at_5_10_and_15(int total, string band)
    {
        var score = Scored("gad7", WithTotal(Gad7, total));
        Assert.Equal(total, score.Total);
        Assert.Equal(band, score.Band);
    }

    [Fact]
    public void Gad7_has_seven_items_and_loinc_total_70274_6()
    {
        Assert.Equal(7, Gad7.Items.Count);
        Assert.Equal(21, Gad7.MaxTotal);
        Assert.Equal(new InstrumentLoinc("69737-5", "70274-6"), Gad7.Loinc);
    }
}
