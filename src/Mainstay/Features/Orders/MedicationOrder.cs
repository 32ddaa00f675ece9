using Mainstay.Clinical.Medication;

namespace Mainstay.Features.Orders;

/// <summary>
/// A medication order for opioid use disorder. Orders are never overwritten: a change (dose, schedule)
/// makes a new version in the same lineage and supersedes the previous one. The rules the order broke
/// or touched when it was signed are kept with it, with the prescriber's override reason.
/// </summary>
public sealed class MedicationOrder
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>The id of the first order of this line; every version shares it.</summary>
    public Guid LineageId { get; set; }

    public int Version { get; set; }
    public Moud Medication { get; set; }
    public decimal DoseMg { get; set; }

    /// <summary>daily, split, every-4-weeks (XR-naltrexone) or once.</summary>
    public required string Schedule { get; set; }

    /// <summary>Split doses in mg as JSON, when the daily dose is divided.</summary>
    public string? SplitDoses { get; set; }

    public DateOnly StartDate { get; set; }
    public DateOnly? StopDate { get; set; }
    public OrderStatus Status { get; set; }
    public string? Instructions { get; set; }
    public Guid? PrescriberId { get; set; }
    public required string Prescriber { get; set; }
    public string? OverrideReason { get; set; }

    /// <summary>The rule findings at signing, as JSON.</summary>
    public required string Findings { get; set; }

    public string? ChangeReason { get; set; }
    public string? StatusReason { get; set; }

    /// <summary>The Idempotency-Key the order was placed with (a form or a client's retry): sent again, it gives this order back.</summary>
    public string? IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    public string? StatusChangedBy { get; set; }
}

public enum OrderStatus
{
    Active,
    Held,
    Discontinued,
    Superseded,

    /// <summary>A future version (a taper step): in force from its start date, unless replaced or discontinued first.</summary>
    Scheduled,
}
