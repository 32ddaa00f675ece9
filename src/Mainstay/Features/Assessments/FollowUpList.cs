using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Assessments;

public sealed record FollowUpView(Guid Id, string Code, string Text, DateOnly DueOn, string Priority, string Status, bool Overdue, DateTimeOffset CreatedAt);

/// <summary>The follow-ups of a patient, open ones first.</summary>
public sealed class FollowUpList(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<FollowUpView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var siteId = await db.Patients.Where(p => p.Id == patientId).Select(p => (int?)p.SiteId).SingleOrDefaultAsync(ct);
        if (siteId is null || !await user.MayUseSiteAsync(siteId.Value, ct))
        {
            return Refusal.NotFound($"There is no patient with id {patientId} at your sites.");
        }

        var rows = await OfPatientAsync(patientId, ct);
        await audit.RecordNowAsync(AuditActions.Read, "FollowUp", patientId: patientId, siteId: siteId, detail: $"{rows.Count} follow-ups", ct: ct);
        return rows;
    }

    internal async Task<List<FollowUpView>> OfPatientAsync(Guid patientId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var rows = await db.FollowUps.AsNoTracking().Where(f => f.PatientId == patientId).ToListAsync(ct);
        return rows
            .OrderBy(f => f.Status).ThenBy(f => f.DueOn)
            .Select(f => new FollowUpView(f.Id, f.Code, f.Text, f.DueOn, f.Priority, f.Status.ToString().ToLowerInvariant(),
                f.Status == FollowUpStatus.Open && f.DueOn < today, f.CreatedAt))
            .ToList();
    }
}
