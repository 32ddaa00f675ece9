using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Dosing;

/// <summary>What the missed-dose rule returns for the dosing window: what the nurse may do and what must wait for the prescriber.</summary>
public sealed record MissedDoseAdvice(
    int ConsecutiveMissedDays,
    MissedDoseAction Action,
    decimal? MaximumDoseMg,
    string Message,
    string Source);

public enum MissedDoseAction
{
    /// <summary>Dose as ordered.</summary>
    DoseAsOrdered,

    /// <summary>Dose as ordered only if there are no signs of intoxication; note the missed days.</summary>
    DoseIfNotIntoxicated,

    /// <summary>Hold until the prescriber reviews; a reduced dose may be ordered.</summary>
    PrescriberReviewReducedDose,

    /// <summary>Hold: re-induction needed.</summary>
    ReInduction,
}

/// <summary>The federal take-home limit for a day in treatment, and the criteria the decision must weigh.</summary>
public sealed record TakeHomeLimit(int DaysInTreatment, int MaximumTakeHomeDays, string Rule, string Source);

/// <summary>One take-home decision's criteria, each judged by the prescriber (42 CFR 8.12(i)(2) as summarized).</summary>
public sealed record TakeHomeCriteria
{
    public bool NoActiveSubstanceUseOrRisk { get; init; }
    public bool RegularAttendance { get; init; }
    public bool NoSeriousBehavioralProblems { get; init; }
    public bool NoRecentDiversion { get; init; }
    public bool SafeTransportAndStorage { get; init; }
    public string? OtherConsiderations { get; init; }
}

/// <summary>The result of checking a proposed take-home supply: allowed, or the findings that refuse it.</summary>
public sealed record TakeHomeCheck(bool Allowed, int MaximumTakeHomeDays, IReadOnlyList<RuleFinding> Findings);
