namespace Mainstay.Features.Recovery;

/// <summary>
/// A daily check-in: the patient's own rating of craving (0–10), mood (1–5), sleep (1–5) and stress (0–10), what set
/// them off, and whether they used since the last one. Entered by the patient in the portal or by staff from paper.
/// </summary>
public sealed class CheckIn
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The clinic's calendar day of <see cref="At"/>.</summary>
    public DateOnly On { get; set; }

    /// <summary>portal or staff.</summary>
    public required string Source { get; set; }

    public int Craving { get; set; }
    public int Mood { get; set; }
    public int Sleep { get; set; }
    public int Stress { get; set; }

    /// <summary>Comma-separated <see cref="Trigger"/> values in kebab case.</summary>
    public string? Triggers { get; set; }

    public bool UsedSinceLast { get; set; }
    public string? Substances { get; set; }
    public string? Note { get; set; }
    public required string RecordedBy { get; set; }
}

public enum Trigger
{
    People,
    Places,
    Feelings,
    Pain,
    Stress,
    Boredom,
    Conflict,
    Money,
    Sleep,
    Other,
}

/// <summary>
/// A patient taking part in contingency management for one target behaviour, with the reward schedule fixed at
/// enrolment (so a later change of program settings does not rewrite what was promised).
/// </summary>
public sealed class ContingencyEnrollment
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>A <see cref="ContingencyTarget"/> in kebab case.</summary>
    public required string Target { get; set; }

    /// <summary>escalating-voucher or fixed-attendance.</summary>
    public required string ScheduleName { get; set; }

    public decimal FirstReward { get; set; }
    public decimal Increment { get; set; }
    public decimal MaximumReward { get; set; }
    public int BonusEvery { get; set; }
    public decimal Bonus { get; set; }
    public int RecoverAfter { get; set; }
    public decimal AnnualCap { get; set; }
    public DateOnly EnrolledOn { get; set; }
    public required string EnrolledBy { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? EndReason { get; set; }
}

public enum ContingencyTarget
{
    /// <summary>A valid screen negative for illicit opioids (fentanyl, heroin, unprescribed opioids).</summary>
    OpioidNegativeScreen,

    /// <summary>A screen negative for cocaine and amphetamines.</summary>
    StimulantNegativeScreen,

    /// <summary>Coming to scheduled counseling sessions and groups.</summary>
    Attendance,
}

/// <summary>One chance to earn: a screen or a session, with its result. Recorded once per source (screen or attendance).</summary>
public sealed class ContingencyOpportunityRecord
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public DateOnly On { get; set; }

    /// <summary>success, failure or excused.</summary>
    public required string Result { get; set; }

    /// <summary>"screen:{id}" or "session:{id}".</summary>
    public required string SourceKey { get; set; }

    public required string Detail { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A reward handed over (a voucher, gift card or item — never cash), taken from what the patient has earned.</summary>
public sealed class ContingencyReward
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public decimal Amount { get; set; }

    /// <summary>voucher, gift-card or item.</summary>
    public required string Form { get; set; }

    public string? Note { get; set; }
    public DateTimeOffset GivenAt { get; set; }
    public required string GivenBy { get; set; }
}
