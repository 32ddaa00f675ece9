using System.Globalization;
using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.Assessment;

/// <summary>
/// Builds the risk-factor profile of one person at one assessment from the intake history and the
/// instrument results: findings grouped in the seven domains of DESIGN.md stage 2, alerts the care
/// team must see first, and follow-ups (tests, wound care, naloxone). Pure and total: no clock (the
/// assessment date is passed in), no I/O, and no input makes it throw. Each rule and its source is
/// in docs/CLINICAL.md, section "Risk-factor profile".
/// </summary>
public static class RiskFactorProfiler
{
    /// <summary>Overdose counts as recent up to this many days before the assessment (12 months).</summary>
    public const int RecentOverdoseDays = 365;

    /// <summary>Mainstay's own conservative choice: no opioid use for this many days means reduced tolerance.</summary>
    public const int ToleranceLossAfterDays = 7;

    /// <summary>Mainstay's own conservative choice: a release this many days ago or fewer means reduced tolerance.</summary>
    public const int RecentReleaseDays = 30;

    /// <summary>Retest people who inject drugs when the last negative test is older than this.</summary>
    public const int RetestAfterMonths = 12;

    private static readonly HashSet<string> Opioids = new(StringComparer.OrdinalIgnoreCase)
    {
        "heroin", "fentanyl", "prescription-opioids", "methadone", "buprenorphine", "opioids", "opioid",
        "oxycodone", "hydrocodone", "hydromorphone", "morphine", "codeine", "tramadol", "oxymorphone",
        "tapentadol", "opium", "carfentanil",
    };

    private static readonly HashSet<string> Sedatives = new(StringComparer.OrdinalIgnoreCase)
    {
        "benzodiazepines", "benzodiazepine", "benzos", "alprazolam", "clonazepam", "diazepam", "lorazepam", "alcohol",
    };

