using CsCheck;
using Mainstay.Clinical.Screens;
using static Mainstay.Clinical.Screens.AnalyteResult;

namespace Mainstay.Clinical.Tests.Screens;

/// <summary>
/// Specimen validity at the HHS Mandatory Guidelines cut-offs, and the reading of results against the prescribed
/// medication (ASAM 2017 drug-testing guidance: EDDP for methadone, norbuprenorphine for buprenorphine, 6-MAM for heroin).
/// </summary>
public class ScreenInterpretationTests
{
    private static readonly SpecimenChecks ObservedUrine = new(SpecimenType.Urine, Observed: true, TemperatureC: 34m, CreatinineMgPerDl: 80m, SpecificGravity: 1.0150m, Ph: 6m);
    private static readonly ScreenContext OnMethadone = new(Methadone: true, Buprenorphine: false);
    private static readonly ScreenContext OnBuprenorphine = new(Methadone: false, Buprenorphine: true);

    private static ScreenReading Read(ScreenContext context, params (Analyte A, AnalyteResult R)[] results) =>
        ScreenInterpretation.Interpret(results.ToDictionary(r => r.A, r => r.R), ObservedUrine, context);

    [Theory]
    [InlineData(32.0, SpecimenValidity.Valid)]
    [InlineData(38.0, SpecimenValidity.Valid)]
    [InlineData(31.9, SpecimenValidity.TemperatureOutOfRange)]
    [InlineData(38.1, SpecimenValidity.TemperatureOutOfRange)]
    public void Temperature_must_be_32_to_38_degrees(double celsius, SpecimenValidity expected) =>
        Assert.Equal(expected, ScreenInterpretation.Validity(ObservedUrine with { TemperatureC = (decimal)celsius }));

    [Theory]
    [InlineData(3.9, SpecimenValidity.Adulterated)]
    [InlineData(4.0, SpecimenValidity.Invalid)]
    [InlineData(4.4, SpecimenValidity.Invalid)]
    [InlineData(4.5, SpecimenValidity.Valid)]
    [InlineData(8.9, SpecimenValidity.Valid)]
    [InlineData(9.0, SpecimenValidity.Invalid)]
    [InlineData(10.9, SpecimenValidity.Invalid)]
    [InlineData(11.0, SpecimenValidity.Adulterated)]
    public void Ph_cut_offs_follow_the_hhs_guidelines(double ph, SpecimenValidity expected) =>
        Assert.Equal(expected, ScreenInterpretation.Validity(ObservedUrine with { Ph = (decimal)ph }));

    [Theory]
    [InlineData(1.9, 1.0010, SpecimenValidity.Substituted)]
    [InlineData(1.9, 1.0200, SpecimenValidity.Substituted)]
    [InlineData(1.9, 1.0100, SpecimenValidity.Invalid)]
    [InlineData(2.0, 1.0010, SpecimenValidity.Invalid)]
    [InlineData(2.0, 1.0020, SpecimenValidity.Dilute)]
    [InlineData(19.9, 1.0029, SpecimenValidity.Dilute)]
    [InlineData(19.9, 1.0030, SpecimenValidity.Valid)]
    [InlineData(20.0, 1.0020, SpecimenValidity.Valid)]
    public void Creatinine_and_specific_gravity_cut_offs(double creatinine, double gravity, SpecimenValidity expected) =>
        Assert.Equal(expected, ScreenInterpretation.Validity(ObservedUrine with { CreatinineMgPerDl = (decimal)creatinine, SpecificGravity = (decimal)gravity }));

    [Fact]
    public void Oral_fluid_has_no_urine_criteria_but_an_adulterant_still_counts()
    {
        var oral = new SpecimenChecks(SpecimenType.OralFluid, Observed: true, TemperatureC: 20m, CreatinineMgPerDl: 1m, Ph: 3m);
        Assert.Equal(SpecimenValidity.Valid, ScreenInterpretation.Validity(oral));
        Assert.Equal(SpecimenValidity.Adulterated, ScreenInterpretation.Validity(oral with { AdulterantDetected = true }));
    }

