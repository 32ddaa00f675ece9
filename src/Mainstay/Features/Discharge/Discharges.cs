using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Discharge;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Alerts;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Beds;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Discharge;

public sealed record AftercareReferral
{
    public string? Kind { get; init; }
    public string? Provider { get; init; }
    public string? Contact { get; init; }
    public string? FirstAppointment { get; init; }
    public string? Note { get; init; }
}

/// <summary>POST /api/v1/episodes/{id}/discharge.</summary>
public sealed record DischargeRequest
{
    /// <summary>completed, transferred, left-against-advice, administrative, incarcerated, died or other.</summary>
    public string? Reason { get; init; }

    /// <summary>transfer, bridge-prescription, not-needed, declined or not-arranged (required when medication is active).</summary>
    public string? Continuity { get; init; }

    public string? ContinuityDetail { get; init; }

    /// <summary>Required when the lost-tolerance warning applies: was naloxone (kit and teaching) offered?</summary>
    public bool? NaloxoneOffered { get; init; }

    public string? Note { get; init; }
    public IReadOnlyList<AftercareReferral>? Aftercare { get; init; }
}

public sealed record ContactOutcome
{
    /// <summary>in-recovery, using, readmitted, lost-to-contact, died; or not-reached for an attempt.</summary>
    public string? Outcome { get; init; }

    public string? Method { get; init; }
    public string? Note { get; init; }
}

public sealed record SummaryMedication(string Medication, decimal DoseMg, string Schedule, DateOnly Since, DateOnly? LastDoseOn, decimal? LastDoseMg);

public sealed record SummaryScreen(DateTimeOffset At, bool OpioidNegative, bool Fentanyl, bool IllicitOpioid, bool PossibleDiversion);

/// <summary>The discharge summary drafted from the record: what the next provider needs on one page.</summary>
public sealed record DischargeSummary(
    string Patient, string Mrn, DateOnly BirthDate, LevelOfCare LevelOfCare, DateTimeOffset AdmittedAt, int DaysInTreatment,
    string? Diagnosis, string? AssessedLevelOfCare, IReadOnlyList<SummaryMedication> Medications, string? Plan,
    IReadOnlyList<SummaryScreen> Screens, int Overdoses, DateOnly? LastOverdose, bool UnexpiredNaloxoneKit, IReadOnlyList<string> OpenAlerts);

public sealed record AftercareContactView(Guid Id, int Day, DateOnly DueOn, bool Overdue, DateTimeOffset? ContactedAt, string? ContactedBy, string? Method, string? Outcome, string? Note, int Attempts);

public sealed record DischargeView(
    EpisodeView Episode, string? Continuity, string? ContinuityDetail, bool ToleranceWarning, bool? NaloxoneOffered, string? Note, int? TedsReason,
    DischargeSummary? Summary, IReadOnlyList<AftercareItem> Aftercare, IReadOnlyList<AftercareContactView> Contacts);

public sealed record DueContact(Guid ContactId, Guid PatientId, string Patient, string Mrn, int Day, DateOnly DueOn, bool Overdue, string DischargeReason, int Attempts);

/// <summary>
/// Discharge: the episode closed with its reason (and TEDS code), the medication ended or carried on, the bed freed,
/// the summary drafted from the record, the lost-tolerance warning with naloxone, the aftercare plan, and follow-up
/// contacts at 7, 30 and 90 days. One transaction.
/// </summary>
public sealed class Discharges(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, BedBoard beds, AlertBook alerts)
{
    public static readonly IReadOnlyDictionary<string, string> AftercareKinds = new Dictionary<string, string>
    {
        ["outpatient-counseling"] = "Outpatient counseling",
        ["intensive-outpatient"] = "Intensive outpatient",
        ["support-group"] = "Support group (NA, SMART Recovery)",
        ["peer-recovery-coach"] = "Peer recovery coach",
        ["recovery-housing"] = "Sober living / recovery housing",
        ["medication-prescriber"] = "Medication: next prescriber or program",
        ["primary-care"] = "Primary care",
        ["psychiatry"] = "Psychiatric follow-up",
        ["other"] = "Other",
    };

