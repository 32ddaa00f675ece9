namespace Mainstay.Features.Overdose;

/// <summary>A naloxone kit handed out (to the patient or to someone who may need to use it on them), with the teaching given.</summary>
public sealed class NaloxoneKit
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>nasal-4mg, nasal-8mg, intramuscular-0.4mg or other.</summary>
    public required string Product { get; set; }

    public int Quantity { get; set; }
    public required string Lot { get; set; }
    public DateOnly ExpiresOn { get; set; }

    /// <summary>patient, family, friend or other.</summary>
    public required string Recipient { get; set; }

    /// <summary>Overdose recognition, calling 911, giving naloxone, rescue breathing, staying until help comes.</summary>
    public bool EducationGiven { get; set; }

    public DateTimeOffset DispensedAt { get; set; }
    public required string DispensedBy { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// An overdose the patient survived or died of, as reported to the program: when, what reversed it, whether they went to
/// hospital. Reporting one raises a danger alert for the prescriber and brings the treatment-plan review forward.
/// </summary>
public sealed class OverdoseEvent
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public DateOnly OccurredOn { get; set; }
    public bool NaloxoneUsed { get; set; }

    /// <summary>bystander, family, ems, staff, self, not-reversed or unknown.</summary>
    public required string ReversedBy { get; set; }

    public bool Hospital { get; set; }
    public string? HospitalName { get; set; }
    public bool Fatal { get; set; }

    /// <summary>What was taken, as the patient or the hospital reported it (e.g. "fentanyl pressed pill").</summary>
    public string? Substances { get; set; }

    /// <summary>patient, family, hospital, ems, staff or other.</summary>
    public required string Source { get; set; }

    public string? Note { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public required string ReportedBy { get; set; }
}
