namespace Mainstay.Features.Assessments;

/// <summary>
/// An intake assessment: history, validated instruments, complications screen and ASAM ratings.
/// A draft can be saved and completed later; completion scores everything and draws the risk-factor
/// profile; a clinician signs it; after that, corrections are amendments (the earlier content is kept).
/// </summary>
public sealed class Assessment
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public AssessmentStatus Status { get; set; }
    public int Version { get; set; }

    /// <summary>The <see cref="AssessmentContent"/> as JSON: what the interviewer entered.</summary>
    public required string Content { get; set; }

    /// <summary>The <see cref="AssessmentResults"/> as JSON: scores, diagnosis, placement, profile.</summary>
    public string? Results { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public string? StartedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public DateTimeOffset? SignedAt { get; set; }
    public string? SignedBy { get; set; }
}

public enum AssessmentStatus
{
    Draft,
    Completed,
    Signed,
}

/// <summary>A correction after completion: who, when, why, and the content as it was before.</summary>
public sealed class AssessmentAmendment
{
    public long Id { get; set; }
    public Guid AssessmentId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>The version this amendment created.</summary>
    public int Version { get; set; }

    public DateTimeOffset At { get; set; }
    public string? By { get; set; }
    public required string Reason { get; set; }
    public required string PreviousContent { get; set; }
}

/// <summary>A follow-up an assessment called for ("HCV test due", "wound care"), on the care team's work list.</summary>
public sealed class FollowUp
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public Guid? AssessmentId { get; set; }
    public required string Code { get; set; }
    public required string Text { get; set; }
    public DateOnly DueOn { get; set; }

    /// <summary>info, warning or danger.</summary>
    public required string Priority { get; set; }

    public FollowUpStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? Outcome { get; set; }
}

public enum FollowUpStatus
{
    Open,
    Done,
    Cancelled,
}
