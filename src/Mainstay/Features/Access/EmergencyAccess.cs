using Mainstay.Data;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Access;

/// <summary>
/// Break-the-glass: a clinician opens the chart of a patient of a site they are not granted, in an emergency, by giving
/// the reason. The access lasts four hours, lets them read the chart (not change it), is audited with purpose
/// "emergency" on every read, and waits in the privacy officer's list until reviewed.
/// </summary>
public sealed class EmergencyAccess
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Username { get; set; }
    public required string Role { get; set; }
    public Guid PatientId { get; set; }
    public int PatientSiteId { get; set; }

    /// <summary>The nature of the emergency, in the clinician's words.</summary>
    public required string Reason { get; set; }

    public DateTimeOffset At { get; set; }
    public DateTimeOffset Until { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }

    /// <summary>The privacy officer's finding: the access was justified (true) or not (false).</summary>
    public bool? Justified { get; set; }

    public string? ReviewNote { get; set; }
}

public sealed record EmergencyAccessRequest
{
    /// <summary>The chart, by its MRN (what a clinician at another site has) or its id.</summary>
    public string? Mrn { get; init; }

    public Guid? PatientId { get; init; }
    public string? Reason { get; init; }
}

public sealed record EmergencyReviewRequest
{
    public bool? Justified { get; init; }
    public string? Note { get; init; }
}

public sealed record EmergencyAccessView(
    Guid Id, Guid PatientId, string Mrn, string Patient, int PatientSiteId, string Username, string Role, string Reason,
    DateTimeOffset At, DateTimeOffset Until, DateTimeOffset? ReviewedAt, string? ReviewedBy, bool? Justified, string? ReviewNote);

