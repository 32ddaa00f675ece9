using System.Globalization;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.Planning;

/// <summary>
/// Drafts an individualized treatment plan from a completed assessment (DESIGN.md stage 3): each
/// finding or alert of the risk-factor profile becomes a problem in the patient's own words with a
/// measurable goal, one to three dated objectives and interventions with a frequency and a
/// responsible role; opioid use disorder also gets the three medications with this person's
/// reasons for and against. The draft is a starting point the clinician edits and signs.
/// Pure and total: no clock, no I/O, and no input makes it throw. Each rule and its source is in
/// docs/CLINICAL.md, section "Treatment-plan drafting".
/// </summary>
public static class PlanDrafter
{
    /// <summary>XR-naltrexone: days without short-acting opioids before it can be started (7–10; the lower end is used).</summary>
    public const int NaltrexoneOpioidFreeDays = 7;

    /// <summary>COWS total from which withdrawal is present (the form's "mild" band starts at 5).</summary>
    public const int CowsWithdrawalFrom = 5;

    /// <summary>The order of the problems (priority 1 first); <c>recovery-foundations</c> is always last.</summary>
    public static IReadOnlyList<string> ProblemOrder { get; } =
    [
        "safety", "overdose-risk", "opioid-use-disorder", "pregnancy", "injection-health", "trauma", "depression", "anxiety",
        "mental-health", "chronic-pain", "social-support", "housing", "employment", "basic-needs", "recovery-foundations",
    ];

    private static readonly string[] TraumaFindings = ["trauma-history", "adverse-childhood-experiences", "ptsd"];
    private static readonly string[] OtherMentalHealthFindings = ["bipolar-disorder", "schizophrenia", "adhd", "other-mental-health-diagnosis"];
    private static readonly string[] PainFindings = ["chronic-pain", "prior-opioid-prescriptions", "first-opioid-prescribed"];
    private static readonly string[] SocialFindings = ["peers-who-use", "peer-pressure", "social-isolation", "no-social-support", "lives-with-someone-who-uses"];
    private static readonly string[] EmploymentFindings = ["unemployment", "limited-education"];
    private static readonly string[] BasicNeedsFindings = ["food-insecurity", "utility-insecurity", "transportation-barrier"];
    private static readonly string[] FoundationFindings = ["high-stress", "family-history-of-addiction", "easy-access-to-opioids"];
    private static readonly string[] InjectionFollowUps = ["wound-care", "vein-care", "lung-evaluation", "hiv-care", "hcv-treatment"];

    /// <summary>The drafted plan. Never throws; a null input or null parts are read as "nothing recorded".</summary>
    public static DraftedPlan Draft(PlanDraftInput input)
    {
        var f = new Facts(input);
        var drafts = new List<ProblemDraft>();

        Safety(f, drafts);
        OverdoseRisk(f, drafts);
        OpioidUseDisorder(f, drafts);
        Pregnancy(f, drafts);
        InjectionHealth(f, drafts);
        Trauma(f, drafts);
        Depression(f, drafts);
        Anxiety(f, drafts);
        OtherMentalHealth(f, drafts);
        ChronicPain(f, drafts);
        SocialSupport(f, drafts);
        Housing(f, drafts);
        Employment(f, drafts);
        BasicNeeds(f, drafts);
        RecoveryFoundations(f, drafts);

        var ordered = drafts.OrderBy(d => IndexOf(d.Code)).ToList();
        return new DraftedPlan([.. ordered.Select((d, i) => d.ToProblem(i + 1, f.Input.StartsOn))]);
    }

    // ---------------------------------------------------------------- problems

