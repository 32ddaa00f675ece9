using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Beds;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Admissions;

public sealed record EndEpisode
{
    /// <summary>See <see cref="EpisodeRegister.DischargeReasons"/>.</summary>
    public string? Reason { get; init; }

    public string? Note { get; init; }
}

/// <summary>Treatment episodes of a chart: the list, and discharge, which closes the episode and frees the bed.</summary>
public sealed class EpisodeRegister(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, BedBoard beds)
{
    public static readonly string[] DischargeReasons =
        ["completed", "transferred", "left-against-advice", "administrative", "incarcerated", "died", "other"];

    public async Task<Outcome<IReadOnlyList<EpisodeView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var list = await db.TreatmentEpisodes.AsNoTracking().Where(e => e.PatientId == patientId).OrderBy(e => e.AdmittedAt).ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Read, "EpisodeOfCare", null, patientId, patient.SiteId, $"{list.Count} episodes", ct);
        return list.Select(View).ToList();
    }

    public async Task<Outcome<EpisodeView>> DischargeAsync(Guid episodeId, EndEpisode request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Prescriber or Roles.Counselor or Roles.Nurse))
        {
            return Refusal.Forbidden("A prescriber, counselor or nurse discharges.");
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 40, required: true)?.ToLowerInvariant();
        if (reason is not null && !DischargeReasons.Contains(reason))
        {
            errors.Add("reason", $"reason must be one of {string.Join(", ", DischargeReasons)}.");
        }

        var note = errors.Text("note", request.Note, 1000);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var episode = await db.TreatmentEpisodes.SingleOrDefaultAsync(e => e.Id == episodeId, ct);
        if (episode is null || !await user.MayUseSiteAsync(episode.SiteId, ct))
        {
            return Refusal.NotFound($"There is no treatment episode {episodeId} at your sites.");
        }

        if (!episode.IsOpen)
        {
            return Refusal.Conflict($"The episode was already closed on {episode.DischargedAt:yyyy-MM-dd} ({episode.DischargeReason}).");
        }

        var now = clock.GetUtcNow();
        episode.DischargedAt = now;
        episode.DischargeReason = reason;
        episode.DischargedBy = user.Username;
        await beds.FreeForDischargeAsync(episode.PatientId, ct);
        if (!await db.TreatmentEpisodes.AnyAsync(e => e.PatientId == episode.PatientId && e.DischargedAt == null && e.Id != episode.Id, ct))
        {
            var patient = await db.Patients.SingleAsync(p => p.Id == episode.PatientId, ct);
            patient.Status = PatientStatus.Discharged;
            patient.StatusReason = $"discharged: {reason}";
            patient.Version++;
            patient.UpdatedAt = now;
        }

        audit.Record("discharge", "EpisodeOfCare", episode.Id.ToString(), episode.PatientId, episode.SiteId,
            $"{IntakeForm.Kebab(episode.LevelOfCare)}: {reason}" + (note is null ? "" : $"; {note}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(episode);
    }

    internal static EpisodeView View(TreatmentEpisode e) => new(
        e.Id, e.PatientId, e.SiteId, e.LevelOfCare, e.PlannedMedication, e.AdmittedAt, e.AdmittedBy, e.InquiryId, e.DaysWaited, e.DischargedAt, e.DischargeReason);
}
