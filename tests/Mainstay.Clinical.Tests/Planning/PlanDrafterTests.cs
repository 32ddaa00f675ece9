using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Instruments;
using Mainstay.Clinical.Planning;

namespace Mainstay.Clinical.Tests.Planning;

/// <summary>The treatment-plan drafting rules; sources in docs/CLINICAL.md, "Treatment-plan drafting".</summary>
public class PlanDrafterTests
{
    internal static readonly DateOnly Today = new(2025, 6, 15);

    private static readonly IntakeHistory Known = new()
    {
        Pregnancy = PregnancyStatus.NotApplicable,
        Complications = new ComplicationsScreen
        {
            Hiv = InfectionStatus.Negative,
            HivLastTest = Today.AddMonths(-1),
            HepatitisB = InfectionStatus.Negative,
            HepatitisC = InfectionStatus.Negative,
            HepatitisCLastTest = Today.AddMonths(-1),
        },
    };

    private static readonly OudDiagnosis Severe = new(7, OudSeverity.Severe, "F11.20", OudRemission.NotInRemission, false, false);

    private static PlanDraftInput Input(IntakeHistory history, InstrumentResults? results = null, OudDiagnosis? diagnosis = null) => new()
    {
        Profile = RiskFactorProfiler.Build(history, results ?? new InstrumentResults(), Today),
        History = history,
        Diagnosis = diagnosis,
        StartsOn = Today,
    };

    private static DraftedPlan Draft(IntakeHistory history, InstrumentResults? results = null, OudDiagnosis? diagnosis = null) =>
        PlanDrafter.Draft(Input(history, results, diagnosis));

    private static PlanProblem Problem(DraftedPlan plan, string code) => Assert.Single(plan.Problems, p => p.Code == code);

    private static void HasIntervention(PlanProblem problem, string text, string role, InterventionKind? kind = null) =>
        Assert.Contains(problem.Interventions, i => i.Text.Contains(text, StringComparison.OrdinalIgnoreCase) && i.ResponsibleRole == role && (kind is null || i.Kind == kind));

    private static string[] Codes(DraftedPlan plan) => [.. plan.Problems.Select(p => p.Code)];

    // ------------------------------------------------------------ shared

    [Fact]
    public void An_empty_assessment_gives_only_recovery_foundations()
    {
        var plan = Draft(Known);

        var only = Assert.Single(plan.Problems);
        Assert.Equal("recovery-foundations", only.Code);
        Assert.Equal(1, only.Priority);
        HasIntervention(only, "reward system", "counselor", InterventionKind.Education);
        HasIntervention(only, "exercise, sleep, nutrition and stress reduction", "counselor", InterventionKind.Lifestyle);
        HasIntervention(only, "Relapse-prevention plan", "counselor");
        HasIntervention(only, "Aftercare outline", "counselor", InterventionKind.Aftercare);
    }

    [Fact]
    public void A_null_input_or_null_parts_draft_recovery_foundations_without_throwing()
    {
        Assert.Equal(["recovery-foundations"], Codes(PlanDrafter.Draft(null!)));
        Assert.Equal(["recovery-foundations"], Codes(PlanDrafter.Draft(new PlanDraftInput { Profile = null!, History = null!, StartsOn = Today })));
    }

    [Fact]
    public void Priorities_run_from_1_in_order()
    {
        var plan = Draft(Known with { TraumaHistory = true, PriorSuicideAttempt = true, Housing = HousingStatus.Homeless }, diagnosis: Severe);

        Assert.Equal(Enumerable.Range(1, plan.Problems.Count), plan.Problems.Select(p => p.Priority));
        Assert.Equal(["safety", "opioid-use-disorder", "trauma", "housing", "recovery-foundations"], Codes(plan));
    }

    // ------------------------------------------------------------ one test per rule

    [Fact]
    public void Self_harm_puts_safety_first_with_a_safety_plan_today_risk_assessment_988_and_psychiatry()
    {
        var plan = Draft(Known, new InstrumentResults { Phq9Total = 4, Phq9Item9 = 1 }, Severe);

        var safety = plan.Problems[0];
        Assert.Equal("safety", safety.Code);
        Assert.Equal(1, safety.Priority);
        Assert.Contains("self-harm", safety.FromFindings);
        Assert.Contains(safety.Interventions, i => i.Kind == InterventionKind.SafetyPlanning && i.Frequency.StartsWith("Today", StringComparison.Ordinal) && i.ResponsibleRole == "counselor");
        HasIntervention(safety, "suicide risk assessment", "prescriber", InterventionKind.Psychiatric);
        HasIntervention(safety, "988", "counselor");
        HasIntervention(safety, "Psychiatric evaluation", "prescriber", InterventionKind.Psychiatric);
    }