    private static void Safety(Facts f, List<ProblemDraft> drafts)
    {
        if (!f.Alert("self-harm"))
            return;

        var d = new ProblemDraft("safety", "I have had thoughts of hurting myself, or I have tried to end my life before.",
            "Stay safe: no suicide attempt or self-harm during treatment, with a written safety plan reviewed at every visit.");
        d.From.Add("self-harm");
        d.From.AddRange(f.Findings("prior-suicide-attempt"));
        d.Objective("Has a written safety plan (warning signs, coping steps, people to call, 988) and a copy to keep", 1);
        d.Objective("Completes a psychiatric evaluation", 7);
        d.Do("Make a safety plan with the patient before anything else", "Today, then reviewed at every session", "counselor", InterventionKind.SafetyPlanning);
        d.Do("Same-day suicide risk assessment", "Today", "prescriber", InterventionKind.Psychiatric);
        d.Do("Give the 988 Suicide & Crisis Lifeline (call or text 988) and the program's crisis contacts", "Today", "counselor", InterventionKind.Education);
        d.Do("Psychiatric evaluation", "Within 7 days", "prescriber", InterventionKind.Psychiatric);
        drafts.Add(d);
    }

    private static void OverdoseRisk(Facts f, List<ProblemDraft> drafts)
    {
        var codes = new[] { "recent-overdose", "tolerance-loss" }.Where(f.Alert).ToList();
        if (codes.Count == 0)
            return;

        var statement = codes.Contains("recent-overdose")
            ? "I have overdosed before, and it could happen again."
            : "I have been without opioids for a while, so the amount I used to take could now kill me.";
        var d = new ProblemDraft("overdose-risk", statement, "No overdose during treatment.");
        d.From.AddRange(codes);
        d.Objective("Carries naloxone and can show how to use it", 1);
        d.Objective("Has an overdose plan: never use alone, test or go slow, someone nearby with naloxone", 7);
        d.Do("Give a naloxone kit and train the patient (and family if present) to use it", "Today; replace whenever used or expired", "nurse", InterventionKind.HarmReduction);
        d.Do("Overdose education: lower tolerance, fentanyl in the supply, the danger of mixing with alcohol or benzodiazepines", "Today, then at each plan review", "counselor", InterventionKind.Education);
        d.Do("Never use alone: someone present with naloxone, or a never-use-alone line", "Today, then at each plan review", "counselor", InterventionKind.HarmReduction);
        drafts.Add(d);
    }

    private static void OpioidUseDisorder(Facts f, List<ProblemDraft> drafts)
    {
        if (f.Input.Diagnosis is not { } diagnosis || diagnosis.Severity is not (OudSeverity.Mild or OudSeverity.Moderate or OudSeverity.Severe))
            return;

        var statement = f.Fentanyl
            ? "I use fentanyl and cannot stop on my own."
            : "I use opioids and cannot stop on my own.";
        var d = new ProblemDraft("opioid-use-disorder", statement, "No illicit opioid use, confirmed by drug screens, for 90 days.");
        d.From.Add($"dsm5-oud: {SeverityWord(diagnosis.Severity)}");
        d.From.AddRange(new[] { "fentanyl", "sedative-co-use" }.Where(f.Alert));

        if (diagnosis.OnMaintenanceTherapy)
            d.Objective("Keeps taking the medication for opioid use disorder with no missed doses", 30);
        else
            d.Objective("Starts a medication for opioid use disorder chosen with the prescriber", 7);
        d.Objective("Fentanyl-negative drug screens for 4 consecutive weeks", 60);
        d.Objective("No illicit opioid use for 90 days, confirmed by drug screens", 90);

        if (f.FollowUp("pregnancy-test"))
            d.Do("Pregnancy test before choosing a medication", "Today", "nurse", InterventionKind.Testing);
        if (f.WithdrawalManagement)
            d.Do("Withdrawal management: COWS and vital signs, symptom relief, and medication started as soon as withdrawal allows (not a taper in place of medication)",
                "Every visit (or shift) until withdrawal settles", "nurse", InterventionKind.WithdrawalManagement);
        d.Do("Medication for opioid use disorder, as chosen with the patient (see the options)", "Daily, or as ordered", "prescriber", InterventionKind.Medication);
        d.Do("Urine drug screens including fentanyl", "Weekly for the first 90 days (program policy), then at least 8 random screens a year", "nurse", InterventionKind.Testing);
        d.Do("Individual counseling with motivational interviewing", "Weekly", "counselor", InterventionKind.Therapy);
        d.Do("Naloxone kit and training", "Today; replace whenever used or expired", "nurse", InterventionKind.HarmReduction);
        d.Medications.AddRange(MedicationOptions(f));
        drafts.Add(d);
    }

