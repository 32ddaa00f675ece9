namespace Mainstay.Features.Alerts;

/// <summary>
/// A warning about one patient that someone must act on: a positive fentanyl screen, missed doses, a self-harm answer,
/// an overdose, the end of withdrawal without medication. It has a reason and an owner (a role, then the person who
/// acknowledged it), and it is closed only by resolving it with the action taken — never deleted, never dropped.
/// </summary>
public sealed class PatientAlert
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>What raised it, e.g. fentanyl-positive, missed-doses, self-harm, overdose, tolerance-loss, concern.</summary>
    public required string Kind { get; set; }

    /// <summary>warning or danger.</summary>
    public required string Severity { get; set; }

    public required string Reason { get; set; }

    /// <summary>The role expected to act: prescriber, nurse or counselor.</summary>
    public required string OwnerRole { get; set; }

    /// <summary>The person who took it on (the first to acknowledge it).</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// The event it is about, e.g. "screen:{id}" or "missed:{order line}:{last dosed day}": the same event never raises
    /// a second alert of the same kind (a unique index with the patient and kind).
    /// </summary>
    public required string SourceKey { get; set; }

    /// <summary>open, acknowledged or resolved.</summary>
    public required string Status { get; set; }

    public DateTimeOffset RaisedAt { get; set; }
    public required string RaisedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }

    /// <summary>The kind of action taken, one of <see cref="AlertBook.Actions"/>.</summary>
    public string? Action { get; set; }

    /// <summary>What was done, in the resolver's words.</summary>
    public string? ActionNote { get; set; }
}