    public static readonly string[] Outcomes = ["in-recovery", "using", "readmitted", "lost-to-contact", "died", "not-reached"];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private bool MayDischarge => user.Role is Roles.Prescriber or Roles.Counselor or Roles.Nurse;

    /// <summary>The summary as it would be drafted now, for the discharge form.</summary>
    public async Task<Outcome<DischargeSummary>> DraftAsync(Guid episodeId, CancellationToken ct)
    {
        var episode = await VisibleEpisodeAsync(episodeId, ct);
        if (episode is null)
        {
            return NoEpisode(episodeId);
        }

        var summary = await SummarizeAsync(episode, ct);
        await audit.RecordNowAsync(AuditActions.Read, "DischargeSummary", episodeId.ToString(), episode.PatientId, episode.SiteId, "draft", ct);
        return summary;
    }

    public async Task<Outcome<DischargeView>> DischargeAsync(Guid episodeId, DischargeRequest request, CancellationToken ct)
    {
        var outcome = await DischargeCoreAsync(episodeId, request, ct);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private async Task<Outcome<DischargeView>> DischargeCoreAsync(Guid episodeId, DischargeRequest request, CancellationToken ct)
    {
        if (!MayDischarge)
        {
            return Refusal.Forbidden("A prescriber, counselor or nurse discharges.");
        }

        var errors = new FieldErrors();
        var reason = errors.Choice<DischargeReason>("reason", request.Reason, required: true);
        var continuity = errors.Choice<MedicationContinuity>("continuity", request.Continuity);
        var detail = errors.Text("continuityDetail", request.ContinuityDetail, 500);
        var note = errors.Text("note", request.Note, 2000);
        var referrals = new List<AftercareItem>();
        foreach (var (r, i) in (request.Aftercare ?? []).Select((r, i) => (r, i)))
        {
            if (r is null)
            {
                errors.Add($"aftercare[{i}]", "An aftercare referral is an object with kind, provider, contact and firstAppointment.");
                continue;
            }

            var kind = errors.Text($"aftercare[{i}].kind", r.Kind, 30, required: true)?.ToLowerInvariant();
            if (kind is not null && !AftercareKinds.ContainsKey(kind))
            {
                errors.Add($"aftercare[{i}].kind", $"kind must be one of {string.Join(", ", AftercareKinds.Keys)}.");
            }

            referrals.Add(new AftercareItem
            {
                Kind = kind ?? "",
                Provider = errors.Text($"aftercare[{i}].provider", r.Provider, 200),
                Contact = errors.Text($"aftercare[{i}].contact", r.Contact, 200),
                FirstAppointment = errors.Day($"aftercare[{i}].firstAppointment", r.FirstAppointment),
                Note = errors.Text($"aftercare[{i}].note", r.Note, 500),
            });
        }

        if (referrals.Count > 20)
        {
            errors.Add("aftercare", "At most 20 aftercare referrals.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var episode = await db.TreatmentEpisodes.SingleOrDefaultAsync(e => e.Id == episodeId, ct);
        if (episode is null || !await user.MayUseSiteAsync(episode.SiteId, ct))
        {
            return NoEpisode(episodeId);
        }

        if (!episode.IsOpen)
        {
            return Refusal.Conflict($"The episode was already closed on {episode.DischargedAt:yyyy-MM-dd} ({episode.DischargeReason}).");
        }

        // Another open episode at this site (an OTP patient finishing a residential stay) keeps the medication going.
        var otherEpisodeHere = await db.TreatmentEpisodes.AnyAsync(
            e => e.PatientId == episode.PatientId && e.SiteId == episode.SiteId && e.Id != episode.Id && e.DischargedAt == null, ct);
        var activeOrders = otherEpisodeHere
            ? []
            : await db.MedicationOrders
                .Where(o => o.PatientId == episode.PatientId && o.SiteId == episode.SiteId
                            && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held || o.Status == OrderStatus.Scheduled))
                .ToListAsync(ct);
        if (continuity is null && activeOrders.Count > 0 && reason != DischargeReason.Died)
        {
            return Refusal.Invalid("continuity", "The patient has active medication orders: say how the medication goes on (transfer, bridge-prescription, not-needed, declined, not-arranged).");
        }

        var goesOn = continuity ?? (activeOrders.Count > 0 ? MedicationContinuity.NotArranged : MedicationContinuity.NotNeeded);
        if (goesOn is MedicationContinuity.Transfer or MedicationContinuity.BridgePrescription && detail is null)
        {
            return Refusal.Invalid("continuityDetail", "Name the receiving program or prescriber, the last dose given and the days supplied (continuityDetail).");
        }

        var warn = DischargeRules.ToleranceWarning(reason!.Value, goesOn);
        if (warn && request.NaloxoneOffered is null)
        {
            return Refusal.Invalid("naloxoneOffered",
                "The patient leaves without opioid medication going on: tolerance falls within days. Say whether naloxone (kit and teaching) was offered (naloxoneOffered).");
        }

        var now = clock.GetUtcNow();
        var reasonName = IntakeForm.Kebab(reason.Value);
        await CloseAsync(episode, reason.Value, goesOn, note, now, ct);
        episode.ContinuityDetail = detail;
        episode.ToleranceWarning = warn;
        episode.NaloxoneOffered = request.NaloxoneOffered;

        // The dosing window must not offer a dose to someone discharged: their orders end here.
        foreach (var order in activeOrders)
        {
            order.Status = OrderStatus.Discontinued;
            order.StatusReason = $"discharged: {reasonName}" + (goesOn is MedicationContinuity.Transfer or MedicationContinuity.BridgePrescription ? $"; {IntakeForm.Kebab(goesOn)}: {detail}" : "");
            order.StatusChangedAt = now;
            order.StatusChangedBy = user.Username;
        }

        await beds.FreeForDischargeAsync(episode.PatientId, episode.LevelOfCare, ct);
        var died = reason == DischargeReason.Died;
        var closedWith = died
            ? await EndCareOfTheDeadAsync(episode.PatientId, episode.Id, episode.SiteId, $"episode:{episode.Id}",
                $"Closed with the {IntakeForm.Kebab(episode.LevelOfCare)} episode of {await SiteNameAsync(episode.SiteId, ct)}, whose discharge recorded the patient's death.", now, ct)
            : 0;
        var patient = await db.Patients.SingleAsync(p => p.Id == episode.PatientId, ct);
        if (reason == DischargeReason.Died || !await db.TreatmentEpisodes.AnyAsync(e => e.PatientId == episode.PatientId && e.DischargedAt == null && e.Id != episode.Id, ct))
        {
            PatientRegistry.RecordStatus(db, patient, PatientStatus.Discharged, $"discharged: {reasonName}", user, now);
        }

        foreach (var item in referrals)
        {
            item.Id = Guid.CreateVersion7(now);
            item.EpisodeId = episode.Id;
            item.PatientId = episode.PatientId;
            item.SiteId = episode.SiteId;
            db.AftercareItems.Add(item);
        }

        var discharged = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone).DateTime);
        foreach (var (day, due) in DischargeRules.FollowUps(discharged, reason.Value))
        {
            db.AftercareContacts.Add(new AftercareContact
            {
                Id = Guid.CreateVersion7(now),
                EpisodeId = episode.Id,
                PatientId = episode.PatientId,
                SiteId = episode.SiteId,
                Day = day,
                DueOn = due,
            });
        }

        if (warn)
        {
            await alerts.RaiseAsync(new AlertDraft(episode.PatientId, episode.SiteId, "tolerance-loss", "danger",
                $"Discharged ({reasonName}) without opioid medication going on: tolerance falls within days and the first use is when overdoses happen."
                + (request.NaloxoneOffered == true ? " Naloxone was offered." : " Naloxone was NOT offered: reach the patient with a kit."),
                Roles.Prescriber, $"discharge:{episode.Id}"), ct);
        }

        if (reason == DischargeReason.LeftAgainstAdvice)
        {
            await alerts.RaiseAsync(new AlertDraft(episode.PatientId, episode.SiteId, "discharge-against-advice", "danger",
                "Left treatment against advice: reach out within a day, offer re-admission and medication, naloxone.",
                Roles.Counselor, $"discharge:{episode.Id}"), ct);
        }

        audit.Record("discharge", "EpisodeOfCare", episode.Id.ToString(), episode.PatientId, episode.SiteId,
            $"{IntakeForm.Kebab(episode.LevelOfCare)}: {reasonName} (TEDS {episode.TedsReason}); medication {episode.Continuity}; {activeOrders.Count} order(s) ended; {referrals.Count} aftercare referral(s)"
            + (died ? $"; {closedWith} other episode(s), scheduled sessions and group places ended with it" : ""));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(episode, ct);
    }