    private static void Pregnancy(Facts f, List<ProblemDraft> drafts)
    {
        if (!f.Pregnant)
            return;

        var d = new ProblemDraft("pregnancy", "I am pregnant and want my baby and me to be healthy.",
            "Prenatal care attended and medication for opioid use disorder continued through delivery.");
        d.From.Add("pregnancy");
        d.Objective("Signs a consent so the program and the obstetric team can share information", 7);
        d.Objective("Attends a first prenatal visit", 14);
        d.Do("Referral to obstetric (prenatal) care", "Within 7 days", "case-manager", InterventionKind.Referral);
        d.Do("Coordinate medication for opioid use disorder with the obstetrician (methadone or buprenorphine; no withdrawal in place of medication)",
            "Monthly, and at every change of medication", "prescriber", InterventionKind.Medical);
        drafts.Add(d);
    }

    private static void InjectionHealth(Facts f, List<ProblemDraft> drafts)
    {
        var alerts = new[] { "injection-use", "endocarditis" }.Where(f.Alert).ToList();
        var complications = InjectionFollowUps.Where(f.FollowUp).ToList();
        if (alerts.Count == 0 && complications.Count == 0)
            return;

        var d = new ProblemDraft("injection-health",
            alerts.Contains("injection-use") ? "I inject drugs and my body is paying for it." : "Using has hurt my body (infections, veins or lungs).",
            "No new infection or injection injury; any infection found is treated.");
        d.From.AddRange(alerts);
        d.From.AddRange(complications);

        if (f.Alert("endocarditis"))
            d.Do("Urgent medical evaluation for endocarditis (heart valve infection)", "Today", "prescriber", InterventionKind.Medical);
        AddTests(f, d);
        if (f.FollowUp("hiv-care"))
            d.Do("Link to HIV care", "Within 7 days", "case-manager", InterventionKind.Referral);
        if (f.FollowUp("hcv-treatment"))
            d.Do("Link to hepatitis C treatment", "Within 30 days", "prescriber", InterventionKind.Referral);
        if (f.FollowUp("wound-care"))
            d.Do("Wound care for the skin or soft-tissue infection", "Within 1 day, then every visit until healed", "nurse", InterventionKind.Medical);
        if (f.FollowUp("vein-care"))
            d.Do("Vein care and safer-injection advice", "Within 30 days, then as needed", "nurse", InterventionKind.Medical);
        if (f.FollowUp("lung-evaluation"))
            d.Do("Lung evaluation", "Within 14 days", "prescriber", InterventionKind.Medical);
        d.Do("Sterile injection supplies and safer-injection education, or referral to a syringe services program", "Every visit while injecting", "nurse", InterventionKind.HarmReduction);
        d.Do("Naloxone kit and training", "Today; replace whenever used or expired", "nurse", InterventionKind.HarmReduction);

        if (f.TestsDue.Count > 0)
            d.Objective("Completes testing for HIV and hepatitis B and C, and starts treatment or vaccination as the results call for", 30);
        if (f.FollowUp("wound-care"))
            d.Objective("Wounds healed, or under treatment and improving", 14);
        d.Objective("Uses sterile equipment every time while still injecting (asked at each review)", 30);
        drafts.Add(d);
    }

