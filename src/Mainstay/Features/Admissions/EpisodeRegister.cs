using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Admissions;

/// <summary>Treatment episodes of a chart (discharge is <see cref="Discharge.Discharges"/>).</summary>
public sealed class EpisodeRegister(MainstayDb db, ClinicUser user, AuditTrail audit)
{
    public async Task<Outcome<IReadOnlyList<EpisodeView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var scope = await user.ScopeAsync(ct);
        var list = (await db.TreatmentEpisodes.AsNoTracking().Where(e => e.PatientId == patientId).OrderBy(e => e.AdmittedAt).ToListAsync(ct))
            .Where(e => scope.Includes(e.SiteId)).ToList();
        await audit.RecordNowAsync(AuditActions.Read, "EpisodeOfCare", null, patientId, patient.SiteId, $"{list.Count} episodes", ct);
        return list.Select(View).ToList();
    }

    internal static EpisodeView View(TreatmentEpisode e) => new(
        e.Id, e.PatientId, e.SiteId, e.LevelOfCare, e.PlannedMedication, e.AdmittedAt, e.AdmittedBy, e.InquiryId, e.DaysWaited, e.DischargedAt, e.DischargeReason);
}
