using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>Mainstay's ASAM (3rd edition) level-of-care decision aid: the rule table in docs/CLINICAL.md.</summary>
public class AsamPlacementTests
{
    private static readonly AsamContext NoExtras = new();

    private static AsamRecommendation Recommend(int d1, int d2, int d3, int d4, int d5, int d6, AsamContext? context = null)
    {
        var result = AsamPlacement.Recommend(new AsamRatings(d1, d2, d3, d4, d5, d6), context ?? NoExtras);
        Assert.True(result.IsValid);
        return result.Value!;
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, 0, 5, new[] { "withdrawal", "recoveryEnvironment" })]
    [InlineData(0, 5, 0, 0, 0, 0, new[] { "biomedical" })]
    [InlineData(0, 0, 9, 7, -2, 0, new[] { "emotionalBehavioralCognitive", "readinessToChange", "relapsePotential" })]
    public void Asam_ratings_outside_0_to_4_are_refused_naming_each_dimension(int d1, int d2, int d3, int d4, int d5, int d6, string[] fields)
    {
        var result = AsamPlacement.Recommend(new AsamRatings(d1, d2, d3, d4, d5, d6), NoExtras);
        Assert.False(result.IsValid);
        Assert.Equal(fields, result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal("out-of-range", e.Code));
    }

    [Theory]
    [InlineData(4, 0, 0, 0, 0, 0, false, "R1", "4-WM")]
    [InlineData(3, 0, 0, 0, 0, 0, true, "R1", "4-WM")]
    [InlineData(0, 4, 0, 0, 0, 0, false, "R2", "4")]
    [InlineData(0, 3, 0, 0, 0, 0, true, "R2", "4")]
    [InlineData(3, 0, 0, 0, 0, 0, false, "R3", "3.7-WM")]
    [InlineData(0, 3, 0, 0, 0, 0, false, "R4", "3.7")]
    [InlineData(0, 0, 3, 0, 0, 0, false, "R4", "3.7")]
    [InlineData(2, 2, 0, 0, 0, 0, false, "R5", "3.7-WM")]
    [InlineData(2, 0, 0, 0, 0, 3, false, "R5", "3.7-WM")]
    [InlineData(2, 1, 0, 0, 0, 2, false, "R6", "2-WM")]
    [InlineData(0, 0, 0, 0, 3, 0, false, "R7", "3.5")]
    [InlineData(1, 0, 0, 0, 0, 3, false, "R7", "3.5")]
    [InlineData(0, 0, 0, 0, 2, 0, false, "R8", "2.1")]
    [InlineData(0, 0, 0, 2, 0, 0, false, "R8", "2.1")]
    [InlineData(0, 0, 0, 4, 1, 2, false, "R8", "2.1")]
    [InlineData(1, 2, 2, 1, 1, 2, false, "R9", "1")]
    [InlineData(0, 0, 0, 0, 0, 0, false, "R9", "1")]
    public void Asam_rule_table_first_match_decides(int d1, int d2, int d3, int d4, int d5, int d6, bool unstable, string rule, string level)
    {
        var recommendation = Recommend(d1, d2, d3, d4, d5, d6, new AsamContext { MedicallyUnstable = unstable });
        Assert.Equal(rule, recommendation.Rule);
        Assert.Equal(level, recommendation.LevelCode);
        Assert.False(recommendation.OfferOpioidTreatmentProgram);
    }

    [Theory]
    [InlineData(OudSeverity.Moderate, true, false, true)]
    [InlineData(OudSeverity.Severe, true, false, true)]
    [InlineData(OudSeverity.Mild, true, false, false)]
    [InlineData(OudSeverity.Severe, false, false, false)]
    [InlineData(OudSeverity.Mild, false, true, true)]
    public void Asam_offers_an_opioid_treatment_program_alongside_for_medication(OudSeverity severity, bool methadone, bool moud, bool offered)
    {
        var context = new AsamContext { OudSeverity = severity, ChoosesMethadone = methadone, OudWithMedication = moud };
        var recommendation = Recommend(0, 0, 0, 0, 2, 0, context);
        Assert.Equal("2.1", recommendation.LevelCode);
        Assert.Equal(offered, recommendation.OfferOpioidTreatmentProgram);
    }

    [Fact]
    public void Asam_levels_have_the_codes_of_the_third_edition()
    {
        Assert.Equal(
            ["0.5", "1", "1-OTP", "2.1", "2.5", "3.1", "3.3", "3.5", "3.7", "4", "1-WM", "2-WM", "3.2-WM", "3.7-WM", "4-WM"],
            AsamLevels.All.Select(l => l.Code()));
        Assert.All(AsamLevels.All, l => Assert.Equal(l, AsamLevels.FromCode(l.Code())));
        Assert.Equal("Medically Managed Intensive Inpatient", AsamLevel.MedicallyManagedIntensiveInpatient.Name());
        Assert.Null(AsamLevels.FromCode("5"));
    }

    [Fact]
    public void Asam_every_rule_recommends_a_known_level() =>
        Assert.All(AsamPlacement.Rules, r => Assert.NotNull(AsamLevels.FromCode(r.Recommends)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Asam_a_different_level_without_a_reason_is_refused(string? reason)
    {
        var result = AsamPlacement.Choose(AsamLevel.ClinicallyManagedHighIntensityResidential, AsamLevel.IntensiveOutpatient, reason);
        Assert.False(result.IsValid);
        Assert.Equal(("reason", "reason-required"), (result.Errors[0].Field, result.Errors[0].Code));
    }

    [Fact]
    public void Asam_a_different_level_with_a_reason_is_recorded_as_an_override()
    {
        var result = AsamPlacement.Choose(AsamLevel.ClinicallyManagedHighIntensityResidential, AsamLevel.IntensiveOutpatient, " No residential bed; daily IOP and OTP ");
        Assert.True(result.IsValid);
        Assert.True(result.Value!.IsOverride);
        Assert.Equal("No residential bed; daily IOP and OTP", result.Value.Reason);
    }

    [Fact]
    public void Asam_the_recommended_level_needs_no_reason()
    {
        var result = AsamPlacement.Choose(AsamLevel.Outpatient, AsamLevel.Outpatient, null);
        Assert.True(result.IsValid);
        Assert.False(result.Value!.IsOverride);
    }
}
