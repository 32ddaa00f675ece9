namespace Mainstay.Features.Dosing;

/// <summary>
/// The prescriber's take-home decision for one order line: the six criteria weighed, the supply allowed by
/// 42 CFR 8.12(i), and the attendance schedule (which days the patient comes to the window; the days between are
/// take-home days). One decision is in force per order line; a new one supersedes it, a recall ends it.
/// </summary>
public sealed class TakeHomeDecision
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public Guid LineageId { get; set; }
    public DateOnly EffectiveFrom { get; set; }

    /// <summary>Day in treatment on the decision day (day 1 = the first medication day).</summary>
    public int DaysInTreatment { get; set; }

    /// <summary>Attendance days of the week, e.g. "mon,wed,fri"; null when <see cref="EveryDays"/> is used.</summary>
    public string? ClinicDays { get; set; }

    /// <summary>Attend every N days (N − 1 take-home doses between visits); null when <see cref="ClinicDays"/> is used.</summary>
    public int? EveryDays { get; set; }

    /// <summary>The largest number of take-home doses handed out at one visit under this schedule.</summary>
    public int TakeHomeDays { get; set; }

    /// <summary>Of those, doses for days the clinic is closed (not counted against the limit).</summary>
    public int ClosureDays { get; set; }

    public int MaximumTakeHomeDays { get; set; }

    /// <summary>The criteria as judged, as JSON (all six, including the free-text sixth).</summary>
    public required string Criteria { get; set; }

    /// <summary>The rule findings at signing, as JSON.</summary>
    public required string Findings { get; set; }

    public string? OverrideReason { get; set; }
    public required string Prescriber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>active, superseded or recalled.</summary>
    public required string Status { get; set; }

    public string? RecallReason { get; set; }
    public DateTimeOffset? RecalledAt { get; set; }
    public string? RecalledBy { get; set; }
}

/// <summary>
/// A guest: a patient of another site or program dosed here for a while, under the sending program's order as
/// verified by the nurse (who was called, when). Dispenses under it are ordinary dispenses with a link to it.
/// </summary>
public sealed class GuestDosing
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }

    /// <summary>The patient's home site (their record stays there).</summary>
    public int HomeSiteId { get; set; }

    /// <summary>The site that doses the guest.</summary>
    public int HostSiteId { get; set; }

    /// <summary>The host site's copy of the sending program's order (the window doses against it).</summary>
    public Guid OrderId { get; set; }

    public required string SendingProgram { get; set; }
    public required string SendingPrescriber { get; set; }
    public string? SendingContact { get; set; }
    public Mainstay.Clinical.Medication.Moud Medication { get; set; }
    public decimal DoseMg { get; set; }

    /// <summary>The last dose the sending program gave (for the missed-dose count on the first guest day).</summary>
    public DateOnly? LastDoseDate { get; set; }

    public DateOnly FromDate { get; set; }
    public DateOnly ToDate { get; set; }

    /// <summary>How the order was verified with the sending program (who, by phone or fax, when).</summary>
    public required string VerifiedBy { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Cancelled { get; set; }
}