/// <summary>Grants, checks and reviews emergency access.</summary>
public sealed class EmergencyAccessBook(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public static readonly TimeSpan Lasts = TimeSpan.FromHours(4);
    public const int ReasonMinimum = 15;

    /// <summary>Only clinical roles may break the glass; administrators, auditors and patients may not.</summary>
    public static readonly IReadOnlyList<string> MayBreakGlass = [Roles.Prescriber, Roles.Nurse, Roles.Counselor, Roles.Intake, Roles.Director];

    public async Task<Outcome<EmergencyAccessView>> GrantAsync(EmergencyAccessRequest request, CancellationToken ct)
    {
        if (user.UserId is not { } userId || user.Role is not { } role || !MayBreakGlass.Contains(role))
        {
            return Refusal.Forbidden("Only clinical staff may open a chart under emergency access.");
        }

        var errors = new FieldErrors();
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length < ReasonMinimum || reason.Length > 1000)
        {
            errors.Add("reason", $"Say what the emergency is, in {ReasonMinimum} to 1,000 characters; the privacy officer reviews every emergency access.");
        }

        var mrn = request.Mrn?.Trim();
        if (request.PatientId is null && string.IsNullOrEmpty(mrn))
        {
            errors.Add("mrn", "Give the patient's MRN (or patientId).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var patient = await db.Patients.AsNoTracking()
            .Where(p => p.Status != PatientStatus.EnteredInError)
            .Where(p => request.PatientId != null ? p.Id == request.PatientId : p.Mrn == mrn)
            .Select(p => new { p.Id, p.SiteId, p.Mrn })
            .SingleOrDefaultAsync(ct);
        if (patient is null)
        {
            return Refusal.NotFound(request.PatientId is { } id ? $"There is no patient with id {id}." : $"There is no patient with MRN {mrn}.");
        }

        if (await user.MayUseSiteAsync(patient.SiteId, ct))
        {
            return Refusal.Conflict("This patient is at one of your sites: open the chart as usual, without emergency access.");
        }

        var now = clock.GetUtcNow();
        var grant = new EmergencyAccess
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Username = user.Username ?? "",
            Role = role,
            PatientId = patient.Id,
            PatientSiteId = patient.SiteId,
            Reason = reason,
            At = now,
            Until = now + Lasts,
        };
        db.EmergencyAccesses.Add(grant);
        audit.Record(AuditActions.EmergencyAccess, "Patient", patient.Id.ToString(), patient.Id, patient.SiteId,
            detail: $"break-the-glass until {grant.Until:u}: {reason}", purpose: "emergency");
        await db.SaveChangesAsync(ct);
        return (await ListAsync(new EmergencyListFilter(Id: grant.Id), ct)).Single();
    }

    /// <summary>The open emergency access of the signed-in user to this patient, if any.</summary>
    public async Task<EmergencyAccess?> ActiveAsync(Guid patientId, CancellationToken ct) =>
        user.UserId is not { } userId
            ? null
            : await db.EmergencyAccesses.AsNoTracking()
                .Where(e => e.UserId == userId && e.PatientId == patientId)
                .OrderByDescending(e => e.At)
                .FirstOrDefaultAsync(ct) is { } latest && latest.Until > clock.GetUtcNow()
                ? latest
                : null;

    public async Task<List<EmergencyAccessView>> ListAsync(EmergencyListFilter filter, CancellationToken ct)
    {
        var query = db.EmergencyAccesses.AsNoTracking().AsQueryable();
        if (filter.Id is { } id)
        {
            query = query.Where(e => e.Id == id);
        }

        if (filter.UnreviewedOnly)
        {
            query = query.Where(e => e.ReviewedAt == null);
        }

        if (filter.UserId is { } userId)
        {
            query = query.Where(e => e.UserId == userId);
        }

        // Ids are version-7 GUIDs made from the grant's time: newest first, and at most 500, in the database.
        var rows = await query
            .OrderByDescending(e => e.Id)
            .Take(500)
            .Join(db.Patients, e => e.PatientId, p => p.Id, (e, p) => new { e, p.Mrn, p.GivenName, p.FamilyName })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.e.At)
            .Select(r => new EmergencyAccessView(r.e.Id, r.e.PatientId, r.Mrn, $"{r.FamilyName}, {r.GivenName}", r.e.PatientSiteId, r.e.Username, r.e.Role,
                r.e.Reason, r.e.At, r.e.Until, r.e.ReviewedAt, r.e.ReviewedBy, r.e.Justified, r.e.ReviewNote))
            .ToList();
    }

    /// <summary>The privacy officer's review: justified or not, with a note (required when not justified).</summary>
    public async Task<Outcome<EmergencyAccessView>> ReviewAsync(Guid id, EmergencyReviewRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var note = request.Note?.Trim();
        if (request.Justified is null)
        {
            errors.Add("justified", "Say whether the emergency access was justified (true or false).");
        }
        else if (request.Justified == false && string.IsNullOrEmpty(note))
        {
            errors.Add("note", "Say why the access was not justified and what follows.");
        }

        if (note is { Length: > 1000 })
        {
            errors.Add("note", "The note is longer than 1,000 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var grant = await db.EmergencyAccesses.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (grant is null)
        {
            return Refusal.NotFound($"There is no emergency access {id}.");
        }

        if (grant.ReviewedAt is not null)
        {
            return Refusal.Conflict($"This emergency access was reviewed by {grant.ReviewedBy} on {grant.ReviewedAt:u}.");
        }

        grant.ReviewedAt = clock.GetUtcNow();
        grant.ReviewedBy = user.Username;
        grant.Justified = request.Justified;
        grant.ReviewNote = string.IsNullOrEmpty(note) ? null : note;
        audit.Record("review", "EmergencyAccess", grant.Id.ToString(), grant.PatientId, grant.PatientSiteId,
            detail: $"{(grant.Justified == true ? "justified" : "NOT justified")}; user={grant.Username}; {note}", purpose: "audit");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ListAsync(new EmergencyListFilter(Id: id), ct)).Single();
    }
}

public sealed record EmergencyListFilter(bool UnreviewedOnly = false, Guid? UserId = null, Guid? Id = null);