    [Fact]
    public void Fentanyl_or_norfentanyl_alone_is_fentanyl_use_and_a_danger()
    {
        foreach (var analyte in new[] { Analyte.Fentanyl, Analyte.Norfentanyl })
        {
            var reading = Read(OnMethadone, (analyte, Positive), (Analyte.Methadone, Positive), (Analyte.Eddp, Positive));
            Assert.True(reading.FentanylUse);
            Assert.True(reading.IllicitOpioidUse);
            Assert.False(reading.OpioidNegative);
            Assert.Equal("fentanyl-positive", reading.Findings[0].Code);
            Assert.Equal(FindingSeverity.Danger, reading.Findings[0].Severity);
        }
    }

    [Fact]
    public void Prescribed_fentanyl_is_not_read_as_use()
    {
        var reading = Read(ScreenContext.None with { PrescribedOpioids = ["fentanyl"] }, (Analyte.Fentanyl, Positive));
        Assert.False(reading.FentanylUse);
        Assert.True(reading.OpioidNegative);
    }

    [Fact]
    public void Six_mam_means_heroin_and_opiates_without_it_are_a_warning()
    {
        Assert.True(Read(OnMethadone, (Analyte.SixMam, Positive), (Analyte.Opiates, Positive)).Has("heroin-positive"));
        var opiates = Read(OnMethadone, (Analyte.Opiates, Positive), (Analyte.SixMam, Negative));
        Assert.True(opiates.Has("opiates-positive"));
        Assert.False(opiates.Has("heroin-positive"));
        Assert.False(Read(ScreenContext.None with { PrescribedOpioids = ["Morphine"] }, (Analyte.Opiates, Positive)).IllicitOpioidUse);
    }

    [Fact]
    public void Methadone_without_eddp_is_possible_diversion()
    {
        var reading = Read(OnMethadone, (Analyte.Methadone, Positive), (Analyte.Eddp, Negative));
        Assert.True(reading.PossibleDiversion);
        Assert.True(reading.Has("methadone-without-eddp"));
        Assert.False(reading.IllicitOpioidUse);
    }

    [Fact]
    public void Methadone_and_eddp_both_missing_is_possible_diversion_and_eddp_alone_is_fine()
    {
        Assert.True(Read(OnMethadone, (Analyte.Methadone, Negative), (Analyte.Eddp, Negative)).Has("methadone-absent"));
        var eddpOnly = Read(OnMethadone, (Analyte.Methadone, Negative), (Analyte.Eddp, Positive), (Analyte.Fentanyl, Negative));
        Assert.False(eddpOnly.PossibleDiversion);
        Assert.True(eddpOnly.OpioidNegative);
    }

    [Fact]
    public void Buprenorphine_without_norbuprenorphine_is_possible_diversion()
    {
        var reading = Read(OnBuprenorphine, (Analyte.Buprenorphine, Positive), (Analyte.Norbuprenorphine, Negative));
        Assert.True(reading.Has("buprenorphine-without-norbuprenorphine"));
        Assert.True(reading.PossibleDiversion);
        Assert.False(Read(OnBuprenorphine, (Analyte.Buprenorphine, Positive), (Analyte.Norbuprenorphine, Positive)).PossibleDiversion);
    }

    [Fact]
    public void In_oral_fluid_a_missing_metabolite_is_not_flagged()
    {
        var results = new Dictionary<Analyte, AnalyteResult> { [Analyte.Buprenorphine] = Positive, [Analyte.Norbuprenorphine] = Negative };
        var reading = ScreenInterpretation.Interpret(results, new SpecimenChecks(SpecimenType.OralFluid, true), OnBuprenorphine);
        Assert.False(reading.PossibleDiversion);
    }

    [Fact]
    public void Unprescribed_methadone_or_buprenorphine_is_an_illicit_opioid()
    {
        Assert.True(Read(OnMethadone, (Analyte.Buprenorphine, Positive)).Has("unprescribed-buprenorphine"));
        Assert.True(Read(OnBuprenorphine, (Analyte.Eddp, Positive)).IllicitOpioidUse);
    }

