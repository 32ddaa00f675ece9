using System.Security.Cryptography;
using System.Text;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Portal;

/// <summary>A new invitation: the link is shown once (only its hash is kept).</summary>
public sealed record InvitationIssued(Guid Id, string Link, DateTimeOffset ExpiresAt);

/// <summary>Whether a chart has a portal account, and any invitation still open.</summary>
public sealed record PortalStatus(Guid PatientId, bool HasAccount, string? Username, DateTimeOffset? AccountCreatedAt, DateTimeOffset? InvitationExpiresAt);

/// <summary>The invitation form: the patient's birth date (a second check), a username and a password.</summary>
public sealed record RedeemInvitation
{
    public string? BirthDate { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
}

/// <summary>
/// Patient portal accounts: staff make a one-time invitation for a chart (valid <see cref="ValidDays"/> days; a new one
/// replaces an open one); the patient redeems it with their birth date and chooses a username and password. The account
/// opens that chart and no other.
/// </summary>
public sealed class PortalAccounts(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, UserAccounts accounts)
{
    public const int ValidDays = 7;
    public const int MaxAttempts = 5;

    private bool MayInvite => user.Role is Roles.Intake or Roles.Counselor or Roles.Nurse or Roles.Prescriber;

    public async Task<Outcome<InvitationIssued>> InviteAsync(Guid patientId, CancellationToken ct)
    {
        if (!MayInvite)
        {
            return Refusal.Forbidden("Intake staff, counselors, nurses and prescribers invite patients to the portal.");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (patient.Status is PatientStatus.EnteredInError)
        {
            return Refusal.Conflict("The chart was entered in error.");
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "an invitation to the portal", clock.LocalTimeZone, ct) is { } died)
        {
            return died;
        }

        if (await db.Users.AnyAsync(u => u.PatientId == patientId, ct))
        {
            return Refusal.Conflict($"{patient.DisplayName} already has a portal account.");
        }

        var now = clock.GetUtcNow();
        foreach (var open in await db.PortalInvitations.Where(i => i.PatientId == patientId && i.UsedAt == null && i.RevokedAt == null).ToListAsync(ct))
        {
            open.RevokedAt = now;
            open.RevokedBy = user.Username;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var invitation = new PortalInvitation
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = patient.SiteId,
            TokenHash = Hash(token),
            CreatedAt = now,
            CreatedBy = user.Username ?? "system",
            ExpiresAt = now.AddDays(ValidDays),
        };
        db.PortalInvitations.Add(invitation);
        audit.Record(AuditActions.Create, "PortalInvitation", invitation.Id.ToString(), patientId, patient.SiteId, $"valid until {invitation.ExpiresAt:yyyy-MM-dd HH:mm}Z");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new InvitationIssued(invitation.Id, $"/portal/join/{token}", invitation.ExpiresAt);
    }

    public async Task<Outcome<PortalStatus>> StatusAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        await audit.RecordNowAsync(AuditActions.Read, "PortalAccount", patientId.ToString(), patientId, patient.SiteId, ct: ct);
        var now = clock.GetUtcNow();
        var account = await db.Users.AsNoTracking().Where(u => u.PatientId == patientId).Select(u => new { u.UserName, u.CreatedAt }).SingleOrDefaultAsync(ct);
        var open = await db.PortalInvitations.AsNoTracking()
            .Where(i => i.PatientId == patientId && i.UsedAt == null && i.RevokedAt == null && i.FailedAttempts < MaxAttempts)
            .Select(i => i.ExpiresAt).ToListAsync(ct);
        return new PortalStatus(patientId, account is not null, account?.UserName, account?.CreatedAt, open.Where(e => e > now).Select(e => (DateTimeOffset?)e).Max());
    }

    /// <summary>Whether a link is one that can still be redeemed (for the join page), without saying whose it is.</summary>
    public async Task<bool> IsOpenAsync(string token, CancellationToken ct) => await OpenInvitationAsync(token, ct) is not null;

    /// <summary>The patient redeems the invitation: the birth date must match the chart. Returns the new account.</summary>
    public async Task<Outcome<UserAccount>> RedeemAsync(string token, RedeemInvitation request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var birthDate = errors.Day("birthDate", request.BirthDate, required: true);
        var username = errors.Text("username", request.Username, 60, required: true);
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "password is required: at least 12 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        // Under the write lock: concurrent attempts queue, so the miss counter and the single redemption hold.
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var invitation = await OpenInvitationAsync(token, ct);
        if (invitation is null)
        {
            return Refusal.NotFound("This invitation is not valid any more (used, replaced, expired or locked). Ask your clinic for a new one.");
        }

        var tracked = await db.PortalInvitations.SingleAsync(i => i.Id == invitation.Id, ct);
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == invitation.PatientId, ct);
        if (patient.BirthDate != birthDate)
        {
            tracked.FailedAttempts++;
            audit.Record(AuditActions.SignInFailed, "PortalInvitation", invitation.Id.ToString(), patient.Id, patient.SiteId, $"birth date did not match (attempt {tracked.FailedAttempts})");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Refusal.Invalid("birthDate", tracked.FailedAttempts >= MaxAttempts
                ? "The birth date does not match. The invitation is now locked: ask your clinic for a new one."
                : "The birth date does not match the one your clinic has.");
        }

        if (await db.Users.AnyAsync(u => u.PatientId == patient.Id, ct))
        {
            return Refusal.Conflict("There is already a portal account for this record. Sign in, or ask your clinic.");
        }

        var created = await accounts.CreateAsync(new NewUserAccount(username!, Roles.Patient, request.Password!, [], patient.GivenName) { PatientId = patient.Id }, ct);
        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            return created.Refusal!;
        }

        tracked.UsedAt = clock.GetUtcNow();
        tracked.UserId = created.Value!.Id;
        audit.Record(AuditActions.Update, "PortalInvitation", invitation.Id.ToString(), patient.Id, patient.SiteId, $"redeemed by {username}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return created.Value;
    }

    private async Task<PortalInvitation?> OpenInvitationAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var now = clock.GetUtcNow();
        var invitation = await db.PortalInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invitation is { UsedAt: null, RevokedAt: null } && invitation.ExpiresAt > now && invitation.FailedAttempts < MaxAttempts ? invitation : null;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