    private static void Trauma(Facts f, List<ProblemDraft> drafts)
    {
        var codes = f.Findings(TraumaFindings);
        if (codes.Count == 0)
            return;

        var ptsd = codes.Contains("ptsd");
        var d = new ProblemDraft("trauma",
            ptsd ? "What happened to me still comes back, and I use to get away from it." : "Hard things happened to me, and they still weigh on me.",
            "Fewer trauma symptoms and safer ways to cope, without using.");
        d.From.AddRange(codes);
        d.Objective("Attends a first trauma-focused therapy session", 14);
        d.Objective("Attends at least 8 trauma-focused sessions", 90);
        d.Do("Trauma-focused therapy (Cognitive Processing Therapy or Prolonged Exposure, or Seeking Safety alongside early recovery)", "Weekly", "counselor", InterventionKind.Therapy);
        if (ptsd)
            d.Do("Psychiatric evaluation for probable PTSD", "Within 14 days", "prescriber", InterventionKind.Psychiatric);
        drafts.Add(d);
    }

    private static void Depression(Facts f, List<ProblemDraft> drafts) =>
        MoodProblem(f, drafts, "depression", "I feel down and hopeless much of the time.", "PHQ-9");

    private static void Anxiety(Facts f, List<ProblemDraft> drafts) =>
        MoodProblem(f, drafts, "anxiety", "I worry all the time and cannot relax.", "GAD-7");

    private static void MoodProblem(Facts f, List<ProblemDraft> drafts, string code, string statement, string instrument)
    {
        if (f.Findings(code).Count == 0)
            return;

        var d = new ProblemDraft(code, statement, $"{instrument} score below 10 within 90 days.");
        d.From.Add(code);
        d.Objective("Completes a psychiatric evaluation", 14);
        d.Objective($"{instrument} score below 10", 90);
        d.Do("Cognitive behavioral therapy (CBT)", "Weekly", "counselor", InterventionKind.Therapy);
        d.Do("Psychiatric evaluation", "Within 14 days", "prescriber", InterventionKind.Psychiatric);
        d.Do($"Repeat the {instrument}", "Monthly", "counselor", InterventionKind.Testing);
        drafts.Add(d);
    }

    private static void OtherMentalHealth(Facts f, List<ProblemDraft> drafts)
    {
        var codes = f.Findings(OtherMentalHealthFindings);
        if (codes.Count == 0)
            return;

        var d = new ProblemDraft("mental-health", "I have another mental health condition that affects my recovery.",
            "The mental health condition is treated alongside opioid use disorder.");
        d.From.AddRange(codes);
        d.Objective("Completes a psychiatric evaluation and medication review", 14);
        d.Objective("Has one plan shared with any outside mental health provider", 30);
        d.Do("Psychiatric evaluation and medication review", "Within 14 days", "prescriber", InterventionKind.Psychiatric);
        d.Do("Coordinate with any current mental health provider (with the patient's consent)", "Monthly", "counselor", InterventionKind.CaseManagement);
        drafts.Add(d);
    }

    private static void ChronicPain(Facts f, List<ProblemDraft> drafts)
    {
        var codes = f.Findings(PainFindings);
        if (codes.Count == 0)
            return;

        var d = new ProblemDraft("chronic-pain",
            codes.Contains("chronic-pain") ? "I live with pain, and opioids were how I managed it." : "My opioid use started with a prescription.",
            "Pain managed without misused opioids.");
        d.From.AddRange(codes);
        d.Objective("Agrees a pain plan without misused opioids with the prescriber", 14);
        d.Objective("Attends a first pain-specialist or physical-therapy visit", 30);
        d.Do("Review of non-opioid pain treatment", "Within 14 days, then at each plan review", "prescriber", InterventionKind.Medical);
        d.Do("Referral to a pain specialist or physical therapy", "Within 30 days", "prescriber", InterventionKind.Referral);
        d.Do("Cognitive behavioral therapy for chronic pain", "Weekly", "counselor", InterventionKind.Therapy);
        drafts.Add(d);
    }

