using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Instruments;
using Mainstay.Clinical.Planning;

namespace Mainstay.Clinical.Tests.Planning;

/// <summary>Medication options for opioid use disorder; sources in docs/CLINICAL.md, "Treatment-plan drafting".</summary>
public class MedicationOptionsTests
{
    private static readonly DateOnly Today = PlanDrafterTests.Today;

    private static readonly OudDiagnosis Moderate = new(5, OudSeverity.Moderate, "F11.20", OudRemission.NotInRemission, false, false);

    private static readonly IntakeHistory Base = new() { Pregnancy = PregnancyStatus.NotPregnant };

    private static Dictionary<string, MedicationOption> Options(IntakeHistory history, Func<PlanDraftInput, PlanDraftInput>? change = null)
    {
        var input = new PlanDraftInput
        {
            Profile = RiskFactorProfiler.Build(history, new InstrumentResults(), Today),
            History = history,
            Diagnosis = Moderate,
            StartsOn = Today,
        };
        var plan = PlanDrafter.Draft(change is null ? input : change(input));
        var oud = Assert.Single(plan.Problems, p => p.Code == "opioid-use-disorder");
        return oud.MedicationOptions.ToDictionary(m => m.Medication);
    }

    private static bool Mentions(IEnumerable<string> reasons, string text) => reasons.Any(r => r.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void Pregnancy_suggests_methadone_and_buprenorphine_and_rules_out_starting_naltrexone()
    {
        var o = Options(Base with { Pregnancy = PregnancyStatus.Pregnant, LastOpioidUse = Today.AddDays(-20) });

        Assert.True(o["methadone"].Suggested);
        Assert.True(o["buprenorphine"].Suggested);
        Assert.False(o["naltrexone-xr"].Suggested);
        Assert.True(Mentions(o["methadone"].For, "ACOG Committee Opinion 711"));
        Assert.True(Mentions(o["buprenorphine"].For, "ACOG Committee Opinion 711"));
        Assert.True(Mentions(o["naltrexone-xr"].Against, "not started in pregnancy"));
    }

    [Fact]
    public void Fentanyl_warns_of_precipitated_withdrawal_with_buprenorphine_and_favours_methadone_as_a_full_agonist()
    {
        var o = Options(Base with { Substances = [new SubstanceUse("fentanyl", ["smoked"], UseFrequency.Daily)], LastOpioidUse = Today.AddDays(-1) });

        Assert.True(Mentions(o["buprenorphine"].Against, "precipitated withdrawal"));
        Assert.True(Mentions(o["buprenorphine"].Against, "low-dose or high-dose initiation"));
        Assert.True(Mentions(o["methadone"].For, "no precipitated withdrawal"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(6)]
    public void Recent_last_use_makes_naltrexone_not_yet_eligible(int daysAgo)
    {
        var o = Options(Base with { LastOpioidUse = Today.AddDays(-daysAgo) });

        Assert.False(o["naltrexone-xr"].Suggested);
        Assert.True(Mentions(o["naltrexone-xr"].Against, "Not yet eligible"));
        Assert.True(Mentions(o["naltrexone-xr"].Against, $"{daysAgo} days"));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(10)]
    public void Seven_or_more_opioid_free_days_make_naltrexone_eligible_and_suggested(int days)
    {
        var o = Options(Base with { LastOpioidUse = Today.AddDays(-days) });

        Assert.True(o["naltrexone-xr"].Suggested);
        Assert.True(Mentions(o["naltrexone-xr"].For, $"{days} opioid-free days"));
        Assert.False(Mentions(o["naltrexone-xr"].Against, "eligible"));
    }

    [Fact]
    public void Unknown_or_future_last_use_never_suggests_naltrexone()
    {
        Assert.True(Mentions(Options(Base)["naltrexone-xr"].Against, "unknown"));
        Assert.False(Options(Base)["naltrexone-xr"].Suggested);
        var future = Options(Base with { LastOpioidUse = Today.AddDays(3) })["naltrexone-xr"];
        Assert.False(future.Suggested);
        Assert.True(Mentions(future.Against, "check the date"));
    }

    [Fact]
    public void Recent_release_and_declining_agonists_suggest_naltrexone_even_with_last_use_unknown()
    {
        var history = Base with { ReleasedFromControlledEnvironment = Today.AddDays(-2) };

        Assert.False(Options(history)["naltrexone-xr"].Suggested);
        var declines = Options(history, i => i with { DeclinesAgonists = true });
        Assert.True(declines["naltrexone-xr"].Suggested);
        Assert.True(Mentions(declines["naltrexone-xr"].For, "Released from a controlled environment"));
        Assert.False(declines["methadone"].Suggested);
        Assert.False(declines["buprenorphine"].Suggested);
    }

    [Fact]
    public void Prior_buprenorphine_is_a_reason_for_it()
    {
        var o = Options(Base with { PriorTreatment = ["Buprenorphine"] });

        Assert.Contains("Has taken it before", o["buprenorphine"].For);
        Assert.True(o["buprenorphine"].Suggested);
        Assert.DoesNotContain("Has taken it before", o["methadone"].For);
    }

    [Fact]
    public void Patient_preference_for_methadone_is_a_reason_for_it_and_suggests_it()
    {
        var without = Options(Base);
        Assert.False(without["methadone"].Suggested);
        Assert.True(without["buprenorphine"].Suggested);

        var o = Options(Base, i => i with { ChoosesMethadone = true });
        Assert.True(o["methadone"].Suggested);
        Assert.Contains("The patient wants methadone", o["methadone"].For);
        Assert.False(o["buprenorphine"].Suggested);
        Assert.False(o["naltrexone-xr"].Suggested);
    }

    [Fact]
    public void Methadone_is_only_in_an_opioid_treatment_program_and_the_level_of_care_is_named()
    {
        var otp = Options(Base, i => i with { LevelOfCare = "1-otp" });
        Assert.True(otp["methadone"].Suggested);
        Assert.True(Mentions(otp["methadone"].For, "level 1-OTP"));
        Assert.True(Mentions(otp["methadone"].Against, "daily attendance"));

        var residential = Options(Base, i => i with { LevelOfCare = "3.5" });
        Assert.True(Mentions(residential["methadone"].Against, "Placed at level 3.5"));
        Assert.True(Mentions(residential["buprenorphine"].For, "office-based"));
    }

    [Fact]
    public void Sedative_co_use_is_a_caution_for_both_agonists()
    {
        var o = Options(Base with { Substances = [new SubstanceUse("heroin", ["smoked"]), new SubstanceUse("benzodiazepines", ["oral"])] });

        Assert.True(Mentions(o["methadone"].Against, "benzodiazepine"));
        Assert.True(Mentions(o["buprenorphine"].Against, "benzodiazepine"));
        Assert.False(Mentions(o["naltrexone-xr"].Against, "benzodiazepine"));
    }
}
