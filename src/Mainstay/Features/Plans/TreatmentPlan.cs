namespace Mainstay.Features.Plans;

/// <summary>
/// A patient's individualized treatment plan. Drafted from the latest completed assessment, edited
/// freely while a draft, signed by a clinician (which stores an immutable version), acknowledged by the
/// patient, and reviewed on the program's schedule. A change after signing makes a new draft version;
/// every signed version stays readable.
/// </summary>
public sealed class TreatmentPlan
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public Guid? AssessmentId { get; set; }
    public PlanStatus Status { get; set; }

    /// <summary>The version being edited (a draft) or the version in force (signed).</summary>
    public int Version { get; set; }

    /// <summary>The problems, as JSON (<see cref="Clinical.Planning.PlanProblem"/> list).</summary>
    public required string Content { get; set; }

    public DateOnly StartsOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? SignedAt { get; set; }
    public string? SignedBy { get; set; }

    /// <summary>signature-on-screen or verbal-with-witness.</summary>
    public string? AcknowledgementMethod { get; set; }

    public string? AcknowledgedBy { get; set; }
    public string? AcknowledgementWitness { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateOnly? NextReviewOn { get; set; }
}

public enum PlanStatus
{
    Draft,
    Signed,
}

/// <summary>A signed version of a plan, never changed afterwards.</summary>
public sealed class TreatmentPlanVersion
{
    public long Id { get; set; }
    public Guid PlanId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public int Version { get; set; }
    public required string Content { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    public string? SignedBy { get; set; }

    /// <summary>What changed from the previous signed version (problem codes added, removed, edited).</summary>
    public string? ChangeSummary { get; set; }
}

/// <summary>A review of the plan: progress per problem's goal and the next review date.</summary>
public sealed class PlanReview
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public DateOnly ReviewedOn { get; set; }
    public string? ReviewedBy { get; set; }

    /// <summary>JSON: problem code → {status: met|progressing|not-progressing|revised, note}.</summary>
    public required string Progress { get; set; }

    public string? Notes { get; set; }
    public DateOnly NextReviewOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
