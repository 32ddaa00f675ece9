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

    /// <summary>completed, transferred, left-against-advice, administrative, incarcerated, died or other.</summary>
    public string? DischargeReason { get; set; }

    /// <summary>The TEDS discharge code of the reason (REASON, 1–7).</summary>
    public int? TedsReason { get; set; }

    public string? DischargedBy { get; set; }

    /// <summary>transfer, bridge-prescription, not-needed, declined or not-arranged.</summary>
    public string? Continuity { get; set; }

    /// <summary>Where the medication goes on: the receiving program or prescriber, the last dose, days supplied.</summary>
    public string? ContinuityDetail { get; set; }

    /// <summary>The lost-tolerance warning applied at discharge; whether naloxone (kit and teaching) was offered.</summary>
    public bool ToleranceWarning { get; set; }

    public bool? NaloxoneOffered { get; set; }
    public string? DischargeNote { get; set; }

    /// <summary>The discharge summary as drafted from the record at discharge (JSON), kept as it was signed out.</summary>
    public string? DischargeSummary { get; set; }

    public bool IsOpen => DischargedAt is null;
}
