using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Instruments;
using Mainstay.Features.Instruments;

namespace Mainstay.Features.Assessments;

/// <summary>What the interviewer enters; any part may be missing in a draft.</summary>
public sealed record AssessmentContent
{
    public IntakeHistory? History { get; init; }

    /// <summary>Instrument code → answers (and the context some instruments need).</summary>
    public Dictionary<string, ScoreRequest>? Instruments { get; init; }

    public AsamInput? Asam { get; init; }
}

/// <summary>The six ASAM dimensions rated 0–4, and the clinician's choice of level.</summary>
public sealed record AsamInput
{
    public int? Withdrawal { get; init; }
    public int? Biomedical { get; init; }
    public int? EmotionalBehavioralCognitive { get; init; }
    public int? ReadinessToChange { get; init; }
    public int? RelapsePotential { get; init; }
    public int? RecoveryEnvironment { get; init; }
    public bool MedicallyUnstable { get; init; }
    public bool ChoosesMethadone { get; init; }

    /// <summary>A level code ("1", "1-OTP", "2.1", "3.7-WM", ...) when the clinician chooses other than the recommendation.</summary>
    public string? ChosenLevel { get; init; }

    public string? Reason { get; init; }
}

/// <summary>Everything computed from the content.</summary>
public sealed record AssessmentResults(
    IReadOnlyDictionary<string, InstrumentScore> Scores,
    OudDiagnosis? Diagnosis,
    AsamResult? Asam,
    RiskFactorProfile Profile,
    IReadOnlyDictionary<string, string[]> Problems);

public sealed record AsamResult(
    string RecommendedLevel,
    string RecommendedLevelName,
    string Rule,
    string Reason,
    bool OfferOpioidTreatmentProgram,
    string ChosenLevel,
    string ChosenLevelName,
    string? OverrideReason);
