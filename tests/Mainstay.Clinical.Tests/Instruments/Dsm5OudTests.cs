using Mainstay.Clinical.Instruments;
using static Mainstay.Clinical.Tests.Instruments.AnswerSheet;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>DSM-5-TR opioid use disorder criteria, severity, ICD-10-CM codes and remission.</summary>
public class Dsm5OudTests
{
    private static readonly InstrumentDefinition Dsm5 = Get("dsm5-oud");

    private static Dictionary<string, int> Met(params int[] criteria)
    {
        var answers = Zeros(Dsm5);
        foreach (var c in criteria)
        {
            answers[$"c{c}"] = 1;
        }

        return answers;
    }

    [Fact]
    public void Dsm5_tolerance_and_withdrawal_and_one_other_is_mild_without_supervision()
    {
        var score = Scored("dsm5-oud", Met(10, 11, 1));
        Assert.Equal(3, score.Diagnosis!.CriteriaMet);
        Assert.Equal(OudSeverity.Mild, score.Diagnosis.Severity);
        Assert.Equal("F11.10", score.Diagnosis.Icd10Code);
    }

    [Fact]
    public void Dsm5_tolerance_and_withdrawal_are_not_counted_under_medical_supervision()
    {
        var score = Scored("dsm5-oud", Met(10, 11, 1), new ScoringContext { OnMedicalSupervision = true });
        Assert.Equal(1, score.Total);
        Assert.Equal(OudSeverity.None, score.Diagnosis!.Severity);
        Assert.Equal("none", score.Band);
        Assert.Null(score.Diagnosis.Icd10Code);
    }

    [Fact]
    public void Dsm5_tolerance_and_withdrawal_are_not_counted_on_maintenance_therapy()
    {
        var score = Scored("dsm5-oud", Met(10, 11), new ScoringContext { OnMaintenanceTherapy = true });
        Assert.Equal(0, score.Total);
        Assert.True(score.Diagnosis!.OnMaintenanceTherapy);
    }

    [Theory]
    [InlineData(0, OudSeverity.None, null)]
    [InlineData(1, OudSeverity.None, null)]
    [InlineData(2, OudSeverity.Mild, "F11.10")]
    [InlineData(3, OudSeverity.Mild, "F11.10")]
    [InlineData(4, OudSeverity.Moderate, "F11.20")]
    [InlineData(5, OudSeverity.Moderate, "F11.20")]
    [InlineData(6, OudSeverity.Severe, "F11.20")]
    [InlineData(11, OudSeverity.Severe, "F11.20")]
    public void Dsm5_severity_and_icd10_code_follow_the_count(int count, OudSeverity severity, string? icd10)
    {
        var score = Scored("dsm5-oud", Met([.. Enumerable.Range(1, count)]));
        Assert.Equal(count, score.Total);
        Assert.Equal(severity, score.Diagnosis!.Severity);
        Assert.Equal(icd10, score.Diagnosis.Icd10Code);
    }

    [Theory]
    [InlineData(OudSeverity.Mild, 3, OudRemission.Early, "F11.11")]
    [InlineData(OudSeverity.Mild, 11, OudRemission.Early, "F11.11")]
    [InlineData(OudSeverity.Mild, 12, OudRemission.Sustained, "F11.11")]
    [InlineData(OudSeverity.Moderate, 3, OudRemission.Early, "F11.21")]
    [InlineData(OudSeverity.Severe, 11, OudRemission.Early, "F11.21")]
    [InlineData(OudSeverity.Severe, 12, OudRemission.Sustained, "F11.21")]
    public void Dsm5_remission_codes_by_prior_severity(OudSeverity prior, int months, OudRemission remission, string icd10)
    {
        var context = new ScoringContext { MonthsWithoutCriteria = months, PriorSeverity = prior };
        var score = Scored("dsm5-oud", Met(4), context); // craving may persist in remission
        Assert.Equal(remission, score.Diagnosis!.Remission);
        Assert.Equal(prior, score.Diagnosis.Severity);
        Assert.Equal(icd10, score.Diagnosis.Icd10Code);
        Assert.Contains("remission", score.Interpretation, StringComparison.Ordinal);
    }

    [Fact]
    public void Dsm5_fewer_than_3_months_without_criteria_is_not_remission()
    {
        var context = new ScoringContext { MonthsWithoutCriteria = 2, PriorSeverity = OudSeverity.Severe };
        var score = Scored("dsm5-oud", Met(), context);
        Assert.Equal(OudRemission.NotInRemission, score.Diagnosis!.Remission);
        Assert.Null(score.Diagnosis.Icd10Code);
    }

    [Fact]
    public void Dsm5_remission_with_a_criterion_other_than_craving_met_is_refused()
    {
        var context = new ScoringContext { MonthsWithoutCriteria = 6, PriorSeverity = OudSeverity.Moderate };
        var error = Assert.Single(Refused("dsm5-oud", Met(1), context));
        Assert.Equal(("monthsWithoutCriteria", "inconsistent"), (error.Field, error.Code));
    }

    [Fact]
    public void Dsm5_remission_without_prior_severity_is_refused()
    {
        var error = Assert.Single(Refused("dsm5-oud", Met(), new ScoringContext { MonthsWithoutCriteria = 12 }));
        Assert.Equal(("priorSeverity", "missing"), (error.Field, error.Code));
    }

    [Fact]
    public void Dsm5_controlled_environment_is_carried_as_a_specifier() =>
        Assert.True(Scored("dsm5-oud", Met(1, 2), new ScoringContext { InControlledEnvironment = true }).Diagnosis!.InControlledEnvironment);
}