    /// <summary>Closes an episode: the reason and its TEDS code, who and when, how the medication goes on, the summary drafted now.</summary>
    private async Task CloseAsync(TreatmentEpisode episode, DischargeReason reason, MedicationContinuity continuity, string? note, DateTimeOffset now, CancellationToken ct)
    {
        var summary = await SummarizeAsync(episode, ct);
        episode.DischargedAt = now;
        episode.DischargeReason = IntakeForm.Kebab(reason);
        episode.TedsReason = DischargeRules.TedsReason(reason);
        episode.DischargedBy = user.Username;
        episode.Continuity = IntakeForm.Kebab(continuity);
        episode.DischargeNote = note;
        episode.DischargeSummary = JsonSerializer.Serialize(summary, JsonBody.Options);
    }

    /// <summary>
    /// The patient died: their other open episodes (at any site: the death is a fact about the person, not the site
    /// recording it) close with the same reason and day, each with its summary and audited; the individual sessions still
    /// scheduled are cancelled, their group places end and their portal account is disabled, so no one is booked, called,
    /// reminded or signed in in their name. Returns
    /// how many other episodes were closed. Also ended: any order still in force, open withdrawal episodes, follow-up
    /// contacts not yet made and open alerts (nobody is to reach out, dose or assess). Every other site whose episode, orders
    /// or sessions this ended gets an alert of its own for its prescriber (<paramref name="recordedAt"/> is the site that
    /// recorded the death, <paramref name="source"/> the record that did): they learn it from their work list, not from a
    /// patient gone missing from their dosing queue, and a death recorded on the wrong patient is caught where it shows.
    /// </summary>
    private async Task<int> EndCareOfTheDeadAsync(Guid patientId, Guid? recordedEpisode, int recordedAt, string source, string why, DateTimeOffset now, CancellationToken ct)
    {
        var others = await db.TreatmentEpisodes.Where(e => e.PatientId == patientId && e.Id != recordedEpisode && e.DischargedAt == null).ToListAsync(ct);
        foreach (var other in others)
        {
            await CloseAsync(other, DischargeReason.Died, MedicationContinuity.NotNeeded, why, now, ct);
            await beds.FreeForDischargeAsync(other.PatientId, other.LevelOfCare, ct);
            audit.Record("discharge", "EpisodeOfCare", other.Id.ToString(), other.PatientId, other.SiteId,
                $"{IntakeForm.Kebab(other.LevelOfCare)}: {other.DischargeReason} (TEDS {other.TedsReason}); {why}");
        }

        // Orders the discharge of the episode has not already ended (other sites', or this site's when another episode
        // here kept them going). Tracked rows keep what was set on them.
        var orders = (await db.MedicationOrders.Where(o => o.PatientId == patientId
                         && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held || o.Status == OrderStatus.Scheduled)).ToListAsync(ct))
            .Where(o => o.Status is OrderStatus.Active or OrderStatus.Held or OrderStatus.Scheduled).ToList();
        foreach (var order in orders)
        {
            order.Status = OrderStatus.Discontinued;
            order.StatusReason = Deaths.Because;
            order.StatusChangedAt = now;
            order.StatusChangedBy = user.Username;
            audit.Record(AuditActions.Update, "MedicationRequest", order.Id.ToString(), patientId, order.SiteId, $"discontinued: {Deaths.Because}");
        }

