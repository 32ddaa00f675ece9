namespace Mainstay.Features.Admissions;

/// <summary>
/// One stay in treatment, from admission to discharge, at one level of care. A readmitted patient keeps the same
/// chart and gets a new episode; the episode remembers the inquiry it came from and how long the person waited.
/// </summary>
public sealed class TreatmentEpisode
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public LevelOfCare LevelOfCare { get; set; }
    public PreferredMedication PlannedMedication { get; set; }
    public DateTimeOffset AdmittedAt { get; set; }
    public required string AdmittedBy { get; set; }
    public Guid? InquiryId { get; set; }
    public InquirySource? Source { get; set; }
    public ReferrerKind? ReferrerKind { get; set; }

    /// <summary>Whole days from the request for treatment to admission.</summary>
    public int? DaysWaited { get; set; }

    public DateTimeOffset? DischargedAt { get; set; }
    public string? DischargeReason { get; set; }
    public string? DischargedBy { get; set; }

    public bool IsOpen => DischargedAt is null;
}
