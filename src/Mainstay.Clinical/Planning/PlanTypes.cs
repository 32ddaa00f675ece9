using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.Planning;

/// <summary>What the drafting rules read: the completed assessment's profile, history, diagnosis and placement.</summary>
public sealed record PlanDraftInput
{
    public required RiskFactorProfile Profile { get; init; }
    public required IntakeHistory History { get; init; }
    public OudDiagnosis? Diagnosis { get; init; }

    /// <summary>The ASAM level of care chosen (code such as "1-OTP", "2.1", "3.7-WM"), when placed.</summary>
    public string? LevelOfCare { get; init; }

    /// <summary>The patient has said they want methadone (ASAM input).</summary>
    public bool ChoosesMethadone { get; init; }

    /// <summary>The patient does not want an opioid agonist (methadone or buprenorphine) now; with a recent release it makes XR-naltrexone a suggested option.</summary>
    public bool DeclinesAgonists { get; init; }

    /// <summary>The latest COWS total, when scored; 5 or more (mild withdrawal or worse) adds withdrawal management.</summary>
    public int? CowsTotal { get; init; }

    /// <summary>The day the plan starts; objectives' target dates are counted from it.</summary>
    public required DateOnly StartsOn { get; init; }
}

/// <summary>A drafted plan: one problem per finding (or group of findings), each with goal, objectives and interventions.</summary>
public sealed record DraftedPlan(IReadOnlyList<PlanProblem> Problems);

/// <summary>
/// A problem in the patient's own terms ("I use fentanyl every day and cannot stop"), the finding codes
/// it came from, a measurable goal, objectives with target dates, interventions with frequency and the
/// responsible staff role, and — for opioid use disorder — the medication options with reasons for and against.
/// </summary>
public sealed record PlanProblem(
    string Code,
    string Statement,
    IReadOnlyList<string> FromFindings,
    string Goal,
    IReadOnlyList<PlanObjective> Objectives,
    IReadOnlyList<PlanIntervention> Interventions,
    IReadOnlyList<MedicationOption> MedicationOptions,
    int Priority);

public sealed record PlanObjective(string Text, DateOnly TargetDate);

/// <summary>An intervention: what, how often, who is responsible (a staff role: counselor, prescriber, nurse, intake, peer-recovery-coach, case-manager) and its kind.</summary>
public sealed record PlanIntervention(string Text, string Frequency, string ResponsibleRole, InterventionKind Kind);

public enum InterventionKind
{
    Medication,
    WithdrawalManagement,
    Therapy,
    Group,
    Psychiatric,
    Medical,
    Testing,
    Referral,
    CaseManagement,
    Education,
    Lifestyle,
    SafetyPlanning,
    HarmReduction,
    Aftercare,
}

/// <summary>A medication for opioid use disorder with this person's reasons for and against it.</summary>
public sealed record MedicationOption(string Medication, IReadOnlyList<string> For, IReadOnlyList<string> Against, bool Suggested);

/// <summary>A program's plan review rule: every <see cref="EarlyIntervalDays"/> during the first <see cref="EarlyPeriodDays"/> days, then every <see cref="LaterIntervalDays"/>.</summary>
public sealed record ReviewRule(int EarlyPeriodDays = 90, int EarlyIntervalDays = 30, int LaterIntervalDays = 90);