    private static readonly HashSet<string> InjectionRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        "injection", "injecting", "injected", "intravenous", "iv",
    };

    private static readonly (string Diagnosis, string Code, string Text)[] KnownDiagnoses =
    [
        ("depression", "depression", "Low mood or depression"),
        ("anxiety", "anxiety", "Anxiety or constant worry"),
        ("ptsd", "ptsd", "Signs of post-traumatic stress (PTSD)"),
        ("bipolar", "bipolar-disorder", "Bipolar disorder"),
        ("schizophrenia", "schizophrenia", "Schizophrenia"),
        ("adhd", "adhd", "Attention problems (ADHD)"),
    ];

    /// <summary>The profile. Never throws; null arguments are read as empty.</summary>
    public static RiskFactorProfile Build(IntakeHistory history, InstrumentResults results, DateOnly assessedOn)
    {
        var h = history ?? new IntakeHistory();
        var r = results ?? new InstrumentResults();
        var facts = new Facts(h, r, assessedOn);

        var findings = new FindingSet();
        Psychological(facts, findings);
        MentalHealth(facts, findings);
        Environmental(facts, findings);
        Social(facts, findings);
        PrescriptionPathway(facts, findings);
        FamilyHistory(facts, findings);
        Access(facts, findings);

        var alerts = Alerts(facts);
        var followUps = FollowUps(facts, alerts);

        return new RiskFactorProfile(
            findings.Sorted(),
            [.. alerts.OrderByDescending(a => a.Severity).ThenBy(a => a.Code, StringComparer.Ordinal)],
            [.. followUps.OrderBy(f => f.DueInDays).ThenByDescending(f => f.Priority).ThenBy(f => f.Code, StringComparer.Ordinal)]);
    }

    // ---------------------------------------------------------------- findings

    private static void Psychological(Facts f, FindingSet findings)
    {
        if (f.History.TraumaHistory)
            findings.Add(RiskDomain.Psychological, "trauma-history", "Trauma in your past", "Trauma history: yes (intake history, self-report)");

        if (f.Results.AceTotal is int ace && ace >= Threshold(Ace.Definition, "high"))
            findings.Add(RiskDomain.Psychological, "adverse-childhood-experiences", "Hard experiences in your childhood",
                Score("ACE", Ace.Definition, ace, "high"));

        if (f.History.HighStress)
            findings.Add(RiskDomain.Psychological, "high-stress", "A lot of stress in your life", "High stress: yes (intake history)");
    }

    private static void MentalHealth(Facts f, FindingSet findings)
    {
        if (f.Results.Phq9Total is int phq9 && phq9 >= Threshold(Phq9.Definition, "moderate"))
            findings.Add(RiskDomain.MentalHealth, "depression", "Low mood or depression", Score("PHQ-9", Phq9.Definition, phq9, "moderate"));

        if (f.Results.Gad7Total is int gad7 && gad7 >= Threshold(Gad7.Definition, "moderate"))
            findings.Add(RiskDomain.MentalHealth, "anxiety", "Anxiety or constant worry", Score("GAD-7", Gad7.Definition, gad7, "moderate"));

        if (f.Results.PcPtsd5Total is int ptsd && ptsd >= Threshold(PcPtsd5.Definition, "positive"))
            findings.Add(RiskDomain.MentalHealth, "ptsd", "Signs of post-traumatic stress (PTSD)", Score("PC-PTSD-5", PcPtsd5.Definition, ptsd, "positive"));

        var other = new List<string>();
        foreach (var diagnosis in Clean(f.History.MentalHealthDiagnoses))
        {
            var known = KnownDiagnoses.FirstOrDefault(k => string.Equals(k.Diagnosis, diagnosis, StringComparison.OrdinalIgnoreCase));
            if (known.Code is not null)
                findings.Add(RiskDomain.MentalHealth, known.Code, known.Text, $"Earlier diagnosis: {known.Diagnosis} (intake history)");
            else
                other.Add(diagnosis);
        }

        if (other.Count > 0)
            findings.Add(RiskDomain.MentalHealth, "other-mental-health-diagnosis", "Another mental health diagnosis",
                $"Earlier diagnosis: {string.Join(", ", other.Distinct(StringComparer.OrdinalIgnoreCase))} (intake history)");

        if (f.History.PriorSuicideAttempt)
            findings.Add(RiskDomain.MentalHealth, "prior-suicide-attempt", "A past suicide attempt", "Prior suicide attempt: yes (intake history)");
    }

    private static void Environmental(Facts f, FindingSet findings)
    {
        switch (f.History.Housing)
        {
            case HousingStatus.Homeless:
                findings.Add(RiskDomain.Environmental, "housing-instability", "No home right now", "Housing: homeless (intake history)");
                break;
            case HousingStatus.Unstable:
                findings.Add(RiskDomain.Environmental, "housing-instability", "Housing that is not steady", "Housing: unstable (intake history)");
                break;
            default:
                break;
        }

        if (f.Need("housing"))
            findings.Add(RiskDomain.Environmental, "housing-instability", "Housing that is not steady", NeedEvidence("housing"));

        if (f.History.Employment == EmploymentStatus.Unemployed)
            findings.Add(RiskDomain.Environmental, "unemployment", "Out of work", "Employment: unemployed (intake history)");
        if (f.Need("employment"))
            findings.Add(RiskDomain.Environmental, "unemployment", "Needs help finding or keeping work", NeedEvidence("employment"));

        if (f.History.Education == EducationLevel.LessThanHighSchool)
            findings.Add(RiskDomain.Environmental, "limited-education", "Did not finish high school", "Education: less than high school (intake history)");
        if (f.Need("education"))
            findings.Add(RiskDomain.Environmental, "limited-education", "Wants help with school or training", NeedEvidence("education"));

        if (f.Need("food"))
            findings.Add(RiskDomain.Environmental, "food-insecurity", "Not always enough food", NeedEvidence("food"));
        if (f.Need("utilities"))
            findings.Add(RiskDomain.Environmental, "utility-insecurity", "Risk of losing power, heat or water", NeedEvidence("utilities"));
        if (f.Need("transportation"))
            findings.Add(RiskDomain.Environmental, "transportation-barrier", "No reliable way to get to care", NeedEvidence("transportation"));
    }

    private static void Social(Facts f, FindingSet findings)
    {
        if (f.History.PeersWhoUse)
            findings.Add(RiskDomain.Social, "peers-who-use", "Friends who use drugs", "Peers who use: yes (intake history)");
        if (f.History.PeerPressure)
            findings.Add(RiskDomain.Social, "peer-pressure", "Pressure from others to use", "Peer pressure: yes (intake history)");
        if (f.History.SocialSupport == SupportLevel.None)
            findings.Add(RiskDomain.Social, "no-social-support", "No one to lean on", "Social support: none (intake history)");
        if (f.History.SociallyIsolated)
            findings.Add(RiskDomain.Social, "social-isolation", "Feeling lonely or cut off from others", "Socially isolated: yes (intake history)");
        if (f.Need("isolation"))
            findings.Add(RiskDomain.Social, "social-isolation", "Feeling lonely or cut off from others", NeedEvidence("isolation"));
    }

    private static void PrescriptionPathway(Facts f, FindingSet findings)
    {
        if (f.History.ChronicPain)
            findings.Add(RiskDomain.PrescriptionOpioidPathway, "chronic-pain", "Long-lasting pain", "Chronic pain: yes (intake history)");
        if (f.History.PriorOpioidPrescriptions)
            findings.Add(RiskDomain.PrescriptionOpioidPathway, "prior-opioid-prescriptions", "Opioids prescribed to you before", "Prior opioid prescriptions: yes (intake history)");
        if (f.History.FirstOpioidWasPrescribed)
            findings.Add(RiskDomain.PrescriptionOpioidPathway, "first-opioid-prescribed", "Your first opioid was a prescription", "First opioid was prescribed: yes (intake history)");
    }

    private static void FamilyHistory(Facts f, FindingSet findings)
    {
        if (!f.History.FamilyHistoryOfAddiction)
            return;

        var members = Clean(f.History.FamilyMembersAffected).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var evidence = members.Count > 0
            ? $"Family history of addiction: yes ({string.Join(", ", members)}) (intake history)"
            : "Family history of addiction: yes (intake history)";

        var ort = f.Results.OrtCategory?.Trim();
        var elevated = new[] { "moderate", "high" }.FirstOrDefault(c => string.Equals(c, ort, StringComparison.OrdinalIgnoreCase));
        if (elevated is not null)
            evidence += $"; Opioid Risk Tool category: {elevated} (supporting)";

        findings.Add(RiskDomain.GeneticFamilyHistory, "family-history-of-addiction", "Addiction in your family", evidence);
    }

    private static void Access(Facts f, FindingSet findings)
    {
        if (f.History.EasyAccessToOpioids)
            findings.Add(RiskDomain.AvailabilityAccess, "easy-access-to-opioids", "Opioids are easy for you to get", "Easy access to opioids: yes (intake history)");
        if (f.History.LivesWithSomeoneWhoUses)
            findings.Add(RiskDomain.AvailabilityAccess, "lives-with-someone-who-uses", "Someone you live with uses drugs", "Lives with someone who uses: yes (intake history)");
    }

    // ---------------------------------------------------------------- alerts

    private static List<ProfileAlert> Alerts(Facts f)
    {
        var alerts = new List<ProfileAlert>();
        var h = f.History;
        var c = f.Complications;

        var selfHarm = new List<string>();
        if (f.Results.Phq9Item9 is int item9 && item9 >= 1)
            selfHarm.Add($"PHQ-9 item 9 = {item9} (any answer above 0 counts, whatever the total)");
        if (h.PriorSuicideAttempt)
            selfHarm.Add("Prior suicide attempt: yes (intake history)");
        if (selfHarm.Count > 0)
            alerts.Add(new("self-harm", AlertSeverity.Danger,
                "Thoughts of self-harm or a past suicide attempt: make a safety plan before anything else.", Join(selfHarm)));

        if (h.Pregnancy == PregnancyStatus.Pregnant)
            alerts.Add(new("pregnancy", AlertSeverity.Warning,
                "Pregnant: a priority population. Medication for opioid use disorder (methadone or buprenorphine) is recommended over withdrawal management.",
                "Pregnancy: pregnant (intake history)"));

        var injected = f.Substances.Where(s => s.Routes.Any(InjectionRoutes.Contains)).Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (injected.Count > 0)
            alerts.Add(new("injection-use", AlertSeverity.Warning,
                "Injects drugs: screen for infections (HIV, hepatitis B and C, skin, heart) and offer sterile supplies.",
                $"Route injection: {string.Join(", ", injected)} (intake history)"));

        if (h.LastOverdose is DateOnly overdose)
        {
            var days = f.DaysBefore(overdose);
            if (days < 0)
                alerts.Add(new("recent-overdose", AlertSeverity.Danger,
                    "Overdose recorded with a date after this assessment: check the date and treat it as recent.",
                    $"Last overdose {Iso(overdose)}, after the assessment date {Iso(f.AssessedOn)} (intake history)"));
            else if (days <= RecentOverdoseDays)
                alerts.Add(new("recent-overdose", AlertSeverity.Danger,
                    $"Overdose in the last {days} days: high risk of another; naloxone and an overdose plan now.",
                    $"Last overdose {Iso(overdose)}, {days} days before the assessment (within 12 months) (intake history)"));
        }

        var tolerance = new List<string>();
        if (h.LastOpioidUse is DateOnly lastUse && f.DaysBefore(lastUse) >= ToleranceLossAfterDays)
            tolerance.Add($"Last opioid use {Iso(lastUse)}, {f.DaysBefore(lastUse)} days before the assessment (7 days or more) (intake history)");
        if (h.ReleasedFromControlledEnvironment is DateOnly released && f.DaysBefore(released) is >= 0 and <= RecentReleaseDays)
            tolerance.Add($"Released from a controlled environment {Iso(released)}, {f.DaysBefore(released)} days before the assessment (within 30 days) (intake history)");
        if (tolerance.Count > 0)
            alerts.Add(new("tolerance-loss", AlertSeverity.Danger,
                "Tolerance is likely lower after time without opioids: using the usual amount again can cause an overdose. Give naloxone and explain the risk.",
                Join(tolerance)));

        var fentanyl = new List<string>();
        if (f.Substances.Any(s => IsFentanyl(s.Name)))
            fentanyl.Add("Substance used: fentanyl (intake history)");
        if (IsFentanyl(h.LastOpioidSubstance))
            fentanyl.Add("Last opioid used: fentanyl (intake history)");
        if (fentanyl.Count > 0)
            alerts.Add(new("fentanyl", AlertSeverity.Warning,
                "Fentanyl use: plan buprenorphine induction with care (precipitated withdrawal is more likely); consider low-dose or high-dose strategies or methadone.",
                Join(fentanyl)));

        var sedatives = f.Substances.Where(s => Sedatives.Contains(s.Name)).Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (sedatives.Count > 0 && f.OpioidUseRecorded)
            alerts.Add(new("sedative-co-use", AlertSeverity.Warning,
                "Opioids used together with alcohol or benzodiazepines: higher risk of stopped breathing (respiratory depression).",
                $"Substances used: {string.Join(", ", sedatives)} with opioids (intake history)"));

        if (c.EndocarditisSigns)
            alerts.Add(new("endocarditis", AlertSeverity.Danger,
                "Signs of a heart valve infection (endocarditis): urgent medical evaluation today.",
                "Endocarditis signs: yes (complications screen)"));

        return alerts;
    }

    // ---------------------------------------------------------------- follow-ups

    private static List<FollowUpNeed> FollowUps(Facts f, List<ProfileAlert> alerts)
    {
        var needs = new List<FollowUpNeed>();
        var c = f.Complications;
        var injects = alerts.Any(a => a.Code == "injection-use");
        var testPriority = injects ? AlertSeverity.Warning : AlertSeverity.Info;

        var hiv = VirusTestDue(f, "HIV", c.Hiv, c.HivLastTest, injects);
        if (hiv is not null)
            needs.Add(new("hiv-test", "HIV test due", 30, testPriority, hiv));
        if (c.Hiv == InfectionStatus.Positive)
            needs.Add(new("hiv-care", "Link to HIV care", 7, AlertSeverity.Warning, "HIV status: positive (complications screen)"));

        var hcv = VirusTestDue(f, "Hepatitis C", c.HepatitisC, c.HepatitisCLastTest, injects);
        if (hcv is not null)
            needs.Add(new("hcv-test", "Hepatitis C test due", 30, testPriority, hcv));
        if (c.HepatitisC == InfectionStatus.Positive)
            needs.Add(new("hcv-treatment", "Link to hepatitis C treatment", 30, AlertSeverity.Warning, "Hepatitis C status: positive (complications screen)"));

        if (c.HepatitisB == InfectionStatus.Unknown)
            needs.Add(new("hbv-test-vaccine", "Hepatitis B test, and vaccine if not immune", 30, testPriority, "Hepatitis B status: unknown (complications screen)"));

        if (c.SkinOrSoftTissueInfection)
            needs.Add(new("wound-care", "Wound care for a skin or soft-tissue infection", 1, AlertSeverity.Warning, "Skin or soft-tissue infection: yes (complications screen)"));
        if (c.CollapsedVeins)
            needs.Add(new("vein-care", "Vein care and safer-injection advice", 30, AlertSeverity.Info, "Collapsed veins: yes (complications screen)"));
        if (c.LungDisease)
            needs.Add(new("lung-evaluation", "Lung evaluation", 14, AlertSeverity.Warning, "Lung disease: yes (complications screen)"));

        if (f.History.Pregnancy == PregnancyStatus.Unknown)
            needs.Add(new("pregnancy-test", "Pregnancy test before choosing medication", 0, AlertSeverity.Warning, "Pregnancy: unknown (intake history)"));

        var naloxone = new List<string>();
        if (f.Results.OudSeverity is OudSeverity severity && severity >= OudSeverity.Mild)
            naloxone.Add($"DSM-5 OUD severity: {SeverityWord(severity)}");
        if (f.OpioidUseRecorded)
            naloxone.Add("Opioid use recorded (intake history)");
        var overdoseRisk = alerts.Where(a => a.Code is "recent-overdose" or "tolerance-loss").Select(a => a.Code).ToList();
        if (overdoseRisk.Count > 0)
            naloxone.Add($"Alert: {string.Join(", ", overdoseRisk)}");
        if (naloxone.Count > 0)
            needs.Add(new("naloxone-kit", "Give a naloxone kit and show how to use it", 0,
                overdoseRisk.Count > 0 ? AlertSeverity.Danger : AlertSeverity.Warning, Join(naloxone)));

        if (alerts.Any(a => a.Code == "self-harm"))
            needs.Add(new("safety-plan", "Make a safety plan with the patient today", 0, AlertSeverity.Danger, "Alert: self-harm"));

        return needs;
    }

    /// <summary>Evidence when a test is due: status unknown, or negative and stale (or undated) with injection use.</summary>
    private static string? VirusTestDue(Facts f, string virus, InfectionStatus status, DateOnly? lastTest, bool injects)
    {
        if (status == InfectionStatus.Unknown)
            return $"{virus} status: unknown (complications screen)";
        if (status != InfectionStatus.Negative || !injects)
            return null;
        if (lastTest is not DateOnly tested)
            return $"{virus} last tested negative, date unknown, with injection use (test at least every 12 months)";
        return tested < f.RetestCutoff
            ? $"{virus} last tested negative {Iso(tested)}, more than 12 months before the assessment, with injection use (test at least every 12 months)"
            : null;
    }

    // ---------------------------------------------------------------- helpers

    private static int Threshold(InstrumentDefinition definition, string band) =>
        definition.Bands.FirstOrDefault(b => b.Label == band)?.From ?? int.MaxValue;

    private static string Score(string name, InstrumentDefinition definition, int total, string positiveBand)
    {
        var threshold = Threshold(definition, positiveBand);
        var band = definition.BandFor(total);
        return band is null
            ? $"{name} = {total} (outside {definition.MinTotal}-{definition.MaxTotal}: check the score; positive at ≥{threshold})"
            : $"{name} = {total} ({band.Label}; positive at ≥{threshold})";
    }

    private static string NeedEvidence(string need) => $"Social-needs screen: {need} = yes";

    private static string Join(IEnumerable<string> parts) => string.Join("; ", parts);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string SeverityWord(OudSeverity severity) => severity switch
    {
        OudSeverity.None => "none",
        OudSeverity.Mild => "mild",
        OudSeverity.Moderate => "moderate",
        OudSeverity.Severe => "severe",
        _ => $"value {(int)severity}",
    };

    private static bool IsFentanyl(string? substance) =>
        substance is not null && substance.Contains("fentanyl", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Clean(IEnumerable<string?>? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim());

    /// <summary>The inputs, null-safe, with the derived facts several rules share.</summary>
    private sealed class Facts
    {
        public Facts(IntakeHistory history, InstrumentResults results, DateOnly assessedOn)
        {
            History = history;
            Results = results;
            AssessedOn = assessedOn;
            Complications = history.Complications ?? new ComplicationsScreen();
            Substances = [.. (history.Substances ?? []).Where(s => s is not null && !string.IsNullOrWhiteSpace(s.Substance))
                .Select(s => new Substance(s.Substance.Trim(), [.. Clean(s.Routes)]))];
            needs = new HashSet<string>(Clean(results.SocialNeeds), StringComparer.OrdinalIgnoreCase);
            RetestCutoff = assessedOn.Year > 1 ? assessedOn.AddMonths(-RetestAfterMonths) : DateOnly.MinValue;
            OpioidUseRecorded = Substances.Any(s => Opioids.Contains(s.Name) || IsFentanyl(s.Name))
                || history.LastOpioidUse is not null
                || !string.IsNullOrWhiteSpace(history.LastOpioidSubstance)
                || history.AgeFirstOpioidUse is not null;
        }

        private readonly HashSet<string> needs;

        public IntakeHistory History { get; }

        public InstrumentResults Results { get; }

        public DateOnly AssessedOn { get; }

        public ComplicationsScreen Complications { get; }

        public IReadOnlyList<Substance> Substances { get; }

        /// <summary>A negative test dated before this is more than 12 months old.</summary>
        public DateOnly RetestCutoff { get; }

        public bool OpioidUseRecorded { get; }

        public bool Need(string id) => needs.Contains(id);

        /// <summary>Days from <paramref name="date"/> to the assessment; negative when the date is later.</summary>
        public int DaysBefore(DateOnly date) => AssessedOn.DayNumber - date.DayNumber;
    }

    private sealed record Substance(string Name, IReadOnlyList<string> Routes);

    /// <summary>Findings keyed by code: a second source for the same code adds its evidence instead of a duplicate.</summary>
    private sealed class FindingSet
    {
        private readonly Dictionary<string, RiskFinding> byCode = new(StringComparer.Ordinal);

        public void Add(RiskDomain domain, string code, string text, string evidence)
        {
            byCode[code] = byCode.TryGetValue(code, out var existing)
                ? existing with { Evidence = existing.Evidence.Contains(evidence, StringComparison.Ordinal) ? existing.Evidence : $"{existing.Evidence}; {evidence}" }
                : new RiskFinding(domain, code, text, evidence);
        }

        public IReadOnlyList<RiskFinding> Sorted() =>
            [.. byCode.Values.OrderBy(f => f.Domain).ThenBy(f => f.Code, StringComparer.Ordinal)];
    }
}
