using Mainstay.Clinical.Admissions;

namespace Mainstay.Features.Admissions;

/// <summary>An inquiry as lists and the board show it: who, where it stands, how long they have waited, and why they go first.</summary>
public sealed record InquirySummary(
    Guid Id,
    string Reference,
    int SiteId,
    InquiryStage Stage,
    DateTimeOffset StageSince,
    string Name,
    InquirySource Source,
    ReferrerKind? ReferrerKind,
    Urgency Urgency,
    LevelOfCare LevelOfCare,
    PreferredMedication PreferredMedication,
    DateTimeOffset RequestedAt,
    int DaysWaiting,
    PriorityGroup Priority,
    string PriorityLabel,
    bool Stale,
    bool InterimServicesLate,
    bool AdmissionLate,
    DateTimeOffset? LastContactAt,
    DateTimeOffset? IntakeAt,
    bool EnrollmentMatch,
    Guid? PatientId);

public sealed record InquiryDetail(
    InquirySummary Summary,
    string? BirthDate,
    string? Sex,
    string? Phone,
    string? Email,
    bool ConsentToContact,
    string? ContactInstructions,
    string? ReferrerName,
    string? ReferrerContact,
    string? Substances,
    Payer Payer,
    string? PayerDetail,
    ScreenView? Screen,
    string? EligibilityNote,
    DateOnly? EnrollmentConsentSignedOn,
    string? IntakeWith,
    IReadOnlyList<string> PriorityReasons,
    AdmissionClock Clock,
    DateTimeOffset? FirstInterimServiceAt,
    NotAdmittedReason? NotAdmittedReason,
    string? ReferredTo,
    string? CloseNote,
    Guid? EpisodeId,
    IReadOnlyList<ActivityView> Activity,
    IReadOnlyList<EnrollmentCheckView> EnrollmentChecks,
    IReadOnlyList<InquiryStage> NextStages,
    int Version);

public sealed record ScreenView(
    DateTimeOffset At, string? By, string? CurrentUse, bool? InjectsDrugs, bool? Pregnant, DateOnly? LastOverdose,
    RiskLevel? WithdrawalRisk, RiskLevel? SuicideRisk, string? Note);

public sealed record ActivityView(DateTimeOffset At, string? By, ActivityKind Kind, InquiryStage? From, InquiryStage? To, string? What, string? Outcome, string? Detail);

public sealed record EnrollmentCheckView(
    Guid Id, DateTimeOffset CheckedAt, string CheckedBy, EnrollmentCheckResult Result, IReadOnlyList<EnrollmentCandidate> Candidates,
    EnrollmentResolution? Resolution, DateTimeOffset? ResolvedAt, string? ResolvedBy, string? ResolutionNote, bool Blocks);

/// <summary>One column of the admissions board.</summary>
public sealed record StageColumn(InquiryStage Stage, int Count, double? MedianDaysWaiting, int Stale, IReadOnlyList<InquirySummary> Inquiries);

public sealed record AdmissionsBoard(
    DateTimeOffset At,
    IReadOnlyList<StageColumn> Columns,
    int AdmittedLast30Days,
    int NotAdmittedLast30Days,
    double? MedianDaysToAdmission,
    TimeSpan StaleTarget);

public sealed record AdmissionResult(Guid InquiryId, Guid PatientId, string Mrn, Guid EpisodeId, LevelOfCare LevelOfCare, int? BedId, Guid IntakeAssessmentId, int DaysWaited, bool NewChart);

public sealed record EpisodeView(
    Guid Id, Guid PatientId, int SiteId, LevelOfCare LevelOfCare, PreferredMedication PlannedMedication, DateTimeOffset AdmittedAt, string AdmittedBy,
    Guid? InquiryId, int? DaysWaited, DateTimeOffset? DischargedAt, string? DischargeReason);