    [Fact]
    public void Opioid_use_disorder_gets_medication_screens_naloxone_and_the_90_day_goal()
    {
        var oud = Problem(Draft(Known, diagnosis: Severe), "opioid-use-disorder");

        Assert.Equal("No illicit opioid use, confirmed by drug screens, for 90 days.", oud.Goal);
        Assert.Contains(oud.Objectives, o => o.Text.StartsWith("Starts a medication", StringComparison.Ordinal) && o.TargetDate == Today.AddDays(7));
        Assert.Contains(oud.Objectives, o => o.Text.Contains("4 consecutive weeks", StringComparison.Ordinal) && o.TargetDate == Today.AddDays(60));
        HasIntervention(oud, "Medication for opioid use disorder", "prescriber", InterventionKind.Medication);
        Assert.Contains(oud.Interventions, i => i.Kind == InterventionKind.Testing && i.ResponsibleRole == "nurse" && i.Frequency.Contains("Weekly", StringComparison.Ordinal) && i.Frequency.Contains("8 random", StringComparison.Ordinal));
        HasIntervention(oud, "Naloxone", "nurse", InterventionKind.HarmReduction);
        Assert.DoesNotContain(oud.Interventions, i => i.Kind == InterventionKind.WithdrawalManagement);
        Assert.Equal(["methadone", "buprenorphine", "naltrexone-xr"], oud.MedicationOptions.Select(m => m.Medication));
    }

    [Theory]
    [InlineData(OudSeverity.None, false)]
    [InlineData(OudSeverity.Mild, true)]
    [InlineData(OudSeverity.Moderate, true)]
    public void Opioid_use_disorder_needs_mild_severity_or_worse(OudSeverity severity, bool expected)
    {
        var plan = Draft(Known, diagnosis: Severe with { Severity = severity });
        Assert.Equal(expected, Codes(plan).Contains("opioid-use-disorder"));
        Assert.DoesNotContain("opioid-use-disorder", Codes(Draft(Known)));
    }