        foreach (var withdrawal in await db.WithdrawalEpisodes.Where(w => w.PatientId == patientId && w.EndedAt == null).ToListAsync(ct))
        {
            withdrawal.EndedAt = now;
            withdrawal.EndedBy = user.Username;
            withdrawal.EndReason = Deaths.Because;
        }

        foreach (var contact in (await db.AftercareContacts.Where(c => c.PatientId == patientId && c.Outcome == null).ToListAsync(ct)).Where(c => c.Outcome is null))
        {
            contact.Outcome = "died";
            contact.ContactedAt = now;
            contact.ContactedBy = user.Username;
            contact.Note = (contact.Note is null ? "" : contact.Note + " · ") + "not made: " + Deaths.Because;
        }

        foreach (var alert in await db.PatientAlerts.Where(a => a.PatientId == patientId && a.Status != "resolved").ToListAsync(ct))
        {
            alert.Status = "resolved";
            alert.ResolvedAt = now;
            alert.ResolvedBy = user.Username;
            alert.Action = "other";
            alert.ActionNote = Deaths.Because;
        }

        var sessions = await db.CounselingSessions
            .Where(c => c.PatientId == patientId && c.Status == "scheduled" && c.StartsAt > now).ToListAsync(ct);
        foreach (var session in sessions)
        {
            session.Status = "cancelled";
            session.CancelReason = Deaths.Because;
        }