    private static void SocialSupport(Facts f, List<ProblemDraft> drafts)
    {
        var codes = f.Findings(SocialFindings);
        if (codes.Count == 0)
            return;

        var statement = codes.Any(c => c is "peers-who-use" or "peer-pressure" or "lives-with-someone-who-uses")
            ? "The people around me use, and it pulls me back."
            : "I do not have people in my corner.";
        var d = new ProblemDraft("social-support", statement, "A circle of people who support recovery, met at least weekly.");
        d.From.AddRange(codes);
        d.Objective("Attends a first Narcotics Anonymous or SMART Recovery meeting", 14);
        d.Objective("Attends at least one support meeting a week for 4 weeks in a row", 45);
        d.Objective("Names one person who supports recovery and invites them to a family session", 30);
        d.Do("Support groups: offer both Narcotics Anonymous and SMART Recovery", "At least weekly", "counselor", InterventionKind.Group);
        d.Do("Family involvement: family session and education about addiction and recovery", "Monthly", "counselor", InterventionKind.Therapy);
        d.Do("Peer recovery coach", "Weekly", "peer-recovery-coach", InterventionKind.CaseManagement);
        drafts.Add(d);
    }

    private static void Housing(Facts f, List<ProblemDraft> drafts)
    {
        if (f.Findings("housing-instability").Count == 0)
            return;

        var d = new ProblemDraft("housing", "I do not have a safe, steady place to live.", "Stable or recovery housing within 90 days.");
        d.From.Add("housing-instability");
        d.Objective("Housing applications submitted (shelter, recovery housing or housing assistance)", 14);
        d.Objective("Living in stable or recovery housing", 90);
        d.Do("Case management: housing applications and referral to recovery housing or shelter", "Weekly until housed", "case-manager", InterventionKind.CaseManagement);
        drafts.Add(d);
    }

    private static void Employment(Facts f, List<ProblemDraft> drafts)
    {
        var codes = f.Findings(EmploymentFindings);
        if (codes.Count == 0)
            return;

        var d = new ProblemDraft("employment",
            codes.Contains("unemployment") ? "I need work to support myself." : "I want to finish school or train for work.",
            "Working, or enrolled in education or job training, within 90 days.");
        d.From.AddRange(codes);
        d.Objective("Meets a vocational rehabilitation, job training or adult education program", 30);
        d.Objective("Working, or enrolled in education or training", 90);
        d.Do("Referral to vocational rehabilitation, job training or adult education (GED)", "Within 30 days, then reviewed monthly", "case-manager", InterventionKind.Referral);
        drafts.Add(d);
    }

    private static void BasicNeeds(Facts f, List<ProblemDraft> drafts)
    {
        var codes = f.Findings(BasicNeedsFindings);
        if (codes.Count == 0)
            return;

        var d = new ProblemDraft("basic-needs", "I struggle to cover the basics: food, bills or getting to appointments.",
            "Enrolled in the help the patient needs for food, utilities and transport within 30 days.");
        d.From.AddRange(codes);
        d.Objective("Applications made for each need found (food, utilities, transport)", 14);
        d.Objective("Receiving the help applied for", 30);
        if (codes.Contains("food-insecurity"))
            d.Do("Referral to food assistance (SNAP, food bank)", "Within 14 days", "case-manager", InterventionKind.Referral);
        if (codes.Contains("utility-insecurity"))
            d.Do("Referral to utility assistance", "Within 14 days", "case-manager", InterventionKind.Referral);
        if (codes.Contains("transportation-barrier"))
            d.Do("Arrange transport to care (Medicaid rides, transit passes)", "Within 7 days, then as needed", "case-manager", InterventionKind.CaseManagement);
        drafts.Add(d);
    }

