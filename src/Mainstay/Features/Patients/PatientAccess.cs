using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Patients;

/// <summary>
/// The site wall for everything hung on a chart (consents, assessments, plans, follow-ups): a patient is
/// visible when registered (not entered in error) at a site the user is granted. Others are "not found".
/// </summary>
public static class PatientAccess
{
    public static async Task<Patient?> VisiblePatientAsync(this MainstayDb db, ClinicUser user, Guid patientId, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == patientId && p.Status != PatientStatus.EnteredInError, ct);
        return patient is not null && await user.MayUseSiteAsync(patient.SiteId, ct) ? patient : null;
    }

    public static Refusal NotVisible(Guid patientId) => Refusal.NotFound($"There is no patient with id {patientId} at your sites.");
}
