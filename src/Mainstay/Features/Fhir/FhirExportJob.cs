namespace Mainstay.Features.Fhir;

/// <summary>
/// A bulk export (<c>$export</c>) requested by a user: accepted at once, written in the background as NDJSON files under the
/// data folder, polled for status. It exports only what its requester may read, as it was when the export began.
/// </summary>
public sealed class FhirExportJob
{
    public Guid Id { get; set; }

    /// <summary>accepted, in-progress, complete, failed or cancelled.</summary>
    public required string Status { get; set; }

    public required string RequestUrl { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public Guid? RequestedByUserId { get; set; }
    public string? RequestedBy { get; set; }

    /// <summary>The requester's sites, comma-separated, or "all".</summary>
    public required string Sites { get; set; }

    /// <summary>The resource types asked for (<c>_type</c>), comma-separated; empty for every type.</summary>
    public string? Types { get; set; }

    /// <summary><c>_since</c>: only resources changed after this instant.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>Whether the requester may read the audit trail (AuditEvent resources).</summary>
    public bool IncludeAudit { get; set; }

    public string? Progress { get; set; }
    public DateTimeOffset? TransactionTime { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>The files written, as JSON: [{"type","file","count"}].</summary>
    public string? Output { get; set; }
}
