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
        var reason = errors.Text("reason", request.Reason, 1000, required: true);
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
        var says = Deaths.StatusSays(patient);
        if (closed.Count == 0 && says is null && !Deaths.Marked(patient))
        {
            return Refusal.Conflict($"No death is recorded for {patient.Mrn}: there is nothing to correct.");
        }

        var now = clock.GetUtcNow();
        var zone = clock.LocalTimeZone;
        var recordedAt = closed.Select(e => e.DischargedAt).Max();
        var recordedDay = recordedAt is { } at ? Deaths.Day(at, zone).ToString("yyyy-MM-dd") : "an unknown day";
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

        // The orders the death ended (at the moment it was recorded, with its reason): held, so that no dose is given on
        // them until their prescriber has looked again.
        var ended = recordedAt is null
            ? []
            : await db.MedicationOrders.Where(o => o.PatientId == patientId && o.Status == OrderStatus.Discontinued && o.StatusChangedAt == recordedAt
                                                    && (o.StatusReason == Deaths.Because || o.StatusReason == Deaths.PatientStatusReason)).ToListAsync(ct);
        foreach (var order in ended)
        {
            order.Status = OrderStatus.Held;
            order.StatusReason = OrderHeldReason;
            order.StatusChangedAt = now;
            order.StatusChangedBy = user.Username;
            audit.Record(AuditActions.StatusChange, "MedicationRequest", order.Id.ToString(), patientId, order.SiteId, $"discontinued → held; {why}");
        }

        var accounts = await db.Users.Where(u => u.PatientId == patientId && u.DisabledReason == Deaths.PortalClosedReason).ToListAsync(ct);
        foreach (var account in accounts)
        {
            account.DisabledReason = PortalReason;
            account.ConcurrencyStamp = Guid.NewGuid().ToString();
        }

        foreach (var told in await db.PatientAlerts.Where(a => a.PatientId == patientId && a.Kind == "died" && a.Status != "resolved").ToListAsync(ct))
        {
            told.Status = "resolved";
            told.ResolvedAt = now;
            told.ResolvedBy = user.Username;
            told.Action = "other";
            told.ActionNote = "the death was recorded in error";
        }

        var before = $"{IntakeForm.Kebab(patient.Status)} ({patient.StatusReason})";
        patient.Status = closed.Count > 0 ? PatientStatus.Active : PatientStatus.Inactive;
        patient.StatusReason = $"death recorded in error: {reason}";
        patient.Version++;
        patient.UpdatedAt = now;

        var correction = Guid.CreateVersion7(now);
        var sites = closed.Select(e => (e.SiteId, What: "episode reopened"))
            .Concat(ended.Select(o => (o.SiteId, What: "order held for your review")))
            .GroupBy(x => x.SiteId).OrderBy(g => g.Key).ToList();
        foreach (var site in sites)
        {
            var counts = string.Join(", ", site.GroupBy(x => x.What).Select(w => $"{w.Count()} {Plural(w.Key, w.Count())}"));
            await alerts.RaiseAsync(new AlertDraft(patientId, site.Key, "death-corrected", "warning",
                $"{patient.Mrn} did not die: {why} (corrected by {user.Username}). Here: {counts}. {NotRestored}",
                Roles.Prescriber, $"death-correction:{correction}:site-{site.Key}"), ct);
        }

        audit.Record("death-correction", "Patient", patientId.ToString(), patientId, patient.SiteId,
            $"status {before} → {IntakeForm.Kebab(patient.Status)}; {why}; {closed.Count} episode(s) reopened, {ended.Count} order(s) held, {accounts.Count} portal account(s) released");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new DeathCorrectionView(patientId, IntakeForm.Kebab(patient.Status), now, user.Username ?? "", reason!, closed.Count, ended.Count, accounts.Count,
            [.. sites.Select(s => s.Key)], NotRestored);
    }

    /// <summary>"episode reopened" → "episodes reopened"; "order held for your review" → "orders held for your review".</summary>
    private static string Plural(string what, int count) => count == 1 ? what : what.Insert(what.IndexOf(' ', StringComparison.Ordinal), "s");
}
