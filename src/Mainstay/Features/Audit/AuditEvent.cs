namespace Mainstay.Features.Audit;

/// <summary>
/// One read or change of patient data (or a security event): who, in which role and site, did what to
/// which record, when, from where and why. Append-only: each event carries the hash of the one before it,
/// so that altering or removing any stored event breaks the chain (<see cref="AuditChain"/>).
/// </summary>
public sealed class AuditEvent
{
    /// <summary>Position in the chain, 1, 2, 3, ... assigned when the event is stored.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public string? Username { get; set; }
    public string? Role { get; set; }
    public int? SiteId { get; set; }

    /// <summary>read, search, create, update, status, sign-in, sign-in-failed, token, verify, ...</summary>
    public required string Action { get; set; }

    public required string ResourceType { get; set; }
    public string? ResourceId { get; set; }

    /// <summary>Patient the event concerns, when there is one: lets the trail be filtered per chart.</summary>
    public Guid? PatientId { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>Purpose of use (treatment, payment, operations, emergency, audit, ...).</summary>
    public string? Purpose { get; set; }

    /// <summary>Short free text: the search text, the fields changed, the reason given.</summary>
    public string? Detail { get; set; }

    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>The end of the chain: the last sequence number and hash. One row, locked by every append.</summary>
public sealed class AuditChainHead
{
    public int Id { get; set; }
    public long LastSequence { get; set; }
    public required string LastHash { get; set; }
}
