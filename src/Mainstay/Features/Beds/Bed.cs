using Mainstay.Features.Admissions;

namespace Mainstay.Features.Beds;

/// <summary>A residential or withdrawal-management unit: a named ward in a building, with its beds.</summary>
public sealed class CareUnit
{
    public int Id { get; set; }
    public int SiteId { get; set; }
    public required string Building { get; set; }
    public required string Name { get; set; }
    public LevelOfCare LevelOfCare { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>A bed in a room of a unit. Its status says whether it can take someone now.</summary>
public sealed class Bed
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public CareUnit? Unit { get; set; }
    public int SiteId { get; set; }
    public required string Room { get; set; }
    public required string Label { get; set; }
    public BedStatus Status { get; set; } = BedStatus.Available;
    public string? StatusNote { get; set; }
    public DateTimeOffset StatusSince { get; set; }

    /// <summary>Optimistic concurrency: two stations assigning the same bed never both succeed.</summary>
    public int Version { get; set; }

    public string Name => $"{Room}-{Label}";
}

public enum BedStatus
{
    Available,
    Reserved,
    Occupied,
    Cleaning,
    OutOfService,
}

/// <summary>
/// A person's time in a bed: reserved for someone on the waitlist, or occupied by a patient. A bed has at most one
/// open stay and a patient at most one — unique indexes guarantee both, whatever the stations do at once.
/// </summary>
public sealed class BedStay
{
    public Guid Id { get; set; }
    public int BedId { get; set; }
    public int UnitId { get; set; }
    public int SiteId { get; set; }
    public Guid? PatientId { get; set; }
    public Guid? InquiryId { get; set; }
    public BedStayKind Kind { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset? Until { get; set; }
    public required string StartedBy { get; set; }
    public string? EndedBy { get; set; }
    public BedStayEnd? EndReason { get; set; }
    public string? Note { get; set; }
}

public enum BedStayKind
{
    Reserved,
    Occupied,
}

public enum BedStayEnd
{
    Admitted,
    Transferred,
    Discharged,
    ReservationCancelled,
}