    private static void RecoveryFoundations(Facts f, List<ProblemDraft> drafts)
    {
        var d = new ProblemDraft("recovery-foundations", "I want to understand my addiction and build a life that keeps me well.",
            "A written relapse-prevention plan and aftercare outline, and two healthy-lifestyle goals kept, within 60 days.");
        d.From.AddRange(f.Findings(FoundationFindings));
        d.Objective("Can explain in their own words how opioids change the brain's reward system", 30);
        d.Objective("Keeps two healthy-lifestyle goals (exercise, sleep, nutrition or stress reduction), checked monthly", 60);
        d.Objective("Has a written relapse-prevention plan (triggers, coping skills, people to call) and an aftercare outline", 60);

        var psychoeducation = "Psychoeducation: how opioids change the brain's reward system, craving and recovery";
        if (f.Findings("family-history-of-addiction").Count > 0)
            psychoeducation += ", including family (genetic) risk";
        d.Do(psychoeducation, "Weekly for the first 4 weeks", "counselor", InterventionKind.Education);
        d.Do("Healthy lifestyle goals: exercise, sleep, nutrition and stress reduction", "Set within 30 days, reviewed monthly", "counselor", InterventionKind.Lifestyle);
        var relapse = "Relapse-prevention plan: identify triggers, practise coping skills";
        if (f.Findings("easy-access-to-opioids").Count > 0)
            relapse += ", and cut off easy access to opioids";
        d.Do(relapse, "Within 30 days, reviewed monthly", "counselor", InterventionKind.Therapy);
        d.Do("Aftercare outline: continuing care, support groups and follow-up contacts", "Started within 30 days, updated at each plan review", "counselor", InterventionKind.Aftercare);
        if (!drafts.Any(p => p.Code == "injection-health"))
            AddTests(f, d);
        drafts.Add(d);
    }

    // ---------------------------------------------------------------- medication options

