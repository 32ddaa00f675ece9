namespace Mainstay.Features.Consents;

/// <summary>
/// A patient's written consent to disclose substance use treatment records, with the elements
/// 42 CFR 2.31(a) requires: who discloses, to whom, what, why, until when, the signature and date,
/// and the right to revoke. Revocation is recorded, never deleted.
/// </summary>
public sealed class Consent
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>The program or person allowed to disclose (e.g. "Riverbend Downtown OTP").</summary>
    public required string Discloser { get; set; }

    /// <summary>The recipient by name, or a class of recipients ("my treating providers").</summary>
    public required string Recipient { get; set; }

    /// <summary>What may be disclosed, specifically ("dose, attendance and drug screen results").</summary>
    public required string Information { get; set; }

    public required string Purpose { get; set; }
    public DateOnly? ExpiresOn { get; set; }

    /// <summary>An expiry event instead of a date ("end of treatment").</summary>
    public string? ExpiryEvent { get; set; }

    public required string SignedBy { get; set; }

    /// <summary>self, parent, guardian, personal representative.</summary>
    public required string SignerRelationship { get; set; }

    public DateOnly SignedOn { get; set; }

    /// <summary>written or electronic.</summary>
    public required string SignatureMethod { get; set; }

    public bool RightToRevokeExplained { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevocationReason { get; set; }

    /// <summary>active, expired or revoked on the given day.</summary>
    public string StateOn(DateOnly today) =>
        RevokedAt is not null ? "revoked" : ExpiresOn is { } end && end < today ? "expired" : "active";
}
