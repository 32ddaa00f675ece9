using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Assessments;

public sealed record FollowUpView(
    Guid Id, string Code, string Text, DateOnly DueOn, string Priority, string Status, bool Overdue, DateTimeOffset CreatedAt,
    string? Outcome = null, DateTimeOffset? ClosedAt = null);

/// <summary>POST /api/v1/patients/{id}/follow-ups/{followUpId}/close.</summary>
public sealed record CloseFollowUp
{
    /// <summary>done or cancelled.</summary>
    public string? Status { get; init; }

    public string? Outcome { get; init; }
}

/// <summary>The follow-ups of a patient, open ones first.</summary>
public sealed class FollowUpList(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<FollowUpView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var siteId = (await db.VisiblePatientAsync(user, patientId, ct))?.SiteId;
        if (siteId is null)
        {
            return Patients.PatientAccess.NotVisible(patientId);
        }

        var rows = await OfPatientAsync(patientId, ct);
        await audit.RecordNowAsync(AuditActions.Read, "FollowUp", patientId: patientId, siteId: siteId, detail: $"{rows.Count} follow-ups", ct: ct);
        return rows;
    }

    /// <summary>Closes a follow-up as done or cancelled, with what happened (e.g. "HCV antibody negative").</summary>
    public async Task<Outcome<FollowUpView>> CloseAsync(Guid patientId, Guid followUpId, CloseFollowUp request, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // closed once: the second of two closings is refused
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == followUpId && f.PatientId == patientId, ct);
        if (followUp is null || !await user.MayUseSiteAsync(followUp.SiteId, ct))
        {
            return Refusal.NotFound($"There is no follow-up {followUpId} for this patient at your sites.");
        }

        if (followUp.Status != FollowUpStatus.Open)
        {
            return Refusal.Conflict($"This follow-up is already {followUp.Status.ToString().ToLowerInvariant()}.");
        }

        var errors = new FieldErrors();
        var status = request.Status?.Trim().ToLowerInvariant() switch
        {
            "done" => FollowUpStatus.Done,
            "cancelled" => FollowUpStatus.Cancelled,
            _ => (FollowUpStatus?)null,
        };
        if (status is null)
        {
            errors.Add("status", "status must be done or cancelled.");
        }

        if (string.IsNullOrWhiteSpace(request.Outcome) || request.Outcome.Trim().Length > 500)
        {
            errors.Add("outcome", "Say what happened (up to 500 characters), e.g. \"HCV antibody negative\" or \"patient declined\".");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        followUp.Status = status!.Value;
        followUp.Outcome = request.Outcome!.Trim();
        followUp.ClosedAt = clock.GetUtcNow();
        followUp.ClosedBy = user.Username;
        audit.Record(AuditActions.StatusChange, "FollowUp", followUpId.ToString(), patientId, followUp.SiteId, $"{followUp.Code} {request.Status}: {followUp.Outcome}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return new FollowUpView(followUp.Id, followUp.Code, followUp.Text, followUp.DueOn, followUp.Priority,
            followUp.Status.ToString().ToLowerInvariant(), false, followUp.CreatedAt, followUp.Outcome, followUp.ClosedAt);
    }

    internal async Task<List<FollowUpView>> OfPatientAsync(Guid patientId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var rows = await db.FollowUps.AsNoTracking().Where(f => f.PatientId == patientId).ToListAsync(ct);
        return rows
            .OrderBy(f => f.Status).ThenBy(f => f.DueOn)
            .Select(f => new FollowUpView(f.Id, f.Code, f.Text, f.DueOn, f.Priority, f.Status.ToString().ToLowerInvariant(),
                f.Status == FollowUpStatus.Open && f.DueOn < today, f.CreatedAt, f.Outcome, f.ClosedAt))
            .ToList();
    }
}