    private static List<MedicationOption> MedicationOptions(Facts f)
    {
        var methadoneFor = new List<string>();
        var methadoneAgainst = new List<string>();
        var buprenorphineFor = new List<string>();
        var buprenorphineAgainst = new List<string>();
        var naltrexoneFor = new List<string>();
        var naltrexoneAgainst = new List<string>();
        var input = f.Input;

        if (f.Pregnant)
        {
            methadoneFor.Add("Recommended in pregnancy (ACOG Committee Opinion 711)");
            buprenorphineFor.Add("Recommended in pregnancy (ACOG Committee Opinion 711)");
            naltrexoneAgainst.Add("Pregnant: XR-naltrexone is not started in pregnancy; methadone or buprenorphine is recommended (ACOG Committee Opinion 711)");
        }

        if (f.Fentanyl)
        {
            methadoneFor.Add("Full agonist: no precipitated withdrawal when starting after fentanyl");
            buprenorphineAgainst.Add("Fentanyl use: risk of precipitated withdrawal with a standard start; plan a low-dose or high-dose initiation (ASAM fentanyl clinical considerations, 2023)");
        }

        if (f.Prior("methadone"))
            methadoneFor.Add("Has taken it before");
        if (f.Prior("buprenorphine", "suboxone", "subutex", "sublocade"))
            buprenorphineFor.Add("Has taken it before");
        if (f.Prior("naltrexone", "vivitrol"))
            naltrexoneFor.Add("Has taken it before");

        if (input.ChoosesMethadone)
        {
            methadoneFor.Add("The patient wants methadone");
            buprenorphineAgainst.Add("The patient has chosen methadone");
            naltrexoneAgainst.Add("The patient has chosen methadone");
        }

        if (input.DeclinesAgonists)
        {
            naltrexoneFor.Add("The patient does not want an opioid agonist now");
            methadoneAgainst.Add("The patient does not want an opioid agonist now");
            buprenorphineAgainst.Add("The patient does not want an opioid agonist now");
        }

        if (f.Alert("sedative-co-use"))
        {
            methadoneAgainst.Add("Alcohol or benzodiazepine use: caution, breathing can slow or stop");
            buprenorphineAgainst.Add("Alcohol or benzodiazepine use: caution, breathing can slow or stop");
        }

        // Setting.
        methadoneAgainst.Add("Dispensed only in an opioid treatment program: daily attendance at first");
        if (f.Level == "1-OTP")
            methadoneFor.Add("Placed in an opioid treatment program (level 1-OTP), where it is dispensed");
        else if (f.Level is not null)
            methadoneAgainst.Add($"Placed at level {f.Level}: needs enrollment with an opioid treatment program");
        buprenorphineFor.Add(f.Level is null
            ? "Can be prescribed in office-based care or given in an opioid treatment program"
            : $"Can be prescribed in office-based care or given in an opioid treatment program (placed at level {f.Level})");
        naltrexoneFor.Add("Monthly injection that any prescriber can give; no opioid effect");

        // Opioid-free days.
        var naltrexoneEligible = false;
        if (f.OpioidFreeDays is int days)
        {
            if (days < 0)
            {
                naltrexoneAgainst.Add($"Last opioid use {Iso(f.History.LastOpioidUse)} is after the plan start: check the date; not yet eligible");
            }
            else if (days < NaltrexoneOpioidFreeDays)
            {
                naltrexoneAgainst.Add($"Not yet eligible: last opioid use {days} days before the plan start; needs 7–10 opioid-free days");
            }
            else
            {
                naltrexoneEligible = true;
                naltrexoneFor.Add($"{days} opioid-free days: can start (needs 7–10; confirm with a drug screen)");
            }
        }
        else
        {
            naltrexoneAgainst.Add("Opioid-free days unknown: confirm 7–10 opioid-free days before starting");
        }

        if (f.RecentlyReleased)
            naltrexoneFor.Add($"Released from a controlled environment on {Iso(f.History.ReleasedFromControlledEnvironment)}: may already be opioid-free (confirm)");

        var methadoneSuggested = f.Pregnant || input.ChoosesMethadone || f.Level == "1-OTP" || f.Prior("methadone");
        var buprenorphineSuggested = f.Pregnant || (!input.ChoosesMethadone && !input.DeclinesAgonists);
        if (input.DeclinesAgonists && !f.Pregnant)
            methadoneSuggested = false;
        var naltrexoneSuggested = !f.Pregnant && !input.ChoosesMethadone
            && (naltrexoneEligible || (f.RecentlyReleased && input.DeclinesAgonists && f.OpioidFreeDays is not (< NaltrexoneOpioidFreeDays)));

        return
        [
            new("methadone", methadoneFor, methadoneAgainst, methadoneSuggested),
            new("buprenorphine", buprenorphineFor, buprenorphineAgainst, buprenorphineSuggested),
            new("naltrexone-xr", naltrexoneFor, naltrexoneAgainst, naltrexoneSuggested),
        ];
    }

    // ---------------------------------------------------------------- helpers

    private static void AddTests(Facts f, ProblemDraft d)
    {
        foreach (var code in f.TestsDue)
        {
            d.From.Add(code);
            var text = code switch
            {
                "hiv-test" => "HIV test",
                "hcv-test" => "Hepatitis C test",
                _ => "Hepatitis B test, and vaccine if not immune",
            };
            d.Do(text, "Within 30 days", "nurse", InterventionKind.Testing);
        }
    }

    private static int IndexOf(string code)
    {
        for (var i = 0; i < ProblemOrder.Count; i++)
        {
            if (ProblemOrder[i] == code)
                return i;
        }

        return ProblemOrder.Count;
    }

    private static string SeverityWord(OudSeverity severity) => severity switch
    {
        OudSeverity.None => "none",
        OudSeverity.Mild => "mild",
        OudSeverity.Moderate => "moderate",
        OudSeverity.Severe => "severe",
        _ => $"value {(int)severity}",
    };

    private static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown";

    /// <summary>The input, null-safe, with the derived facts several rules share.</summary>
    private sealed class Facts
    {
        private readonly HashSet<string> findings;
        private readonly HashSet<string> alerts;
        private readonly HashSet<string> followUps;
        private readonly List<string> priorTreatment;

