using CsCheck;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.Tests.Assessment;

/// <summary>The risk-factor profile rules; sources in docs/CLINICAL.md, "Risk-factor profile".</summary>
public class RiskFactorProfilerTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    /// <summary>A history with every status known and negative, recently tested: no follow-ups by itself.</summary>
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

    private static readonly InstrumentResults NoResults = new();

    private static RiskFactorProfile Build(IntakeHistory history, InstrumentResults? results = null) =>
        RiskFactorProfiler.Build(history, results ?? NoResults, Today);

    private static RiskFinding Finding(RiskFactorProfile profile, string code) =>
        Assert.Single(profile.Findings, f => f.Code == code);

    private static ProfileAlert Alert(RiskFactorProfile profile, string code) =>
        Assert.Single(profile.Alerts, a => a.Code == code);

    private static FollowUpNeed FollowUp(RiskFactorProfile profile, string code) =>
        Assert.Single(profile.FollowUps, f => f.Code == code);

    private static IntakeHistory WithComplications(Func<ComplicationsScreen, ComplicationsScreen> change) =>
        Known with { Complications = change(Known.Complications) };

    private static SubstanceUse Use(string substance, params string[] routes) => new(substance, routes, UseFrequency.Daily);

    // ------------------------------------------------------------ empty and shared

    [Fact]
    public void An_empty_history_gives_no_findings_no_alerts_and_only_the_tests_for_unknown_statuses()
    {
        var profile = RiskFactorProfiler.Build(new IntakeHistory(), new InstrumentResults(), Today);

        Assert.Empty(profile.Findings);
        Assert.Empty(profile.Alerts);
        Assert.Equal(
            ["hbv-test-vaccine", "hcv-test", "hiv-test", "pregnancy-test"],
            profile.FollowUps.Select(f => f.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_history_with_every_status_known_and_nothing_positive_gives_an_empty_profile()
    {
        var profile = Build(Known);
        Assert.Empty(profile.Findings);
        Assert.Empty(profile.Alerts);
        Assert.Empty(profile.FollowUps);
    }

    [Fact]
    public void Null_arguments_and_null_lists_are_read_as_empty()
    {
        var history = new IntakeHistory
        {
            Substances = null!,
            MentalHealthDiagnoses = null!,
            FamilyMembersAffected = null!,
            FamilyHistoryOfAddiction = true,
            Complications = null!,
        };
        var profile = RiskFactorProfiler.Build(history, new InstrumentResults { SocialNeeds = null! }, Today);
        Assert.Equal("family-history-of-addiction", Assert.Single(profile.Findings).Code);

        var empty = RiskFactorProfiler.Build(null!, null!, DateOnly.MinValue);
        Assert.Empty(empty.Findings);
    }

    // ------------------------------------------------------------ psychological

    [Fact]
    public void Self_reported_trauma_is_a_psychological_finding()
    {
        var finding = Finding(Build(Known with { TraumaHistory = true }), "trauma-history");
        Assert.Equal(RiskDomain.Psychological, finding.Domain);
        Assert.Equal("Trauma in your past", finding.Text);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void Ace_total_of_4_or_more_is_a_finding_and_3_is_not(int ace, bool expected)
    {
        var profile = Build(Known, new InstrumentResults { AceTotal = ace });
        Assert.Equal(expected, profile.Findings.Any(f => f.Code == "adverse-childhood-experiences"));
        if (expected)
            Assert.Equal("ACE = 4 (high; positive at ≥4)", Finding(profile, "adverse-childhood-experiences").Evidence);
    }

    [Fact]
    public void High_stress_is_a_psychological_finding() =>
        Assert.Equal(RiskDomain.Psychological, Finding(Build(Known with { HighStress = true }), "high-stress").Domain);

    // ------------------------------------------------------------ mental health

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void Phq9_of_10_or_more_is_a_depression_finding_and_9_is_not(int phq9, bool expected)
    {
        var profile = Build(Known, new InstrumentResults { Phq9Total = phq9 });
        Assert.Equal(expected, profile.Findings.Any(f => f.Code == "depression"));
        if (expected)
            Assert.Equal("PHQ-9 = 10 (moderate; positive at ≥10)", Finding(profile, "depression").Evidence);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void Gad7_of_10_or_more_is_an_anxiety_finding_and_9_is_not(int gad7, bool expected) =>
        Assert.Equal(expected, Build(Known, new InstrumentResults { Gad7Total = gad7 }).Findings.Any(f => f.Code == "anxiety"));

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Pc_ptsd5_of_3_or_more_is_a_probable_ptsd_finding_and_2_is_not(int score, bool expected)
    {
        var profile = Build(Known, new InstrumentResults { PcPtsd5Total = score });
        Assert.Equal(expected, profile.Findings.Any(f => f.Code == "ptsd"));
        if (expected)
            Assert.Equal("PC-PTSD-5 = 3 (positive; positive at ≥3)", Finding(profile, "ptsd").Evidence);
    }

    [Theory]
    [InlineData("depression", "depression")]
    [InlineData("anxiety", "anxiety")]
    [InlineData("PTSD", "ptsd")]
    [InlineData("bipolar", "bipolar-disorder")]
    [InlineData("schizophrenia", "schizophrenia")]
    [InlineData("adhd", "adhd")]
    [InlineData("eating disorder", "other-mental-health-diagnosis")]
    public void Each_earlier_mental_health_diagnosis_is_a_finding(string diagnosis, string code)
    {
        var finding = Finding(Build(Known with { MentalHealthDiagnoses = [diagnosis] }), code);
        Assert.Equal(RiskDomain.MentalHealth, finding.Domain);
        Assert.Contains("intake history", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_positive_phq9_and_an_earlier_depression_diagnosis_make_one_finding_with_both_evidences()
    {
        var profile = Build(Known with { MentalHealthDiagnoses = ["depression"] }, new InstrumentResults { Phq9Total = 15 });
        var finding = Finding(profile, "depression");
        Assert.Contains("PHQ-9 = 15", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("Earlier diagnosis: depression", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prior_suicide_attempt_is_a_mental_health_finding() =>
        Assert.Equal(RiskDomain.MentalHealth, Finding(Build(Known with { PriorSuicideAttempt = true }), "prior-suicide-attempt").Domain);

    // ------------------------------------------------------------ environmental

    [Theory]
    [InlineData(HousingStatus.Homeless, true)]
    [InlineData(HousingStatus.Unstable, true)]
    [InlineData(HousingStatus.Stable, false)]
    [InlineData(HousingStatus.Unknown, false)]
    public void Homeless_or_unstable_housing_is_an_environmental_finding(HousingStatus housing, bool expected) =>
        Assert.Equal(expected, Build(Known with { Housing = housing }).Findings.Any(f => f.Code == "housing-instability"));

    [Fact]
    public void Homelessness_in_the_history_and_a_housing_need_on_the_screen_make_one_finding_with_both_evidences()
    {
        var profile = Build(Known with { Housing = HousingStatus.Homeless }, new InstrumentResults { SocialNeeds = ["housing"] });
        var finding = Finding(profile, "housing-instability");
        Assert.Equal("No home right now", finding.Text);
        Assert.Equal("Housing: homeless (intake history); Social-needs screen: housing = yes", finding.Evidence);
    }

    [Theory]
    [InlineData("housing", "housing-instability")]
    [InlineData("employment", "unemployment")]
    [InlineData("education", "limited-education")]
    [InlineData("food", "food-insecurity")]
    [InlineData("utilities", "utility-insecurity")]
    [InlineData("transportation", "transportation-barrier")]
    public void A_social_need_on_the_screen_alone_is_an_environmental_finding(string need, string code)
    {
        var finding = Finding(Build(Known, new InstrumentResults { SocialNeeds = [need] }), code);
        Assert.Equal(RiskDomain.Environmental, finding.Domain);
        Assert.Equal($"Social-needs screen: {need} = yes", finding.Evidence);
    }

    [Fact]
    public void Unemployment_in_the_history_and_on_the_screen_is_one_finding()
    {
        var profile = Build(Known with { Employment = EmploymentStatus.Unemployed }, new InstrumentResults { SocialNeeds = ["employment"] });
        Assert.Contains("unemployed (intake history); Social-needs screen: employment = yes", Finding(profile, "unemployment").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Less_than_high_school_in_the_history_and_on_the_screen_is_one_finding()
    {
        var profile = Build(Known with { Education = EducationLevel.LessThanHighSchool }, new InstrumentResults { SocialNeeds = ["education"] });
        Assert.Contains("less than high school", Finding(profile, "limited-education").Evidence, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------ social

    [Fact]
    public void Peers_who_use_and_peer_pressure_are_social_findings()
    {
        var profile = Build(Known with { PeersWhoUse = true, PeerPressure = true });
        Assert.Equal(RiskDomain.Social, Finding(profile, "peers-who-use").Domain);
        Assert.Equal(RiskDomain.Social, Finding(profile, "peer-pressure").Domain);
    }

    [Theory]
    [InlineData(SupportLevel.None, true)]
    [InlineData(SupportLevel.Some, false)]
    [InlineData(SupportLevel.Unknown, false)]
    public void No_social_support_is_a_social_finding(SupportLevel support, bool expected) =>
        Assert.Equal(expected, Build(Known with { SocialSupport = support }).Findings.Any(f => f.Code == "no-social-support"));

    [Fact]
    public void Isolation_in_the_history_and_on_the_screen_is_one_social_finding()
    {
        var profile = Build(Known with { SociallyIsolated = true }, new InstrumentResults { SocialNeeds = ["isolation"] });
        var finding = Finding(profile, "social-isolation");
        Assert.Equal(RiskDomain.Social, finding.Domain);
        Assert.Equal("Socially isolated: yes (intake history); Social-needs screen: isolation = yes", finding.Evidence);
    }

    // ------------------------------------------------------------ prescription pathway, family, access

    [Fact]
    public void Chronic_pain_prior_prescriptions_and_a_prescribed_first_opioid_are_prescription_pathway_findings()
    {
        var profile = Build(Known with { ChronicPain = true, PriorOpioidPrescriptions = true, FirstOpioidWasPrescribed = true });
        Assert.Equal(
            ["chronic-pain", "first-opioid-prescribed", "prior-opioid-prescriptions"],
            profile.Findings.Where(f => f.Domain == RiskDomain.PrescriptionOpioidPathway).Select(f => f.Code));
    }

    [Fact]
    public void Family_history_of_addiction_names_the_members_and_a_moderate_or_high_ort_as_support()
    {
        var profile = Build(
            Known with { FamilyHistoryOfAddiction = true, FamilyMembersAffected = ["parent", "sibling"] },
            new InstrumentResults { OrtCategory = "high" });
        var finding = Finding(profile, "family-history-of-addiction");
        Assert.Equal(RiskDomain.GeneticFamilyHistory, finding.Domain);
        Assert.Equal("Family history of addiction: yes (parent, sibling) (intake history); Opioid Risk Tool category: high (supporting)", finding.Evidence);
    }

    [Fact]
    public void A_low_ort_category_is_not_cited_as_support()
    {
        var profile = Build(Known with { FamilyHistoryOfAddiction = true }, new InstrumentResults { OrtCategory = "low" });
        Assert.Equal("Family history of addiction: yes (intake history)", Finding(profile, "family-history-of-addiction").Evidence);
    }

    [Fact]
    public void Easy_access_and_living_with_someone_who_uses_are_availability_findings()
    {
        var profile = Build(Known with { EasyAccessToOpioids = true, LivesWithSomeoneWhoUses = true });
        Assert.Equal(RiskDomain.AvailabilityAccess, Finding(profile, "easy-access-to-opioids").Domain);
        Assert.Equal(RiskDomain.AvailabilityAccess, Finding(profile, "lives-with-someone-who-uses").Domain);
    }

    // ------------------------------------------------------------ alerts

    [Fact]
    public void Phq9_item_9_above_zero_raises_the_self_harm_alert_even_with_a_low_total()
    {
        var profile = Build(Known, new InstrumentResults { Phq9Total = 1, Phq9Item9 = 1 });
        var alert = Alert(profile, "self-harm");
        Assert.Equal(AlertSeverity.Danger, alert.Severity);
        Assert.Contains("safety plan before anything else", alert.Text, StringComparison.Ordinal);
        Assert.Contains("PHQ-9 item 9 = 1", alert.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(profile.Findings, f => f.Code == "depression");
    }

    [Fact]
    public void Phq9_item_9_of_zero_raises_no_self_harm_alert() =>
        Assert.DoesNotContain(Build(Known, new InstrumentResults { Phq9Total = 20, Phq9Item9 = 0 }).Alerts, a => a.Code == "self-harm");

    [Fact]
    public void A_prior_suicide_attempt_raises_the_self_harm_alert_and_a_same_day_safety_plan()
    {
        var profile = Build(Known with { PriorSuicideAttempt = true });
        Assert.Equal(AlertSeverity.Danger, Alert(profile, "self-harm").Severity);
        var plan = FollowUp(profile, "safety-plan");
        Assert.Equal(0, plan.DueInDays);
        Assert.Equal(AlertSeverity.Danger, plan.Priority);
    }

    [Fact]
    public void Pregnancy_raises_a_priority_population_warning()
    {
        var alert = Alert(Build(Known with { Pregnancy = PregnancyStatus.Pregnant }), "pregnancy");
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Contains("recommended over withdrawal", alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_substance_injected_raises_the_injection_use_warning()
    {
        var profile = Build(Known with { Substances = [Use("heroin", "smoked", "injection"), Use("cocaine", "intranasal")] });
        var alert = Alert(profile, "injection-use");
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Equal("Route injection: heroin (intake history)", alert.Evidence);
        Assert.True(profile.InjectionUse);
    }

    [Fact]
    public void No_injected_substance_raises_no_injection_alert() =>
        Assert.False(Build(Known with { Substances = [Use("heroin", "smoked")] }).InjectionUse);

    [Theory]
    [InlineData(0, true)]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void An_overdose_up_to_365_days_ago_is_recent_and_366_is_not(int daysAgo, bool expected)
    {
        var profile = Build(Known with { LifetimeOverdoses = 1, LastOverdose = Today.AddDays(-daysAgo) });
        Assert.Equal(expected, profile.Alerts.Any(a => a.Code == "recent-overdose"));
        if (expected)
        {
            var alert = Alert(profile, "recent-overdose");
            Assert.Equal(AlertSeverity.Danger, alert.Severity);
            Assert.Contains($"in the last {daysAgo} days", alert.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_overdose_dated_after_the_assessment_is_flagged_to_be_checked() =>
        Assert.Contains("check the date", Alert(Build(Known with { LastOverdose = Today.AddDays(3) }), "recent-overdose").Text, StringComparison.Ordinal);

    [Theory]
    [InlineData(6, false)]
    [InlineData(7, true)]
    [InlineData(400, true)]
    public void Last_opioid_use_7_or_more_days_ago_raises_tolerance_loss_and_6_does_not(int daysAgo, bool expected)
    {
        var profile = Build(Known with { LastOpioidUse = Today.AddDays(-daysAgo) });
        Assert.Equal(expected, profile.Alerts.Any(a => a.Code == "tolerance-loss"));
        if (expected)
            Assert.Equal(AlertSeverity.Danger, Alert(profile, "tolerance-loss").Severity);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    [InlineData(-5, false)]
    public void Release_from_a_controlled_environment_within_30_days_raises_tolerance_loss_and_31_does_not(int daysAgo, bool expected) =>
        Assert.Equal(expected, Build(Known with { ReleasedFromControlledEnvironment = Today.AddDays(-daysAgo) }).Alerts.Any(a => a.Code == "tolerance-loss"));

    [Fact]
    public void Tolerance_loss_calls_for_naloxone_today_at_danger_priority()
    {
        var naloxone = FollowUp(Build(Known with { ReleasedFromControlledEnvironment = Today.AddDays(-2) }), "naloxone-kit");
        Assert.Equal(0, naloxone.DueInDays);
        Assert.Equal(AlertSeverity.Danger, naloxone.Priority);
    }

    [Theory]
    [InlineData("fentanyl", null)]
    [InlineData("heroin", "fentanyl")]
    public void Fentanyl_as_a_substance_or_as_the_last_opioid_raises_the_fentanyl_warning(string substance, string? last)
    {
        var profile = Build(Known with { Substances = [Use(substance, "smoked")], LastOpioidSubstance = last });
        Assert.Equal(AlertSeverity.Warning, Alert(profile, "fentanyl").Severity);
    }

    [Theory]
    [InlineData("benzodiazepines", true)]
    [InlineData("alcohol", true)]
    [InlineData("cannabis", false)]
    public void Benzodiazepines_or_alcohol_with_opioids_raise_the_sedative_co_use_warning(string other, bool expected) =>
        Assert.Equal(expected, Build(Known with { Substances = [Use("heroin", "smoked"), Use(other, "oral")] }).Alerts.Any(a => a.Code == "sedative-co-use"));

    [Fact]
    public void Alcohol_without_any_opioid_raises_no_sedative_co_use_warning() =>
        Assert.DoesNotContain(Build(Known with { Substances = [Use("alcohol", "oral")] }).Alerts, a => a.Code == "sedative-co-use");

    [Fact]
    public void Endocarditis_signs_raise_a_danger_alert_for_urgent_evaluation()
    {
        var alert = Alert(Build(WithComplications(c => c with { EndocarditisSigns = true })), "endocarditis");
        Assert.Equal(AlertSeverity.Danger, alert.Severity);
        Assert.Contains("urgent", alert.Text, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------ follow-ups

    [Fact]
    public void Unknown_hiv_hcv_and_hbv_statuses_call_for_tests()
    {
        var profile = Build(Known with { Complications = new ComplicationsScreen() });
        Assert.Equal("HIV status: unknown (complications screen)", FollowUp(profile, "hiv-test").Evidence);
        Assert.Equal("Hepatitis C status: unknown (complications screen)", FollowUp(profile, "hcv-test").Evidence);
        Assert.Equal("Hepatitis B status: unknown (complications screen)", FollowUp(profile, "hbv-test-vaccine").Evidence);
    }

    [Theory]
    [InlineData(0, false)] // exactly 12 months ago: not yet due
    [InlineData(1, true)]  // 12 months and a day
    public void A_negative_hiv_test_more_than_12_months_ago_is_repeated_for_people_who_inject(int extraDays, bool expected)
    {
        var history = Known with
        {
            Substances = [Use("heroin", "injection")],
            Complications = Known.Complications with { HivLastTest = Today.AddMonths(-12).AddDays(-extraDays) },
        };
        Assert.Equal(expected, Build(history).FollowUps.Any(f => f.Code == "hiv-test"));
    }

    [Fact]
    public void An_old_negative_hiv_test_is_not_repeated_without_injection_use() =>
        Assert.DoesNotContain(
            Build(WithComplications(c => c with { HivLastTest = Today.AddYears(-3) })).FollowUps,
            f => f.Code == "hiv-test");

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_negative_hcv_test_more_than_12_months_ago_is_repeated_for_people_who_inject(int extraDays, bool expected)
    {
        var history = Known with
        {
            Substances = [Use("fentanyl", "injection")],
            Complications = Known.Complications with { HepatitisCLastTest = Today.AddMonths(-12).AddDays(-extraDays) },
        };
        Assert.Equal(expected, Build(history).FollowUps.Any(f => f.Code == "hcv-test"));
    }

    [Fact]
    public void Positive_hiv_and_hcv_call_for_linkage_to_care()
    {
        var profile = Build(WithComplications(c => c with { Hiv = InfectionStatus.Positive, HepatitisC = InfectionStatus.Positive }));
        Assert.Equal(AlertSeverity.Warning, FollowUp(profile, "hiv-care").Priority);
        Assert.Equal(AlertSeverity.Warning, FollowUp(profile, "hcv-treatment").Priority);
        Assert.DoesNotContain(profile.FollowUps, f => f.Code is "hiv-test" or "hcv-test");
    }

    [Fact]
    public void A_skin_or_soft_tissue_infection_calls_for_wound_care_within_1_day() =>
        Assert.Equal(1, FollowUp(Build(WithComplications(c => c with { SkinOrSoftTissueInfection = true })), "wound-care").DueInDays);

    [Fact]
    public void Collapsed_veins_call_for_vein_care() =>
        FollowUp(Build(WithComplications(c => c with { CollapsedVeins = true })), "vein-care");

    [Fact]
    public void Lung_disease_calls_for_a_lung_evaluation() =>
        FollowUp(Build(WithComplications(c => c with { LungDisease = true })), "lung-evaluation");

    [Theory]
    [InlineData(PregnancyStatus.Unknown, true)]
    [InlineData(PregnancyStatus.NotApplicable, false)]
    [InlineData(PregnancyStatus.NotPregnant, false)]
    [InlineData(PregnancyStatus.Pregnant, false)]
    public void Unknown_pregnancy_status_calls_for_a_pregnancy_test(PregnancyStatus status, bool expected) =>
        Assert.Equal(expected, Build(Known with { Pregnancy = status }).FollowUps.Any(f => f.Code == "pregnancy-test"));

    [Theory]
    [InlineData(OudSeverity.None, false)]
    [InlineData(OudSeverity.Mild, true)]
    [InlineData(OudSeverity.Moderate, true)]
    [InlineData(OudSeverity.Severe, true)]
    public void Everyone_with_oud_leaves_with_naloxone(OudSeverity severity, bool expected) =>
        Assert.Equal(expected, Build(Known, new InstrumentResults { OudSeverity = severity }).FollowUps.Any(f => f.Code == "naloxone-kit"));

    [Fact]
    public void Any_recorded_opioid_use_calls_for_naloxone_even_without_a_diagnosis()
    {
        var naloxone = FollowUp(Build(Known with { Substances = [Use("prescription-opioids", "oral")] }), "naloxone-kit");
        Assert.Equal(0, naloxone.DueInDays);
        Assert.Equal(AlertSeverity.Warning, naloxone.Priority);
    }

    // ------------------------------------------------------------ whole profile

    [Fact]
    public void A_full_history_has_no_duplicate_codes_and_findings_are_ordered_by_domain_then_code()
    {
        var history = new IntakeHistory
        {
            Substances = [Use("fentanyl", "injection", "smoked"), Use("heroin", "injection"), Use("benzodiazepines", "oral"), Use("alcohol", "oral")],
            LastOpioidUse = Today.AddDays(-10),
            LastOpioidSubstance = "fentanyl",
            LifetimeOverdoses = 2,
            LastOverdose = Today.AddDays(-40),
            ReleasedFromControlledEnvironment = Today.AddDays(-12),
            ChronicPain = true,
            PriorOpioidPrescriptions = true,
            FirstOpioidWasPrescribed = true,
            FamilyHistoryOfAddiction = true,
            FamilyMembersAffected = ["parent"],
            TraumaHistory = true,
            HighStress = true,
            MentalHealthDiagnoses = ["depression", "anxiety", "ptsd", "depression"],
            PriorSuicideAttempt = true,
            Housing = HousingStatus.Homeless,
            Employment = EmploymentStatus.Unemployed,
            Education = EducationLevel.LessThanHighSchool,
            PeersWhoUse = true,
            PeerPressure = true,
            SocialSupport = SupportLevel.None,
            SociallyIsolated = true,
            EasyAccessToOpioids = true,
            LivesWithSomeoneWhoUses = true,
            Pregnancy = PregnancyStatus.Pregnant,
            Complications = new ComplicationsScreen { EndocarditisSigns = true, SkinOrSoftTissueInfection = true, CollapsedVeins = true, LungDisease = true },
        };
        var results = new InstrumentResults
        {
            Phq9Total = 18,
            Phq9Item9 = 2,
            Gad7Total = 15,
            PcPtsd5Total = 5,
            AceTotal = 6,
            OrtCategory = "high",
            SocialNeeds = ["housing", "food", "transportation", "utilities", "employment", "education", "isolation"],
            OudSeverity = OudSeverity.Severe,
        };

        var profile = Build(history, results);

        Assert.Equal(profile.Findings.Count, profile.Findings.Select(f => f.Code).Distinct().Count());
        Assert.Equal(profile.Alerts.Count, profile.Alerts.Select(a => a.Code).Distinct().Count());
        Assert.Equal(profile.FollowUps.Count, profile.FollowUps.Select(f => f.Code).Distinct().Count());
        Assert.Equal(
            profile.Findings.OrderBy(f => f.Domain).ThenBy(f => f.Code, StringComparer.Ordinal).Select(f => f.Code),
            profile.Findings.Select(f => f.Code));
        Assert.Equal(7, profile.ByDomain().Count());
        Assert.Equal(
            ["endocarditis", "fentanyl", "injection-use", "pregnancy", "recent-overdose", "sedative-co-use", "self-harm", "tolerance-loss"],
            profile.Alerts.Select(a => a.Code).Order(StringComparer.Ordinal));
        Assert.Equal(AlertSeverity.Danger, profile.Alerts[0].Severity);
    }

    // ------------------------------------------------------------ properties

    private static readonly string[] SubstanceNames =
        ["heroin", "fentanyl", "prescription-opioids", "methadone", "buprenorphine", "xylazine", "stimulants", "cocaine",
         "methamphetamine", "benzodiazepines", "alcohol", "cannabis", "other", "", "  ", "FENTANYL "];

    private static readonly string[] Routes = ["oral", "smoked", "intranasal", "injection", "", "Injection"];

    private static readonly string[] Words =
        ["depression", "anxiety", "ptsd", "bipolar", "schizophrenia", "adhd", "other", "housing", "food", "transportation",
         "utilities", "safety", "employment", "education", "isolation", "parent", "sibling", "", " ", "low", "moderate", "high"];

    private static readonly Gen<DateOnly?> GenDate =
        Gen.Frequency(
            (1, Gen.Const((DateOnly?)null)),
            (3, Gen.Int[-800, 800].Select(d => (DateOnly?)Today.AddDays(d))),
            (1, Gen.OneOfConst<DateOnly?>(DateOnly.MinValue, DateOnly.MaxValue)));

    private static readonly Gen<string?> GenWord = Gen.Frequency((1, Gen.Const((string?)null)), (6, Gen.OneOfConst(Words).Select(w => (string?)w)));

    private static Gen<T> GenEnum<T>(int max)
        where T : struct, Enum => Gen.Int[-1, max + 1].Select(i => (T)Enum.ToObject(typeof(T), i));

    private static readonly Gen<SubstanceUse?> GenSubstance =
        Gen.Frequency(
            (1, Gen.Const((SubstanceUse?)null)),
            (8, Gen.Select(Gen.OneOfConst(SubstanceNames), Gen.OneOfConst(Routes).Array[0, 3], GenEnum<UseFrequency>(4))
                .Select(t => (SubstanceUse?)new SubstanceUse(t.Item1, t.Item2, t.Item3))));

    private static readonly Gen<ComplicationsScreen> GenComplications =
        Gen.Select(Gen.Bool.Array[4], GenEnum<InfectionStatus>(2).Array[3], GenDate.Array[3])
            .Select(t => new ComplicationsScreen
            {
                EndocarditisSigns = t.Item1[0],
                SkinOrSoftTissueInfection = t.Item1[1],
                CollapsedVeins = t.Item1[2],
                LungDisease = t.Item1[3],
                Hiv = t.Item2[0],
                HepatitisB = t.Item2[1],
                HepatitisC = t.Item2[2],
                HivLastTest = t.Item3[0],
                HepatitisBLastTest = t.Item3[1],
                HepatitisCLastTest = t.Item3[2],
            });

    private static readonly Gen<IntakeHistory> GenHistory =
        Gen.Select(
                Gen.Select(GenSubstance.Array[0, 4], GenDate.Array[3], GenWord.Array[0, 4], GenWord.Array[0, 3], Gen.Bool.Array[15]),
                Gen.Select(GenEnum<HousingStatus>(3), GenEnum<EmploymentStatus>(4), GenEnum<EducationLevel>(4), GenEnum<SupportLevel>(3), GenEnum<PregnancyStatus>(3)),
                Gen.Select(GenComplications, Gen.Int[-5, 200].Nullable(), GenWord, Gen.Int[-2, 40]))
            .Select(t =>
            {
                var (substances, dates, diagnoses, members, flags) = t.Item1;
                var (housing, employment, education, support, pregnancy) = t.Item2;
                var (complications, ageFirst, lastSubstance, overdoses) = t.Item3;
                return new IntakeHistory
                {
                    Substances = substances!,
                    LastOpioidUse = dates[0],
                    LastOverdose = dates[1],
                    ReleasedFromControlledEnvironment = dates[2],
                    MentalHealthDiagnoses = diagnoses!,
                    FamilyMembersAffected = members!,
                    AgeFirstOpioidUse = ageFirst,
                    LastOpioidSubstance = lastSubstance,
                    LifetimeOverdoses = overdoses,
                    ChronicPain = flags[0],
                    PriorOpioidPrescriptions = flags[1],
                    FirstOpioidWasPrescribed = flags[2],
                    FamilyHistoryOfAddiction = flags[3],
                    TraumaHistory = flags[4],
                    HighStress = flags[5],
                    PriorSuicideAttempt = flags[6],
                    PeersWhoUse = flags[7],
                    PeerPressure = flags[8],
                    SociallyIsolated = flags[9],
                    EasyAccessToOpioids = flags[10],
                    LivesWithSomeoneWhoUses = flags[11],
                    Complications = flags[12] ? null! : complications,
                    Housing = housing,
                    Employment = employment,
                    Education = education,
                    SocialSupport = support,
                    Pregnancy = pregnancy,
                };
            });

    private static readonly Gen<InstrumentResults> GenResults =
        Gen.Select(Gen.Int[-3, 40].Nullable().Array[6], GenWord, GenWord.Array[0, 9], GenEnum<OudSeverity>(3).Nullable())
            .Select(t => new InstrumentResults
            {
                Phq9Total = t.Item1[0],
                Phq9Item9 = t.Item1[1],
                Gad7Total = t.Item1[2],
                PcPtsd5Total = t.Item1[3],
                AceTotal = t.Item1[4],
                CowsTotal = t.Item1[5],
                OrtCategory = t.Item2,
                SocialNeeds = t.Item3!,
                OudSeverity = t.Item4,
            });

    private static readonly Gen<DateOnly> GenAssessedOn =
        Gen.Frequency((6, Gen.Const(Today)), (1, Gen.OneOfConst(DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2024, 2, 29))));

    [Fact]
    public void Random_histories_never_throw_and_every_finding_alert_and_follow_up_has_evidence() =>
        Gen.Select(GenHistory, GenResults, GenAssessedOn).Sample((history, results, assessedOn) =>
        {
            var profile = RiskFactorProfiler.Build(history, results, assessedOn);
            Assert.All(profile.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Evidence)));
            Assert.All(profile.Alerts, a => Assert.False(string.IsNullOrWhiteSpace(a.Evidence)));
            Assert.All(profile.FollowUps, f => Assert.False(string.IsNullOrWhiteSpace(f.Evidence)));
        });

    [Fact]
    public void Findings_are_always_sorted_by_domain_then_code_with_no_duplicate_codes() =>
        Gen.Select(GenHistory, GenResults).Sample((history, results) =>
        {
            var profile = RiskFactorProfiler.Build(history, results, Today);
            var codes = profile.Findings.Select(f => f.Code).ToList();
            Assert.Equal(codes.Distinct().Count(), codes.Count);
            Assert.Equal(profile.Findings.OrderBy(f => f.Domain).ThenBy(f => f.Code, StringComparer.Ordinal), profile.Findings);
            Assert.Equal(profile.Alerts.Count, profile.Alerts.Select(a => a.Code).Distinct().Count());
            Assert.Equal(profile.FollowUps.Count, profile.FollowUps.Select(f => f.Code).Distinct().Count());
        });

    [Fact]
    public void The_self_harm_alert_always_comes_with_a_safety_plan_and_opioid_use_always_with_naloxone() =>
        Gen.Select(GenHistory, GenResults).Sample((history, results) =>
        {
            var profile = RiskFactorProfiler.Build(history, results, Today);
            Assert.Equal(profile.Alerts.Any(a => a.Code == "self-harm"), profile.FollowUps.Any(f => f.Code == "safety-plan"));
            if (results.OudSeverity is >= OudSeverity.Mild || profile.Alerts.Any(a => a.Code is "tolerance-loss" or "recent-overdose"))
                Assert.Contains(profile.FollowUps, f => f.Code == "naloxone-kit");
        });
}
