namespace Mainstay.Features.Portal;

/// <summary>
/// A one-time invitation to the patient portal, made by staff for one chart. Only a hash of its secret is kept; the
/// link is shown once. It is redeemed by the patient (with their birth date) within its days, once; five wrong birth
/// dates or a staff revocation close it.
/// </summary>
public sealed class PortalInvitation
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }

    /// <summary>SHA-256 of the secret in the link, hex.</summary>
    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public Guid? UserId { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}
