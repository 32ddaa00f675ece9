using Mainstay.Clinical.Admissions;

namespace Mainstay.Features.Admissions;

/// <summary>
/// A person asking for treatment — by phone, at the door, through the public call-back form, or referred by another
/// provider — followed from the first contact to admission or to the referral made instead. The pre-admission
/// screen, eligibility, the scheduled intake and the interim services given while waiting are kept on it, and every
/// step is written to its <see cref="InquiryActivity"/> history.
/// </summary>
public sealed class Inquiry
{
    public Guid Id { get; set; }
    public int SiteId { get; set; }

    /// <summary>A short number staff can say on the phone ("A-1042").</summary>
    public long Number { get; set; }

    public InquiryStage Stage { get; set; }
    public DateTimeOffset StageSince { get; set; }

    public InquirySource Source { get; set; }
    public ReferrerKind? ReferrerKind { get; set; }
    public string? ReferrerName { get; set; }
    public string? ReferrerContact { get; set; }

    /// <summary>When the person (or the referrer on their behalf) asked for treatment: the waiting clock starts here.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    public required string GivenName { get; set; }
    public required string FamilyName { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Sex { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }

    /// <summary>The person agreed to be contacted by the program.</summary>
    public bool ConsentToContact { get; set; }

    /// <summary>How to reach them safely ("text only", "do not leave a message with family").</summary>
    public string? ContactInstructions { get; set; }

    public Urgency Urgency { get; set; } = Urgency.Routine;

    /// <summary>What they use, as they said it ("fentanyl, smoked; pressed pills").</summary>
    public string? Substances { get; set; }

    public PreferredMedication PreferredMedication { get; set; } = PreferredMedication.Undecided;
    public LevelOfCare LevelOfCareSought { get; set; } = LevelOfCare.OpioidTreatmentProgram;
    public Payer Payer { get; set; } = Payer.Unknown;
    public string? PayerDetail { get; set; }

    // ---- the pre-admission screen ----
    public DateTimeOffset? ScreenedAt { get; set; }
    public string? ScreenedBy { get; set; }
    public string? CurrentUse { get; set; }
    public bool? InjectsDrugs { get; set; }
    public bool? Pregnant { get; set; }
    public DateOnly? LastOverdose { get; set; }
    public RiskLevel? WithdrawalRisk { get; set; }
    public RiskLevel? SuicideRisk { get; set; }
    public string? ScreenNote { get; set; }

    // ---- eligibility and payment ----
    public DateTimeOffset? EligibilityAt { get; set; }
    public string? EligibilityBy { get; set; }
    public string? EligibilityNote { get; set; }

    // ---- consent for the duplicate-enrollment check (42 CFR 2.34, 2.31) ----
    public DateOnly? EnrollmentConsentSignedOn { get; set; }
    public string? EnrollmentConsentSignedBy { get; set; }

    // ---- scheduled intake ----
    public DateTimeOffset? IntakeAt { get; set; }
    public string? IntakeWith { get; set; }

    public DateTimeOffset? LastContactAt { get; set; }
    public DateTimeOffset? FirstInterimServiceAt { get; set; }

    // ---- the end ----
    public Guid? PatientId { get; set; }
    public Guid? EpisodeId { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public NotAdmittedReason? NotAdmittedReason { get; set; }
    public string? ReferredTo { get; set; }
    public string? CloseNote { get; set; }

    public int Version { get; set; }

    public bool IsOpen => Stage is not (InquiryStage.Admitted or InquiryStage.NotAdmitted);

    public string DisplayName => $"{FamilyName}, {GivenName}";

    public string Reference => $"A-{Number}";

    public PriorityFacts PriorityFacts => new(Pregnant, InjectsDrugs, LastOverdose);
}

/// <summary>Where an inquiry stands. The board shows one column per open stage.</summary>
public enum InquiryStage
{
    /// <summary>Received; nobody has screened the person yet.</summary>
    Inquiry,

    /// <summary>Pre-admission screen done; eligibility and payment next.</summary>
    Screened,

    /// <summary>Eligible and payment settled; waiting for an intake slot (or on the waitlist).</summary>
    Eligible,

    /// <summary>No capacity now: waiting, with interim services.</summary>
    Waitlisted,

    /// <summary>An intake appointment is booked.</summary>
    Scheduled,

    /// <summary>Admitted: a patient with an open treatment episode.</summary>
    Admitted,

    /// <summary>Closed without admission, with the reason and the referral made instead.</summary>
    NotAdmitted,
}

public enum InquirySource
{
    Phone,
    WalkIn,
    CallBack,
    Referral,
}

public enum ReferrerKind
{
    EmergencyDepartment,
    Hospital,
    Court,
    PrimaryCare,
    OtherTreatmentProgram,
    Community,
    Other,
}

public enum PreferredMedication
{
    Methadone,
    Buprenorphine,
    Naltrexone,
    Undecided,
    None,
}

/// <summary>Levels of care a program offers; beds belong to the withdrawal-management and residential ones.</summary>
public enum LevelOfCare
{
    OpioidTreatmentProgram,
    OfficeBasedOpioidTreatment,
    WithdrawalManagement,
    Residential,
    IntensiveOutpatient,
    Outpatient,
}

public enum Payer
{
    Medicaid,
    Medicare,
    PrivateInsurance,
    StateFunded,
    SelfPay,
    SlidingScale,
    Uninsured,
    Unknown,
}

public enum RiskLevel
{
    None,
    Low,
    Moderate,
    High,
}

public enum NotAdmittedReason
{
    NotEligible,
    Declined,
    Unreachable,
    ReferredElsewhere,
    NeedsOtherLevelOfCare,
    AlreadyEnrolledElsewhere,
    Other,
}

/// <summary>One thing that happened to an inquiry: a stage change, a contact attempt, an interim service, a note.</summary>
public sealed class InquiryActivity
{
    public long Id { get; set; }
    public Guid InquiryId { get; set; }
    public int SiteId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? By { get; set; }
    public ActivityKind Kind { get; set; }

    /// <summary>Stage changes: the stage before and after.</summary>
    public InquiryStage? FromStage { get; set; }

    public InquiryStage? ToStage { get; set; }

    /// <summary>Contacts: the method (phone, text…); interim services: the service given.</summary>
    public string? What { get; set; }

    /// <summary>Contacts: reached, left-message, no-answer, wrong-number.</summary>
    public string? Outcome { get; set; }

    public string? Detail { get; set; }
}

public enum ActivityKind
{
    Stage,
    Contact,
    InterimService,
    EnrollmentCheck,
    Bed,
    Note,
}