        public Facts(PlanDraftInput? input)
        {
            Input = input ?? new PlanDraftInput { Profile = new([], [], []), History = new(), StartsOn = DateOnly.MinValue };
            History = Input.History ?? new IntakeHistory();
            var profile = Input.Profile;
            findings = Codes(profile?.Findings?.Select(x => x?.Code));
            alerts = Codes(profile?.Alerts?.Select(x => x?.Code));
            followUps = Codes(profile?.FollowUps?.Select(x => x?.Code));
            priorTreatment = [.. (History.PriorTreatment ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim())];
            Level = string.IsNullOrWhiteSpace(Input.LevelOfCare) ? null : Input.LevelOfCare.Trim().ToUpperInvariant();
            Pregnant = History.Pregnancy == PregnancyStatus.Pregnant || Alert("pregnancy");
            Fentanyl = Alert("fentanyl");
            OpioidFreeDays = History.LastOpioidUse is DateOnly last ? Input.StartsOn.DayNumber - last.DayNumber : null;
            RecentlyReleased = History.ReleasedFromControlledEnvironment is DateOnly released
                && Input.StartsOn.DayNumber - released.DayNumber is >= 0 and <= RiskFactorProfiler.RecentReleaseDays;
            WithdrawalManagement = (Level?.EndsWith("-WM", StringComparison.Ordinal) ?? false)
                || Input.CowsTotal >= CowsWithdrawalFrom;
            TestsDue = [.. new[] { "hiv-test", "hcv-test", "hbv-test-vaccine" }.Where(FollowUp)];
        }

        public PlanDraftInput Input { get; }

        public IntakeHistory History { get; }

        /// <summary>The level-of-care code, trimmed and upper-case ("3.7-WM"), or null.</summary>
        public string? Level { get; }

        public bool Pregnant { get; }

        public bool Fentanyl { get; }

        /// <summary>Days from the last opioid use to the plan start; negative when the date is later; null when unknown.</summary>
        public int? OpioidFreeDays { get; }

        /// <summary>Released from a controlled environment 0–30 days before the plan start.</summary>
        public bool RecentlyReleased { get; }

        public bool WithdrawalManagement { get; }

        public IReadOnlyList<string> TestsDue { get; }

        public bool Alert(string code) => alerts.Contains(code);

        public bool FollowUp(string code) => followUps.Contains(code);

        public List<string> Findings(params string[] codes) => [.. codes.Where(findings.Contains)];

        public bool Prior(params string[] names) =>
            priorTreatment.Any(t => names.Any(n => t.Contains(n, StringComparison.OrdinalIgnoreCase)));

        private static HashSet<string> Codes(IEnumerable<string?>? codes) =>
            new((codes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()), StringComparer.Ordinal);
    }

    /// <summary>A problem being drafted; dates are counted from the plan start and never overflow the calendar.</summary>
    private sealed class ProblemDraft(string code, string statement, string goal)
    {
        private readonly List<(string Text, int Days)> objectives = [];
        private readonly List<PlanIntervention> interventions = [];

        public string Code { get; } = code;

        public List<string> From { get; } = [];

        public List<MedicationOption> Medications { get; } = [];

        public void Objective(string text, int days)
        {
            if (objectives.Count < 3)
                objectives.Add((text, days));
        }

        public void Do(string text, string frequency, string role, InterventionKind kind) =>
            interventions.Add(new(text, frequency, role, kind));

        public PlanProblem ToProblem(int priority, DateOnly startsOn) => new(
            Code, statement, [.. From.Distinct(StringComparer.Ordinal)], goal,
            [.. objectives.Select(o => new PlanObjective(o.Text, startsOn.DayNumber + o.Days > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue : startsOn.AddDays(o.Days)))],
            [.. interventions], [.. Medications], priority);
    }
}
