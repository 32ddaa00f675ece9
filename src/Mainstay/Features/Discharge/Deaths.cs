using Mainstay.Data;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Discharge;

/// <summary>
/// A patient whose treatment ended because they died. The death is recorded as an episode's discharge reason; from then
/// on the chart says so first, and nothing that starts care again (an admission, a medication order, a withdrawal
/// episode, an assessment, a plan) may be begun for them.
/// </summary>
public static class Deaths
{
    /// <summary>The discharge reason of an episode that ended with the patient's death (<see cref="Clinical.Discharge.DischargeReason.Died"/>).</summary>
    public const string Reason = "died";

    /// <summary>The status reason a discharge gives a patient who died.</summary>
    public const string PatientStatusReason = "discharged: " + Reason;

    /// <summary>Why a patient's portal account was disabled with their death (an administrator may not enable it again).</summary>
    public const string PortalClosedReason = Because;

    /// <summary>The reason given to what a death ends (orders, withdrawal episodes, sessions, alerts).</summary>
    public const string Because = "the patient died";

    /// <summary>The status reason of a patient whose death a follow-up contact after discharge learned of.</summary>
    public const string FollowUpReason = "died (learned at a follow-up contact)";

    /// <summary>The status reason of a patient an imported outside record (FHIR <c>Patient.deceased</c>) says has died.</summary>
    public const string OutsideRecordReason = "deceased (outside record)";

    /// <summary>The patient's status says they died (here, or by an outside record), for what is read without the episodes (FHIR's Patient).</summary>
    public static bool Marked(Patients.Patient p) => StatusSays(p) is not null
        || (p.Status == Patients.PatientStatus.Discharged && p.StatusReason == PatientStatusReason);

    /// <summary>
    /// Who said the patient died, when their status says so without an episode ended by the death (an imported outside
    /// record, a follow-up contact); null otherwise. Someone who knows better may change the status.
    /// </summary>
    public static string? StatusSays(Patients.Patient p) => StatusSays(p.StatusReason);

    private static string? StatusSays(string? statusReason) => statusReason switch
    {
        OutsideRecordReason => "an imported outside record",
        FollowUpReason => "a follow-up contact after discharge",
        _ => null,
    };

    /// <summary>When the patient's death was recorded (the discharge of that episode); null when it was not.</summary>
    public static async Task<DateTimeOffset?> RecordedAsync(MainstayDb db, Guid patientId, CancellationToken ct) =>
        await db.TreatmentEpisodes.AsNoTracking()
            .Where(e => e.PatientId == patientId && e.DischargeReason == Reason)
            .OrderByDescending(e => e.DischargedAt)
            .Select(e => e.DischargedAt)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The refusal of <paramref name="what"/> for a patient whose death was recorded here, or reported by an imported
    /// outside record (until someone who knows better changes the patient's status); null for anyone else. When it does
    /// not refuse, the save that begins <paramref name="what"/> on <paramref name="db"/> asks again under the write lock
    /// (<see cref="MainstayDb.RequireLiving"/>), so a death recorded between this check and that save still refuses it.
    /// </summary>
    public static async Task<Refusal?> RefuseAsync(MainstayDb db, Patients.Patient patient, string what, TimeZoneInfo zone, CancellationToken ct)
    {
        if (await RefusalAsync(db, patient.Id, patient.Mrn, patient.StatusReason, what, zone, ct) is { } refused)
        {
            return Refusal.Conflict(refused);
        }

        db.RequireLiving(new LivingCheck(patient.Id, what, zone));
        return null;
    }

    /// <summary>
    /// Under the write lock, before a save that begins care is written: the patient's death recorded (or reported) since
    /// <see cref="RefuseAsync"/> let it through refuses the whole save.
    /// </summary>
    internal static async Task RefuseUnderLockAsync(MainstayDb db, IReadOnlyList<LivingCheck> checks, CancellationToken ct)
    {
        foreach (var check in checks.DistinctBy(c => c.PatientId))
        {
            var now = await db.Patients.AsNoTracking().Where(p => p.Id == check.PatientId)
                .Select(p => new { p.Mrn, p.StatusReason }).SingleOrDefaultAsync(ct);
            if (now is not null && await RefusalAsync(db, check.PatientId, now.Mrn, now.StatusReason, check.What, check.Zone, ct) is { } refused)
            {
                throw new PatientDiedException(refused);
            }
        }
    }

    private static async Task<string?> RefusalAsync(MainstayDb db, Guid patientId, string mrn, string? statusReason, string what, TimeZoneInfo zone, CancellationToken ct)
    {
        if (await RecordedAsync(db, patientId, ct) is { } at)
        {
            return $"{mrn} died (recorded on {Day(at, zone):yyyy-MM-dd}): {what} cannot be begun.";
        }

        return StatusSays(statusReason) is { } who
            ? $"{mrn} died, says {who}: {what} cannot be begun. If that is wrong, change the patient's status first."
            : null;
    }

    /// <summary>The clinic's day of a moment.</summary>
    public static DateOnly Day(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}

/// <summary>A save about to begin <see cref="What"/> for a patient, to be refused if they are found dead under the write lock.</summary>
public sealed record LivingCheck(Guid PatientId, string What, TimeZoneInfo Zone);

/// <summary>
/// A save that would have begun care for a patient whose death was recorded while it was being prepared (after its own
/// check, before its write): nothing of it was saved. Answered 409 with the message.
/// </summary>
public sealed class PatientDiedException(string message) : Exception(message);
