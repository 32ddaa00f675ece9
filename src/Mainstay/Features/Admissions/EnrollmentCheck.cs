namespace Mainstay.Features.Admissions;

/// <summary>
/// A search for the person's enrollment at another program before admission: every chart in this Mainstay network
/// (all organizations and sites) and the entries loaded from the central registry. What it found is kept as it was
/// found; a possible match blocks medication orders for the patient until a clinician resolves it.
/// </summary>
public sealed class EnrollmentCheck
{
    public Guid Id { get; set; }
    public int SiteId { get; set; }
    public Guid? InquiryId { get; set; }
    public Guid? PatientId { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
    public required string CheckedBy { get; set; }

    /// <summary>The candidates as JSON: a list of <see cref="EnrollmentCandidate"/>.</summary>
    public required string Candidates { get; set; }

    public EnrollmentCheckResult Result { get; set; }
    public EnrollmentResolution? Resolution { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolutionNote { get; set; }

    /// <summary>Blocks a medication order: a possible match nobody resolved yet, or a confirmed enrollment elsewhere.</summary>
    public bool Blocks => Result == EnrollmentCheckResult.PossibleMatch
                          && Resolution is null or EnrollmentResolution.EnrolledElsewhere;
}

public enum EnrollmentCheckResult
{
    Clear,
    PossibleMatch,
}

public enum EnrollmentResolution
{
    /// <summary>Not the same person: treatment may go ahead.</summary>
    NotSamePerson,

    /// <summary>The same person, still enrolled elsewhere: no second medication order.</summary>
    EnrolledElsewhere,

    /// <summary>The same person, transferring here: the other program confirmed the last dose and the end of treatment there.</summary>
    Transferring,

    /// <summary>The same person, no longer in treatment there (discharged, confirmed with that program).</summary>
    NoLongerEnrolled,
}

/// <summary>One possible enrollment found by a check.</summary>
public sealed record EnrollmentCandidate(
    string Source,
    string Reference,
    string Where,
    string Name,
    DateOnly BirthDate,
    string? Status,
    string? Medication,
    DateOnly? Since,
    double Score,
    string Verdict,
    IReadOnlyList<string> Evidence);

/// <summary>
/// An enrollment reported by another program through the central registry: only what 42 CFR 2.34 lets a program
/// disclose to prevent multiple enrollments — identifying information, the drug and its dose, and the dates.
/// </summary>
public sealed class RegistryEnrollment
{
    public Guid Id { get; set; }
    public required string ProgramCode { get; set; }
    public required string ProgramName { get; set; }

    /// <summary>The reporting program's own reference for the person (never our MRN).</summary>
    public required string PersonReference { get; set; }

    public required string GivenName { get; set; }
    public required string FamilyName { get; set; }
    public DateOnly BirthDate { get; set; }
    public string? Sex { get; set; }
    public string? Medication { get; set; }
    public decimal? DoseMg { get; set; }

    /// <summary>admitted, dose-changed, interrupted, resumed or discharged (the events 2.34 names).</summary>
    public required string LastEvent { get; set; }

    public DateOnly LastEventOn { get; set; }
    public DateOnly? AdmittedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }

    public bool Active => EndedOn is null;
}