        var today = Deaths.Day(now, clock.LocalTimeZone);
        foreach (var place in await db.GroupMembers.Where(m => m.PatientId == patientId && m.LeftOn == null).ToListAsync(ct))
        {
            place.LeftOn = place.JoinedOn > today ? place.JoinedOn : today;
        }

        // The portal closes: its account is disabled (a new stamp ends its sessions) and open invitations are revoked.
        foreach (var account in await db.Users.Where(u => u.PatientId == patientId && u.DisabledAt == null).ToListAsync(ct))
        {
            account.DisabledAt = now;
            account.DisabledReason = Deaths.PortalClosedReason;
            account.LockoutEnabled = true;
            account.LockoutEnd = DateTimeOffset.MaxValue; // as UserAccounts.DisableAsync: Identity refuses every sign-in while locked out
            account.SecurityStamp = Guid.NewGuid().ToString("N");
            account.ConcurrencyStamp = Guid.NewGuid().ToString();
        }

        foreach (var invitation in await db.PortalInvitations.Where(i => i.PatientId == patientId && i.UsedAt == null && i.RevokedAt == null).ToListAsync(ct))
        {
            invitation.RevokedAt = now;
            invitation.RevokedBy = user.Username;
        }

        var ended = others.Select(e => (e.SiteId, What: "episode"))
            .Concat(orders.Select(o => (o.SiteId, What: "order")))
            .Concat(sessions.Select(c => (c.SiteId, What: "session")))
            .Where(x => x.SiteId != recordedAt)
            .GroupBy(x => x.SiteId);
        var mrn = (await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patientId, ct)).Mrn;
        var recordedBy = await SiteNameAsync(recordedAt, ct);
        foreach (var site in ended)
        {
            var counts = string.Join(", ", site.GroupBy(x => x.What).Select(w => $"{w.Count()} {w.Key}{(w.Count() == 1 ? "" : "s")}"));
            await alerts.RaiseAsync(new AlertDraft(patientId, site.Key, "died", "warning",
                $"{mrn}'s death was recorded by {recordedBy} on {Deaths.Day(now, clock.LocalTimeZone):yyyy-MM-dd} ({user.Username}). Ended with it here: {counts}. "
                + $"If this is not your patient's death, call {recordedBy} at once.",
                Roles.Prescriber, $"{source}:{now.ToUnixTimeMilliseconds()}:site-{site.Key}"), ct); // a death recorded again after a correction tells them again
        }

        return others.Count;
    }

    private async Task<string> SiteNameAsync(int siteId, CancellationToken ct) =>
        await db.Sites.AsNoTracking().Where(s => s.Id == siteId).Select(s => s.Name).SingleOrDefaultAsync(ct) ?? $"site {siteId}";

    public async Task<Outcome<DischargeView>> ReadAsync(Guid episodeId, CancellationToken ct)
    {
        var episode = await VisibleEpisodeAsync(episodeId, ct);
        if (episode is null)
        {
            return NoEpisode(episodeId);
        }

        await audit.RecordNowAsync(AuditActions.Read, "DischargeSummary", episodeId.ToString(), episode.PatientId, episode.SiteId, ct: ct);
        return await ViewAsync(episode, ct);
    }

    public async Task<Outcome<AftercareContactView>> RecordContactAsync(Guid contactId, ContactOutcome request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Prescriber or Roles.Counselor or Roles.Nurse or Roles.Intake))
        {
            return Refusal.Forbidden("Clinical staff and intake coordinators record follow-up contacts.");
        }

        var errors = new FieldErrors();
        var outcome = errors.Text("outcome", request.Outcome, 20, required: true)?.ToLowerInvariant();
        if (outcome is not null && !Outcomes.Contains(outcome))
        {
            errors.Add("outcome", $"outcome must be one of {string.Join(", ", Outcomes)}.");
        }

        var method = errors.Text("method", request.Method, 20)?.ToLowerInvariant();
        var note = errors.Text("note", request.Note, 1000);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var contact = await db.AftercareContacts.SingleOrDefaultAsync(c => c.Id == contactId, ct);
        if (contact is null || !await user.MayUseSiteAsync(contact.SiteId, ct))
        {
            return Refusal.NotFound($"There is no follow-up contact {contactId} at your sites.");
        }

        if (contact.Outcome is not null)
        {
            return Refusal.Conflict($"The day-{contact.Day} contact was already recorded ({contact.Outcome}) by {contact.ContactedBy}.");
        }

        var now = clock.GetUtcNow();
        if (outcome == "not-reached")
        {
            contact.Attempts++;
            contact.Note = note ?? contact.Note;
        }
        else
        {
            contact.Outcome = outcome;
            contact.ContactedAt = now;
            contact.ContactedBy = user.Username;
            contact.Method = method;
            contact.Note = note;
        }

        if (outcome == "using")
        {
            await alerts.RaiseAsync(new AlertDraft(contact.PatientId, contact.SiteId, "return-to-use", "danger",
                $"Day-{contact.Day} follow-up after discharge: using again. Offer re-admission and medication; naloxone.", Roles.Counselor, $"aftercare:{contact.Id}"), ct);
        }

        if (outcome == Deaths.Reason)
        {
            // Learned after discharge (an overdose after leaving is the common case): the patient is recorded as dead and
            // whatever care is still open ends, as when a discharge records the death.
            var patient = await db.Patients.SingleAsync(p => p.Id == contact.PatientId, ct);
            PatientRegistry.RecordStatus(db, patient, PatientStatus.Discharged, Deaths.FollowUpReason, user, now);
            await EndCareOfTheDeadAsync(contact.PatientId, null, contact.SiteId, $"contact:{contact.Id}",
                $"Closed when the day-{contact.Day} follow-up contact of {await SiteNameAsync(contact.SiteId, ct)} learned that the patient died.", now, ct);
        }

        audit.Record(AuditActions.Update, "AftercareContact", contact.Id.ToString(), contact.PatientId, contact.SiteId, $"day {contact.Day}: {outcome}");
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // what failed is not saved again by a later save of this request (the audit of a read)
            return Refusal.Conflict("Someone recorded this contact, or changed the patient's chart, at the same moment; reload.");
        }

        return ContactView(contact);
    }

    /// <summary>Follow-up contacts due by today and not yet made, at the user's sites, oldest first.</summary>
    public async Task<Outcome<IReadOnlyList<DueContact>>> DueAsync(int? siteId, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s && !scope.Includes(s))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var sites = siteId is { } only ? [only] : scope.SiteIds.ToList();
        var today = Today;
        var rows = await db.AftercareContacts.AsNoTracking()
            .Where(c => sites.Contains(c.SiteId) && c.Outcome == null && c.DueOn <= today.AddDays(3))
            .Join(db.Patients, c => c.PatientId, p => p.Id, (c, p) => new { c, p.FamilyName, p.GivenName, p.Mrn })
            .Join(db.TreatmentEpisodes, x => x.c.EpisodeId, e => e.Id, (x, e) => new { x.c, x.FamilyName, x.GivenName, x.Mrn, e.DischargeReason })
            .OrderBy(x => x.c.DueOn)
            .Take(500)
            .ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Search, "AftercareContact", null, null, siteId, $"{rows.Count} due", ct);
        return rows.Select(x => new DueContact(x.c.Id, x.c.PatientId, $"{x.FamilyName}, {x.GivenName}", x.Mrn, x.c.Day, x.c.DueOn, x.c.DueOn < today,
            x.DischargeReason ?? "", x.c.Attempts)).ToList();
    }

    private async Task<DischargeSummary> SummarizeAsync(TreatmentEpisode e, CancellationToken ct)
    {
        var p = await db.Patients.AsNoTracking().SingleAsync(x => x.Id == e.PatientId, ct);
        var now = clock.GetUtcNow();
        var assessment = await db.Assessments.AsNoTracking()
            .Where(a => a.PatientId == e.PatientId && a.Status != AssessmentStatus.Draft)
            .OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        string? diagnosis = null, level = null;
        if (assessment?.Results is { } results)
        {
            using var doc = JsonDocument.Parse(results);
            diagnosis = Find(doc.RootElement, "diagnosis");
            level = Find(doc.RootElement, "levelOfCare");
        }

        var orders = await db.MedicationOrders.AsNoTracking()
            .Where(o => o.PatientId == e.PatientId && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held))
            .ToListAsync(ct);
        var lineages = orders.Select(o => o.LineageId).ToList();
        var lastDoses = (await db.Dispenses.AsNoTracking().Where(d => lineages.Contains(d.LineageId))
                .Select(d => new { d.LineageId, d.DoseDate, d.AmountMg }).ToListAsync(ct))
            .GroupBy(d => d.LineageId).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.DoseDate).First());
        var medications = orders.Select(o => new SummaryMedication(MedicationOrders.Name(o.Medication), o.DoseMg, o.Schedule, o.StartDate,
            lastDoses.GetValueOrDefault(o.LineageId)?.DoseDate, lastDoses.GetValueOrDefault(o.LineageId)?.AmountMg)).ToList();
        var plan = await db.TreatmentPlans.AsNoTracking().Where(x => x.PatientId == e.PatientId)
            .Select(x => new { x.Status, x.NextReviewOn, x.SignedAt, x.Content }).FirstOrDefaultAsync(ct);
        string? planText = null;
        if (plan is not null)
        {
            using var doc = JsonDocument.Parse(plan.Content);
            var problems = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("problems", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.GetArrayLength() : 0;
            planText = $"{plan.Status.ToString().ToLowerInvariant()}, {problems} problem(s)"
                       + (plan.SignedAt is { } s ? $", signed {s:yyyy-MM-dd}" : "") + (plan.NextReviewOn is { } r ? $", review due {r:yyyy-MM-dd}" : "");
        }

        var screens = await db.DrugScreens.AsNoTracking()
            .Where(s => s.PatientId == e.PatientId && s.ResultedAt != null)
            .OrderByDescending(s => s.ResultedAt).Take(5)
            .Select(s => new SummaryScreen(s.CollectedAt ?? s.ResultedAt!.Value, s.OpioidNegative, s.FentanylUse, s.IllicitOpioidUse, s.PossibleDiversion))
            .ToListAsync(ct);
        var overdoses = await db.OverdoseEvents.AsNoTracking().Where(o => o.PatientId == e.PatientId).Select(o => o.OccurredOn).ToListAsync(ct);
        var today = Today;
        var kit = await db.NaloxoneKits.AsNoTracking().AnyAsync(k => k.PatientId == e.PatientId && k.ExpiresOn >= today, ct);
        var openAlerts = await db.PatientAlerts.AsNoTracking().Where(a => a.PatientId == e.PatientId && a.Status != "resolved")
            .Select(a => a.Kind).Distinct().ToListAsync(ct);
        return new DischargeSummary(
            $"{p.FamilyName}, {p.GivenName}", p.Mrn, p.BirthDate, e.LevelOfCare, e.AdmittedAt, (int)Math.Max(0, (now - e.AdmittedAt).TotalDays),
            diagnosis, level, medications, planText, screens, overdoses.Count, overdoses.Count == 0 ? null : overdoses.Max(), kit, openAlerts);
    }

    /// <summary>The first string property of that name anywhere in the document (results are nested by section).</summary>
    private static string? Find(JsonElement e, string name)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.NameEquals(name) && p.Value.ValueKind == JsonValueKind.String)
                    {
                        return p.Value.GetString();
                    }

                    if (p.NameEquals(name) && p.Value.ValueKind == JsonValueKind.Object)
                    {
                        return Find(p.Value, "display") ?? Find(p.Value, "name") ?? Find(p.Value, "code") ?? Find(p.Value, "level");
                    }

                    if (Find(p.Value, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    if (Find(item, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private async Task<DischargeView> ViewAsync(TreatmentEpisode e, CancellationToken ct)
    {
        var items = await db.AftercareItems.AsNoTracking().Where(a => a.EpisodeId == e.Id).ToListAsync(ct);
        var contacts = await db.AftercareContacts.AsNoTracking().Where(c => c.EpisodeId == e.Id).OrderBy(c => c.Day).ToListAsync(ct);
        var summary = e.DischargeSummary is { } json ? JsonSerializer.Deserialize<DischargeSummary>(json, JsonBody.Options) : null;
        return new DischargeView(EpisodeRegister.View(e), e.Continuity, e.ContinuityDetail, e.ToleranceWarning, e.NaloxoneOffered, e.DischargeNote, e.TedsReason,
            summary, items, contacts.Select(ContactView).ToList());
    }

    private AftercareContactView ContactView(AftercareContact c) =>
        new(c.Id, c.Day, c.DueOn, c.Outcome is null && c.DueOn < Today, c.ContactedAt, c.ContactedBy, c.Method, c.Outcome, c.Note, c.Attempts);

    private async Task<TreatmentEpisode?> VisibleEpisodeAsync(Guid id, CancellationToken ct)
    {
        var episode = await db.TreatmentEpisodes.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        return episode is not null && await user.MayUseSiteAsync(episode.SiteId, ct) ? episode : null;
    }

    private static Refusal NoEpisode(Guid id) => Refusal.NotFound($"There is no treatment episode {id} at your sites.");

}
