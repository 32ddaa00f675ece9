using CsCheck;
using Mainstay.Clinical.Instruments;
using Mainstay.Clinical.Withdrawal;

namespace Mainstay.Clinical.Tests.Withdrawal;

/// <summary>The CTN-0094 harmonized withdrawal categories, from the cut points of its harmonization vignette.</summary>
public class WithdrawalCategoryTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 1)]      // "when(score >= 5) withdrawl = 1; * mild"
    [InlineData(12, 1)]
    [InlineData(13, 2)]     // ">= 13 ... moderate"
    [InlineData(24, 2)]
    [InlineData(25, 3)]     // ">= 25 ... moderately severe same as severe"
    [InlineData(37, 3)]     // ">= 37 ... severe"
    [InlineData(48, 3)]
    public void COWS_scores_fall_in_the_vignettes_categories(int score, int category) =>
        Assert.Equal(category, WithdrawalCategory.Of(WithdrawalScale.Cows, score));

    [Theory]
    [InlineData(0, 0)]      // "when (score = 0) withdrawl = 0"
    [InlineData(1, 1)]      // ">= 1 ... mild"
    [InlineData(10, 1)]
    [InlineData(11, 2)]     // ">= 11 ... moderate"
    [InlineData(20, 2)]
    [InlineData(21, 3)]     // ">= 21 ... severe"
    [InlineData(64, 3)]
    public void SOWS_scores_fall_in_the_vignettes_categories(int score, int category) =>
        Assert.Equal(category, WithdrawalCategory.Of(WithdrawalScale.Sows, score));

    [Fact]
    public void Every_score_is_in_the_range_of_its_category() =>
        Gen.Int[0, 64].Select(Gen.Bool).Sample((score, cows) =>
        {
            var scale = cows ? WithdrawalScale.Cows : WithdrawalScale.Sows;
            if (cows && score > 48)
            {
                return true;
            }

            var (min, max) = WithdrawalCategory.Range(scale, WithdrawalCategory.Of(scale, score));
            return min <= score && score <= max;
        });

    [Fact]
    public void The_COWS_categories_join_the_forms_bands_and_only_join_them()
    {
        // The form's bands (Instruments.Cows): 5–12 mild, 13–24 moderate, 25–36 moderately severe, 37+ severe.
        foreach (var band in Cows.Definition.Bands.Where(b => b.From >= 5))
        {
            Assert.Equal(WithdrawalCategory.Of(WithdrawalScale.Cows, band.From), WithdrawalCategory.Of(WithdrawalScale.Cows, band.To));
        }

        Assert.Equal("moderate (COWS 13–24)", WithdrawalCategory.Describe(WithdrawalScale.Cows, 2));
        Assert.Equal("none (SOWS 0)", WithdrawalCategory.Describe(WithdrawalScale.Sows, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WithdrawalCategory.Of(WithdrawalScale.Cows, 49));
        Assert.Throws<ArgumentOutOfRangeException>(() => WithdrawalCategory.Name(4));
    }
}
