using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Alerts;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Discharge;

/// <summary>POST /api/v1/patients/{id}/death-correction: why the recorded death was an error.</summary>
public sealed record DeathCorrection
{
    public string? Reason { get; init; }
}

/// <summary>What a correction gave back, and what it left for the clinicians to decide.</summary>
public sealed record DeathCorrectionView(
    Guid PatientId, string Status, DateTimeOffset CorrectedAt, string CorrectedBy, string Reason,
    int EpisodesReopened, int OrdersHeld, int PortalAccountsReleased, IReadOnlyList<int> SitesAlerted, string NotRestored);

/// <summary>
/// A death recorded on the wrong patient (or reported wrongly) is undone by the program director, with a reason, in one
/// transaction: the episodes the death closed open again, the orders it ended are held for their prescribers' review
/// (not given again until a prescriber resumes them), the portal account may be enabled again by an administrator, and
/// every site whose care it touched is told on its work list. What the death cancelled for good (booked sessions, group
/// places, withdrawal episodes, follow-up contacts, alerts) is not brought back: each is a clinician's decision, and the
/// alerts say so. Every change is audited; the record keeps that the death was recorded and when it was corrected.
/// </summary>
public sealed class DeathCorrections(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, AlertBook alerts)
{
    /// <summary>The status reason of an order the correction holds.</summary>
    public const string OrderHeldReason = "held for review: the death that ended it was recorded in error";

    /// <summary>
    /// The status reason of a step not yet begun (a taper's next dose) the correction holds with its line: when a prescriber
    /// resumes the line, such steps are scheduled again (<see cref="Orders.MedicationOrders.ChangeStatusAsync"/>). Scheduled
    /// at once, the first would come into force on its day and be dosed with no prescriber having looked again.
    /// </summary>
    public const string StepReason = "held with its order line: the death that ended it was recorded in error";

    /// <summary>The reason's length: it is kept in the patient's status reason (500 characters) after "death recorded in error: ".</summary>
    public const int MaxReason = 475;

    /// <summary>Why a portal account closed with the death stays disabled after the correction (an administrator may enable it).</summary>
    public const string PortalReason = "closed with a death recorded in error; an administrator may enable it";

    public const string NotRestored = "Not restored (a clinician decides each): booked sessions and group places, withdrawal episodes, follow-up contacts and the alerts the death closed, bed assignments.";