    [Fact]
    public void On_maintenance_therapy_the_first_objective_is_to_keep_taking_it()
    {
        var oud = Problem(Draft(Known, diagnosis: Severe with { OnMaintenanceTherapy = true }), "opioid-use-disorder");
        Assert.StartsWith("Keeps taking", oud.Objectives[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.7-WM", null, true)]
    [InlineData(" 1-wm ", null, true)]
    [InlineData("1-OTP", null, false)]
    [InlineData("1-OTP", 4, false)]
    [InlineData("1-OTP", 5, true)]
    [InlineData(null, 13, true)]
    public void Withdrawal_management_when_the_level_is_WM_or_COWS_is_5_or_more(string? level, int? cows, bool expected)
    {
        var input = Input(Known, diagnosis: Severe) with { LevelOfCare = level, CowsTotal = cows };
        var oud = Problem(PlanDrafter.Draft(input), "opioid-use-disorder");
        Assert.Equal(expected, oud.Interventions.Any(i => i.Kind == InterventionKind.WithdrawalManagement && i.ResponsibleRole == "nurse"));
    }

    [Fact]
    public void Unknown_pregnancy_status_adds_a_pregnancy_test_before_choosing_medication()
    {
        var oud = Problem(Draft(Known with { Pregnancy = PregnancyStatus.Unknown }, diagnosis: Severe), "opioid-use-disorder");
        HasIntervention(oud, "Pregnancy test", "nurse", InterventionKind.Testing);
    }

    [Theory]
    [InlineData("trauma-history")]
    [InlineData("ptsd")]
    [InlineData("ace")]
    public void Trauma_gets_trauma_focused_therapy_and_psychiatry_when_ptsd(string source)
    {
        var history = source == "trauma-history" ? Known with { TraumaHistory = true } : Known;
        var results = source switch
        {
            "ptsd" => new InstrumentResults { PcPtsd5Total = 4 },
            "ace" => new InstrumentResults { AceTotal = 5 },
            _ => null,
        };

        var trauma = Problem(Draft(history, results), "trauma");

        Assert.Contains(trauma.Interventions, i => i.Kind == InterventionKind.Therapy && i.Frequency == "Weekly" && i.ResponsibleRole == "counselor"
            && i.Text.Contains("Cognitive Processing Therapy", StringComparison.Ordinal) && i.Text.Contains("Seeking Safety", StringComparison.Ordinal));
        Assert.Equal(source == "ptsd", trauma.Interventions.Any(i => i.Kind == InterventionKind.Psychiatric));
    }

    [Theory]
    [InlineData("depression", "PHQ-9")]
    [InlineData("anxiety", "GAD-7")]
    public void Depression_and_anxiety_get_CBT_psychiatry_within_14_days_and_a_monthly_rescreen(string code, string instrument)
    {
        var results = code == "depression" ? new InstrumentResults { Phq9Total = 15, Phq9Item9 = 0 } : new InstrumentResults { Gad7Total = 12 };

        var problem = Problem(Draft(Known, results), code);

        Assert.Contains(problem.Interventions, i => i.Text.Contains("CBT", StringComparison.Ordinal) && i.Frequency == "Weekly" && i.ResponsibleRole == "counselor");
        Assert.Contains(problem.Interventions, i => i.Kind == InterventionKind.Psychiatric && i.Frequency == "Within 14 days" && i.ResponsibleRole == "prescriber");
        Assert.Contains(problem.Interventions, i => i.Text.Contains(instrument, StringComparison.Ordinal) && i.Frequency == "Monthly");
        Assert.Contains(problem.Objectives, o => o.Text == $"{instrument} score below 10" && o.TargetDate == Today.AddDays(90));
    }

    [Fact]
    public void Other_mental_health_diagnoses_get_a_psychiatric_evaluation()
    {
        var problem = Problem(Draft(Known with { MentalHealthDiagnoses = ["bipolar"] }), "mental-health");
        HasIntervention(problem, "Psychiatric evaluation", "prescriber", InterventionKind.Psychiatric);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Chronic_pain_or_the_prescription_pathway_get_pain_care_without_misused_opioids(bool pain, bool prescriptions)
    {
        var problem = Problem(Draft(Known with { ChronicPain = pain, PriorOpioidPrescriptions = prescriptions }), "chronic-pain");

        HasIntervention(problem, "pain specialist or physical therapy", "prescriber", InterventionKind.Referral);
        HasIntervention(problem, "non-opioid pain treatment", "prescriber", InterventionKind.Medical);
        HasIntervention(problem, "Cognitive behavioral therapy for chronic pain", "counselor", InterventionKind.Therapy);
    }

    [Theory]
    [InlineData("peers")]
    [InlineData("pressure")]
    [InlineData("isolated")]
    [InlineData("no-support")]
    public void Peers_pressure_isolation_or_no_support_get_groups_family_and_a_peer_coach(string which)
    {
        var history = which switch
        {
            "peers" => Known with { PeersWhoUse = true },
            "pressure" => Known with { PeerPressure = true },
            "isolated" => Known with { SociallyIsolated = true },
            _ => Known with { SocialSupport = SupportLevel.None },
        };

        var problem = Problem(Draft(history), "social-support");

        Assert.Contains(problem.Interventions, i => i.Kind == InterventionKind.Group && i.Text.Contains("Narcotics Anonymous", StringComparison.Ordinal)
            && i.Text.Contains("SMART Recovery", StringComparison.Ordinal) && i.Frequency == "At least weekly");
        Assert.Contains(problem.Interventions, i => i.Text.Contains("Family", StringComparison.Ordinal) && i.Frequency == "Monthly");
        HasIntervention(problem, "Peer recovery coach", "peer-recovery-coach");
    }

    [Fact]
    public void Housing_employment_education_and_basic_needs_get_case_management()
    {
        var plan = Draft(Known with { Housing = HousingStatus.Unstable, Education = EducationLevel.LessThanHighSchool },
            new InstrumentResults { SocialNeeds = ["food", "transportation", "utilities"] });

        HasIntervention(Problem(plan, "housing"), "housing", "case-manager", InterventionKind.CaseManagement);
        HasIntervention(Problem(plan, "employment"), "adult education", "case-manager", InterventionKind.Referral);
        var needs = Problem(plan, "basic-needs");
        Assert.Equal(["food-insecurity", "transportation-barrier", "utility-insecurity"], needs.FromFindings.Order(StringComparer.Ordinal));
        Assert.Equal(3, needs.Interventions.Count);
        Assert.All(needs.Interventions, i => Assert.Equal("case-manager", i.ResponsibleRole));
        Assert.DoesNotContain("employment", Codes(Draft(Known with { Employment = EmploymentStatus.Employed })));
    }

    [Fact]
    public void Injection_use_gets_testing_wound_and_vein_care_sterile_supplies_and_naloxone()
    {
        var history = new IntakeHistory
        {
            Pregnancy = PregnancyStatus.NotApplicable,
            Substances = [new SubstanceUse("heroin", ["injection"], UseFrequency.Daily)],
            Complications = new ComplicationsScreen { SkinOrSoftTissueInfection = true, CollapsedVeins = true },
        };

        var plan = Draft(history);
        var problem = Problem(plan, "injection-health");

        HasIntervention(problem, "HIV test", "nurse", InterventionKind.Testing);
        HasIntervention(problem, "Hepatitis C test", "nurse", InterventionKind.Testing);
        HasIntervention(problem, "Hepatitis B test", "nurse", InterventionKind.Testing);
        HasIntervention(problem, "Wound care", "nurse", InterventionKind.Medical);
        HasIntervention(problem, "Vein care", "nurse", InterventionKind.Medical);
        HasIntervention(problem, "Sterile injection supplies", "nurse", InterventionKind.HarmReduction);
        HasIntervention(problem, "Naloxone", "nurse", InterventionKind.HarmReduction);
        Assert.Contains("injection-use", problem.FromFindings);
        Assert.DoesNotContain(Problem(plan, "recovery-foundations").Interventions, i => i.Kind == InterventionKind.Testing);
    }

    [Fact]
    public void Tests_due_without_injection_go_to_recovery_foundations()
    {
        var plan = Draft(new IntakeHistory { Pregnancy = PregnancyStatus.NotApplicable });

        Assert.DoesNotContain("injection-health", Codes(plan));
        Assert.Equal(3, Problem(plan, "recovery-foundations").Interventions.Count(i => i.Kind == InterventionKind.Testing));
    }

    [Fact]
    public void Endocarditis_and_positive_infections_get_urgent_care_and_linkage()
    {
        var plan = Draft(Known with { Complications = Known.Complications with { EndocarditisSigns = true, Hiv = InfectionStatus.Positive, HepatitisC = InfectionStatus.Positive } });
        var problem = Problem(plan, "injection-health");

        Assert.Contains(problem.Interventions, i => i.Text.Contains("endocarditis", StringComparison.Ordinal) && i.Frequency == "Today");
        HasIntervention(problem, "HIV care", "case-manager", InterventionKind.Referral);
        HasIntervention(problem, "hepatitis C treatment", "prescriber", InterventionKind.Referral);
    }

    [Fact]
    public void Pregnancy_gets_obstetric_referral_and_coordination_with_the_obstetrician()
    {
        var problem = Problem(Draft(Known with { Pregnancy = PregnancyStatus.Pregnant }, diagnosis: Severe), "pregnancy");

        HasIntervention(problem, "obstetric", "case-manager", InterventionKind.Referral);
        HasIntervention(problem, "Coordinate medication for opioid use disorder with the obstetrician", "prescriber");
    }

    [Theory]
    [InlineData("overdose")]
    [InlineData("tolerance")]
    public void Recent_overdose_or_tolerance_loss_get_naloxone_today_education_and_never_use_alone(string which)
    {
        var history = which == "overdose"
            ? Known with { LastOverdose = Today.AddDays(-40) }
            : Known with { ReleasedFromControlledEnvironment = Today.AddDays(-3) };

        var problem = Problem(Draft(history), "overdose-risk");

        Assert.Contains(problem.Interventions, i => i.Text.Contains("naloxone", StringComparison.Ordinal) && i.Frequency.StartsWith("Today", StringComparison.Ordinal) && i.Kind == InterventionKind.HarmReduction);
        HasIntervention(problem, "Overdose education", "counselor", InterventionKind.Education);
        HasIntervention(problem, "Never use alone", "counselor", InterventionKind.HarmReduction);
    }

    [Fact]
    public void Family_history_stress_and_easy_access_are_handled_in_recovery_foundations()
    {
        var plan = Draft(Known with { FamilyHistoryOfAddiction = true, HighStress = true, EasyAccessToOpioids = true });

        var foundations = Assert.Single(plan.Problems);
        Assert.Equal(["easy-access-to-opioids", "family-history-of-addiction", "high-stress"], foundations.FromFindings.Order(StringComparer.Ordinal));
        HasIntervention(foundations, "genetic", "counselor");
        HasIntervention(foundations, "easy access", "counselor");
    }

    [Fact]
    public void Objective_target_dates_clamp_at_the_end_of_the_calendar()
    {
        var input = Input(Known, diagnosis: Severe) with { StartsOn = DateOnly.MaxValue.AddDays(-10) };
        var plan = PlanDrafter.Draft(input);
        Assert.All(plan.Problems.SelectMany(p => p.Objectives), o => Assert.True(o.TargetDate >= input.StartsOn));
    }
}
