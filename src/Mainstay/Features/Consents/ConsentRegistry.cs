using System.Globalization;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Consents;

/// <summary>POST /api/v1/patients/{id}/consents.</summary>
public sealed record RecordConsent
{
    public string? Discloser { get; init; }
    public string? Recipient { get; init; }
    public string? Information { get; init; }
    public string? Purpose { get; init; }
    public string? ExpiresOn { get; init; }
    public string? ExpiryEvent { get; init; }
    public string? SignedBy { get; init; }
    public string? SignerRelationship { get; init; }
    public string? SignedOn { get; init; }
    public string? SignatureMethod { get; init; }
    public bool RightToRevokeExplained { get; init; }
}

public sealed record RevokeConsent
{
    public string? Reason { get; init; }
}

public sealed record ConsentView(
    Guid Id, string State, string Discloser, string Recipient, string Information, string Purpose, DateOnly? ExpiresOn,
    string? ExpiryEvent, string SignedBy, string SignerRelationship, DateOnly SignedOn, string SignatureMethod,
    bool RightToRevokeExplained, DateTimeOffset RecordedAt, string? RecordedBy, DateTimeOffset? RevokedAt, string? RevokedBy,
    string? RevocationReason);

/// <summary>Recording, listing and revoking 42 CFR Part 2 consents; every action audited.</summary>
public sealed class ConsentRegistry(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public static readonly string[] Relationships = ["self", "parent", "guardian", "personal-representative"];
    public static readonly string[] SignatureMethods = ["written", "electronic"];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<IReadOnlyList<ConsentView>>> ListAsync(Guid patientId, CancellationToken ct)
    {
        if (await PatientSiteAsync(patientId, ct) is not { } siteId)
        {
            return NoPatient(patientId);
        }

        var consents = await db.Consents.AsNoTracking().Where(c => c.PatientId == patientId)
            .OrderByDescending(c => c.SignedOn).ThenByDescending(c => c.RecordedAt).ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Read, "Consent", patientId: patientId, siteId: siteId, detail: $"{consents.Count} consents", ct: ct);
        return consents.Select(View).ToList();
    }

    public async Task<Outcome<ConsentView>> RecordAsync(Guid patientId, RecordConsent request, CancellationToken ct)
    {
        if (await PatientSiteAsync(patientId, ct) is not { } siteId)
        {
            return NoPatient(patientId);
        }

        var errors = new FieldErrors();
        var discloser = Text(errors, "discloser", request.Discloser, 200, "who may disclose (the program)");
        var recipient = Text(errors, "recipient", request.Recipient, 300, "to whom the records may be disclosed");
        var information = Text(errors, "information", request.Information, 1000, "what information may be disclosed");
        var purpose = Text(errors, "purpose", request.Purpose, 500, "the purpose of the disclosure");
        var signedBy = Text(errors, "signedBy", request.SignedBy, 200, "who signed");
        var relationship = OneOf(errors, "signerRelationship", request.SignerRelationship ?? "self", Relationships);
        var method = OneOf(errors, "signatureMethod", request.SignatureMethod ?? "written", SignatureMethods);
        var signedOn = Date(errors, "signedOn", request.SignedOn, required: true);
        var expiresOn = Date(errors, "expiresOn", request.ExpiresOn, required: false);
        var expiryEvent = string.IsNullOrWhiteSpace(request.ExpiryEvent) ? null : request.ExpiryEvent.Trim();
        if (expiryEvent is { Length: > 200 })
        {
            errors.Add("expiryEvent", "expiryEvent is longer than 200 characters.");
        }

        if (expiresOn is null && expiryEvent is null && !errors.ToDictionary().ContainsKey("expiresOn"))
        {
            errors.Add("expiresOn", "A consent needs an expiry date (expiresOn) or an expiry event (expiryEvent), e.g. \"end of treatment\".");
        }

        if (signedOn is { } s && s > Today)
        {
            errors.Add("signedOn", "signedOn is in the future.");
        }

        if (signedOn is { } signed && expiresOn is { } expires && expires <= signed)
        {
            errors.Add("expiresOn", "expiresOn must be after the day the consent was signed.");
        }

        if (!request.RightToRevokeExplained)
        {
            errors.Add("rightToRevokeExplained", "The patient must be told of the right to revoke the consent (42 CFR 2.31(a)); confirm it was explained.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var consent = new Consent
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            PatientId = patientId,
            SiteId = siteId,
            Discloser = discloser!,
            Recipient = recipient!,
            Information = information!,
            Purpose = purpose!,
            ExpiresOn = expiresOn,
            ExpiryEvent = expiryEvent,
            SignedBy = signedBy!,
            SignerRelationship = relationship!,
            SignedOn = signedOn!.Value,
            SignatureMethod = method!,
            RightToRevokeExplained = true,
            RecordedAt = clock.GetUtcNow(),
            RecordedBy = user.Username,
        };
        db.Consents.Add(consent);
        audit.Record(AuditActions.Create, "Consent", consent.Id.ToString(), patientId, siteId, $"recipient={consent.Recipient}");
        await db.SaveChangesAsync(ct);
        return View(consent);
    }

    public async Task<Outcome<ConsentView>> RevokeAsync(Guid patientId, Guid consentId, RevokeConsent request, CancellationToken ct)
    {
        if (await PatientSiteAsync(patientId, ct) is not { } siteId)
        {
            return NoPatient(patientId);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // revoked once: the first revocation's time and reason stand
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == consentId && c.PatientId == patientId, ct);
        if (consent is null)
        {
            return Refusal.NotFound($"There is no consent {consentId} for this patient.");
        }

        if (consent.RevokedAt is not null)
        {
            return Refusal.Conflict($"This consent was already revoked on {consent.RevokedAt:yyyy-MM-dd}.");
        }

        var errors = new FieldErrors();
        var reason = Text(errors, "reason", request.Reason, 500, "how the patient revoked it (e.g. \"in writing, letter dated ...\")");
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        consent.RevokedAt = clock.GetUtcNow();
        consent.RevokedBy = user.Username;
        consent.RevocationReason = reason;
        audit.Record(AuditActions.StatusChange, "Consent", consent.Id.ToString(), patientId, siteId, $"revoked: {reason}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(consent);
    }

    /// <summary>Active consents for the chart (not audited separately: part of the chart read).</summary>
    internal async Task<List<ConsentView>> ActiveForChartAsync(Guid patientId, CancellationToken ct) =>
        (await db.Consents.AsNoTracking().Where(c => c.PatientId == patientId && c.RevokedAt == null).ToListAsync(ct))
            .Select(View).Where(c => c.State == "active").OrderByDescending(c => c.SignedOn).ToList();

    private ConsentView View(Consent c) => new(
        c.Id, c.StateOn(Today), c.Discloser, c.Recipient, c.Information, c.Purpose, c.ExpiresOn, c.ExpiryEvent, c.SignedBy,
        c.SignerRelationship, c.SignedOn, c.SignatureMethod, c.RightToRevokeExplained, c.RecordedAt, c.RecordedBy, c.RevokedAt,
        c.RevokedBy, c.RevocationReason);

    private async Task<int?> PatientSiteAsync(Guid patientId, CancellationToken ct) =>
        (await db.VisiblePatientAsync(user, patientId, ct))?.SiteId;

    private static Refusal NoPatient(Guid id) => PatientAccess.NotVisible(id);

    private static string? Text(FieldErrors errors, string field, string? value, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required: {what}.");
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            errors.Add(field, $"{field} is longer than {max} characters.");
            return null;
        }

        return trimmed;
    }

    private static string? OneOf(FieldErrors errors, string field, string value, string[] allowed)
    {
        var v = value.Trim().ToLowerInvariant();
        if (allowed.Contains(v))
        {
            return v;
        }

        errors.Add(field, $"{field} '{value}' must be one of {string.Join(", ", allowed)}.");
        return null;
    }

    private static DateOnly? Date(FieldErrors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required, written YYYY-MM-DD.");
            }

            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors.Add(field, $"{field} '{value}' is not a date written YYYY-MM-DD.");
        return null;
    }
}