    public async Task<Outcome<DeathCorrectionView>> CorrectAsync(Guid patientId, DeathCorrection request, CancellationToken ct)
    {
        if (user.Role != Roles.Director)
        {
            return Refusal.Forbidden("Only the program director corrects a death recorded in error.");
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, MaxReason, required: true);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await db.VisiblePatientAsync(user, patientId, ct) is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var patient = await db.Patients.SingleAsync(p => p.Id == patientId, ct);
        var closed = await db.TreatmentEpisodes.Where(e => e.PatientId == patientId && e.DischargeReason == Deaths.Reason).ToListAsync(ct);
        if (closed.Count == 0 && Deaths.StatusSays(patient) is null && !Deaths.Marked(patient))
        {
            return Refusal.Conflict($"No death is recorded for {patient.Mrn}: there is nothing to correct.");
        }

        // When the death was recorded: the discharge that said so, else the follow-up contact that learned it (the death's
        // routine stamps what it ends with that same moment).
        var learned = await db.AftercareContacts.Where(c => c.PatientId == patientId && c.Outcome == Deaths.Reason).ToListAsync(ct);
        var recordedAt = closed.Select(e => e.DischargedAt).Max()
                         ?? (patient.StatusReason == Deaths.FollowUpReason ? learned.Select(c => c.ContactedAt).Max() : null);
        var ended = recordedAt is null
            ? []
            : await db.MedicationOrders.Where(o => o.PatientId == patientId && o.Status == OrderStatus.Discontinued && o.StatusChangedAt == recordedAt
                                                    && (o.StatusReason == Deaths.Because || o.StatusReason!.StartsWith(Deaths.PatientStatusReason))).ToListAsync(ct);
        var told = await db.PatientAlerts.Where(a => a.PatientId == patientId && a.Kind == "died" && a.Status != "resolved").ToListAsync(ct);

        // Every site whose care the death touched, and the one that learned of it.
        var sites = closed.Select(e => e.SiteId).Concat(ended.Select(o => o.SiteId)).Concat(told.Select(a => a.SiteId))
            .Concat(learned.Where(c => c.ContactedAt == recordedAt).Select(c => c.SiteId)).Distinct().Order().ToList();
        foreach (var site in sites)
        {
            if (!await user.MayUseSiteAsync(site, ct))
            {
                return Refusal.Forbidden($"The death also ended care at site {site}, which is not among your sites: a director of every site it touched corrects it.");
            }
        }

        var now = clock.GetUtcNow();
        var today = Deaths.Day(now, clock.LocalTimeZone);
        var recordedDay = recordedAt is { } at ? Deaths.Day(at, clock.LocalTimeZone).ToString("yyyy-MM-dd") : "an unknown day";
        var why = $"the death recorded on {recordedDay} was an error: {reason}";

        foreach (var episode in closed)
        {
            audit.Record("death-correction", "EpisodeOfCare", episode.Id.ToString(), patientId, episode.SiteId,
                $"reopened; {why}; its discharge by {episode.DischargedBy} on {episode.DischargedAt:yyyy-MM-dd} (TEDS {episode.TedsReason}) is withdrawn");
            episode.DischargedAt = null;
            episode.DischargeReason = null;
            episode.TedsReason = null;
            episode.DischargedBy = null;
            episode.Continuity = null;
            episode.ContinuityDetail = null;
            episode.ToleranceWarning = false;
            episode.NaloxoneOffered = null;
            episode.DischargeNote = null;
            episode.DischargeSummary = null;
        }

        // The orders the death ended: held, so that no dose is given on them until their prescriber has looked again. A step
        // not yet begun (a taper's next dose) is held with its line and scheduled again when the prescriber resumes the line.
        foreach (var order in ended)
        {
            var step = order.StartDate > today;
            order.Status = OrderStatus.Held;
            order.StatusReason = step ? StepReason : OrderHeldReason;
            order.StatusChangedAt = now;
            order.StatusChangedBy = user.Username;
            audit.Record(AuditActions.StatusChange, "MedicationRequest", order.Id.ToString(), patientId, order.SiteId,
                $"discontinued → held{(step ? " (a step not yet begun)" : "")}; {why}");
        }

        var accounts = await db.Users.Where(u => u.PatientId == patientId && u.DisabledReason == Deaths.PortalClosedReason).ToListAsync(ct);
        foreach (var account in accounts)
        {
            account.DisabledReason = PortalReason;
            account.ConcurrencyStamp = Guid.NewGuid().ToString();
        }

        foreach (var alert in told)
        {
            alert.Status = "resolved";
            alert.ResolvedAt = now;
            alert.ResolvedBy = user.Username;
            alert.Action = "other";
            alert.ActionNote = "the death was recorded in error";
        }

        var before = $"{IntakeForm.Kebab(patient.Status)} ({patient.StatusReason})";
        var status = closed.Count > 0 ? PatientStatus.Active
            : await db.TreatmentEpisodes.AnyAsync(e => e.PatientId == patientId, ct) ? PatientStatus.Discharged : PatientStatus.Inactive;
        PatientRegistry.RecordStatus(db, patient, status, $"death recorded in error: {reason}", user, now);

        var correction = Guid.CreateVersion7(now);
        foreach (var site in sites)
        {
            var here = closed.Where(e => e.SiteId == site).Select(_ => "episode reopened")
                .Concat(ended.Where(o => o.SiteId == site).Select(o => o.StatusReason == StepReason ? "step held with its line" : "order held for your review"))
                .GroupBy(w => w).Select(w => $"{w.Count()} {Plural(w.Key, w.Count())}").ToList();
            await alerts.RaiseAsync(new AlertDraft(patientId, site, "death-corrected", "warning",
                $"{patient.Mrn} did not die: {why} (corrected by {user.Username}). Here: {(here.Count == 0 ? "nothing reopened" : string.Join(", ", here))}. {NotRestored}",
                Roles.Prescriber, $"death-correction:{correction}:site-{site}"), ct);
        }

        audit.Record("death-correction", "Patient", patientId.ToString(), patientId, patient.SiteId,
            $"status {before} → {IntakeForm.Kebab(patient.Status)}; {why}; {closed.Count} episode(s) reopened, {ended.Count} order(s) restored, {accounts.Count} portal account(s) released");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new DeathCorrectionView(patientId, IntakeForm.Kebab(patient.Status), now, user.Username ?? "", reason!, closed.Count,
            ended.Count(o => o.StatusReason == OrderHeldReason), accounts.Count, sites, NotRestored);
    }

    /// <summary>"episode reopened" → "episodes reopened"; "order held for your review" → "orders held for your review".</summary>
    private static string Plural(string what, int count) => count == 1 ? what : what.Insert(what.IndexOf(' ', StringComparison.Ordinal), "s");
}