    [Fact]
    public void A_dilute_specimen_keeps_its_positives_but_its_negatives_prove_nothing()
    {
        var dilute = ObservedUrine with { CreatinineMgPerDl = 10m, SpecificGravity = 1.0020m };
        var results = new Dictionary<Analyte, AnalyteResult>
        {
            [Analyte.Fentanyl] = Negative,
            [Analyte.Methadone] = Negative,
            [Analyte.Eddp] = Negative,
            [Analyte.Cocaine] = Positive,
        };
        var reading = ScreenInterpretation.Interpret(results, dilute, OnMethadone);
        Assert.Equal(SpecimenValidity.Dilute, reading.Validity);
        Assert.False(reading.OpioidNegative);
        Assert.False(reading.PossibleDiversion);
        Assert.True(reading.Has("cocaine-positive"));
        Assert.True(reading.Has("specimen-dilute"));
    }

    [Fact]
    public void Benzodiazepines_with_an_opioid_medication_are_a_danger_unless_prescribed()
    {
        Assert.Equal(FindingSeverity.Danger, Read(OnMethadone, (Analyte.Benzodiazepines, Positive)).Findings.Single().Severity);
        Assert.Equal(FindingSeverity.Warning, Read(ScreenContext.None, (Analyte.Benzodiazepines, Positive)).Findings.Single().Severity);
        Assert.Empty(Read(OnMethadone with { Benzodiazepines = true }, (Analyte.Benzodiazepines, Positive)).Findings);
    }

    [Fact]
    public void Xylazine_is_a_danger()
    {
        var finding = Read(OnMethadone, (Analyte.Xylazine, Positive)).Findings.Single();
        Assert.Equal(("xylazine-positive", FindingSeverity.Danger), (finding.Code, finding.Severity));
    }

    [Fact]
    public void Without_any_opioid_analyte_the_screen_is_not_counted_as_opioid_negative() =>
        Assert.False(Read(OnMethadone, (Analyte.Cocaine, Negative)).OpioidNegative);

    [Fact]
    public void Analyte_codes_round_trip()
    {
        foreach (var a in Enum.GetValues<Analyte>())
        {
            Assert.True(ScreenInterpretation.TryParseAnalyte(ScreenInterpretation.Code(a).ToUpperInvariant(), out var back));
            Assert.Equal(a, back);
        }

        Assert.False(ScreenInterpretation.TryParseAnalyte("heroin", out _));
    }

    private static readonly Gen<Dictionary<Analyte, AnalyteResult>> GenResults =
        Gen.Select(Gen.Int[0, Enum.GetValues<Analyte>().Length - 1], Gen.Bool).Array[0, 14]
            .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => (Analyte)g.Key, g => g.First().Item2 ? Positive : Negative));

    private static readonly Gen<SpecimenChecks> GenChecks =
        Gen.Select(Gen.Int[280, 400], Gen.Int[0, 300], Gen.Int[10000, 10400], Gen.Int[30, 120], Gen.Bool)
            .Select((t, c, g, ph, observed) => new SpecimenChecks(SpecimenType.Urine, observed, t / 10m, c / 10m, g / 10000m, ph / 10m));

    private static readonly Gen<ScreenContext> GenContext =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool).Select((m, b, z) => new ScreenContext(m, b, Benzodiazepines: z));

    [Fact]
    public void A_screen_is_never_both_opioid_negative_and_showing_illicit_opioid_use() =>
        Gen.Select(GenResults, GenChecks, GenContext).Sample((results, checks, context) =>
        {
            var reading = ScreenInterpretation.Interpret(results, checks, context);
            return !(reading.OpioidNegative && reading.IllicitOpioidUse)
                && (!reading.OpioidNegative || reading.Validity == SpecimenValidity.Valid)
                && (!reading.FentanylUse || reading.IllicitOpioidUse);
        });

    [Fact]
    public void Specimen_validity_never_hides_a_positive() =>
        Gen.Select(GenResults, GenChecks, GenContext).Sample((results, checks, context) =>
        {
            var asChecked = ScreenInterpretation.Interpret(results, checks, context);
            var asValid = ScreenInterpretation.Interpret(results, ObservedUrine, context);
            return asChecked.FentanylUse == asValid.FentanylUse && asChecked.IllicitOpioidUse == asValid.IllicitOpioidUse;
        });

    [Fact]
    public void Findings_are_ordered_danger_first() =>
        Gen.Select(GenResults, GenChecks, GenContext).Sample((results, checks, context) =>
        {
            var severities = ScreenInterpretation.Interpret(results, checks, context).Findings.Select(f => f.Severity).ToList();
            return severities.SequenceEqual(severities.OrderByDescending(s => s));
        });
}
