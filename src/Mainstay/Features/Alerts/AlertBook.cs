using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Alerts;

public sealed record AlertView(
    Guid Id, Guid PatientId, string Patient, string Mrn, int SiteId, string Kind, string Severity, string Reason, string OwnerRole, string? Owner,
    string Status, DateTimeOffset RaisedAt, string RaisedBy, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt, string? ResolvedBy, string? Action, string? ActionNote);

/// <summary>A follow-up on the work list, with its patient.</summary>
public sealed record WorkListFollowUp(Guid Id, Guid PatientId, string Patient, string Mrn, int SiteId, string Code, string Text, DateOnly DueOn, string Priority, bool Overdue);

/// <summary>GET /api/v1/worklist: open alerts (danger first, oldest first) and open follow-ups (overdue first).</summary>
public sealed record WorkList(IReadOnlyList<AlertView> Alerts, IReadOnlyList<WorkListFollowUp> FollowUps);

/// <summary>POST /api/v1/alerts/{id}/resolve.</summary>
public sealed record ResolveAlert
{
    /// <summary>One of <see cref="AlertBook.Actions"/>.</summary>
    public string? Action { get; init; }

    public string? Note { get; init; }
}

/// <summary>POST /api/v1/patients/{id}/alerts: a staff member's concern.</summary>
public sealed record RaiseConcern
{
    public string? Reason { get; init; }

    /// <summary>prescriber, nurse or counselor; default prescriber.</summary>
    public string? OwnerRole { get; init; }

    /// <summary>warning or danger; default warning.</summary>
    public string? Severity { get; init; }
}

/// <summary>What raises an alert: the event's kind, reason and owner, and its key (one alert per event and kind).</summary>
public sealed record AlertDraft(Guid PatientId, int SiteId, string Kind, string Severity, string Reason, string OwnerRole, string SourceKey);

/// <summary>
/// The alerts of a program: raised by the events that signal relapse or overdose risk (in the same transaction as the
/// event), listed on the work list with the chart's open follow-ups, acknowledged by the person who takes them on, and
/// resolved only with the action taken.
/// </summary>
public sealed class AlertBook(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The kinds of action that resolve an alert.</summary>
    public static readonly string[] Actions =
    [
        "contacted-patient", "naloxone-given", "dose-reviewed", "take-homes-recalled", "take-homes-kept", "plan-reviewed",
        "safety-plan", "referred", "no-action-needed", "other",
    ];

    /// <summary>
    /// The action the work list offers first for an alert of <paramref name="kind"/>: a notice of a death recorded elsewhere
    /// is resolved by confirming it (other, with whom), its correction by reviewing the held orders; null: the list's first.
    /// </summary>
    public static string? SuggestedAction(string kind) => kind switch
    {
        "died" => "other",
        "death-corrected" => "dose-reviewed",
        _ => null,
    };

    public static readonly string[] OwnerRoles = [Roles.Prescriber, Roles.Nurse, Roles.Counselor];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>
    /// Adds the alert to the current unit of work (the caller saves it with the event that raised it), unless the same
    /// event already raised one of this kind. Returns whether it was added.
    /// </summary>
    public async Task<bool> RaiseAsync(AlertDraft draft, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<PatientAlert>().Any(e =>
            e.Entity.PatientId == draft.PatientId && e.Entity.Kind == draft.Kind && e.Entity.SourceKey == draft.SourceKey);
        if (pending || await db.PatientAlerts.AnyAsync(a => a.PatientId == draft.PatientId && a.Kind == draft.Kind && a.SourceKey == draft.SourceKey, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var alert = new PatientAlert
        {
            Id = Guid.CreateVersion7(now),
            PatientId = draft.PatientId,
            SiteId = draft.SiteId,
            Kind = draft.Kind,
            Severity = draft.Severity,
            Reason = draft.Reason.Length <= 1000 ? draft.Reason : draft.Reason[..1000],
            OwnerRole = draft.OwnerRole,
            SourceKey = draft.SourceKey,
            Status = "open",
            RaisedAt = now,
            RaisedBy = user.Username ?? "system",
        };
        db.PatientAlerts.Add(alert);
        audit.Record(AuditActions.Create, "PatientAlert", alert.Id.ToString(), draft.PatientId, draft.SiteId, $"{draft.Kind} ({draft.Severity}) for {draft.OwnerRole}");
        return true;
    }

    /// <summary>A concern raised by hand (e.g. a nurse smells alcohol, a counselor hears of a relapse).</summary>
    public async Task<Outcome<AlertView>> RaiseConcernAsync(Guid patientId, RaiseConcern request, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var errors = new FieldErrors();
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000)
        {
            errors.Add("reason", "Say what the concern is (up to 1000 characters).");
        }

        var owner = request.OwnerRole?.Trim().ToLowerInvariant() ?? Roles.Prescriber;
        if (!OwnerRoles.Contains(owner))
        {
            errors.Add("ownerRole", $"ownerRole must be one of: {string.Join(", ", OwnerRoles)}.");
        }

        var severity = request.Severity?.Trim().ToLowerInvariant() ?? "warning";
        if (severity is not ("warning" or "danger"))
        {
            errors.Add("severity", "severity must be warning or danger.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var key = $"concern:{Guid.CreateVersion7(clock.GetUtcNow())}";
        await RaiseAsync(new AlertDraft(patientId, patient.SiteId, "concern", severity, reason!, owner, key), ct);
        await db.SaveChangesAsync(ct);
        var alert = await db.PatientAlerts.AsNoTracking().SingleAsync(a => a.PatientId == patientId && a.SourceKey == key, ct);
        return View(alert, patient);
    }

    /// <summary>The work list for the caller's sites (or one site): alerts not yet resolved and open follow-ups.</summary>
    public async Task<Outcome<WorkList>> WorkListAsync(int? siteId, bool mine, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s && !scope.Includes(s))
        {
            return Refusal.Forbidden($"You are not granted site {s}.");
        }

        var alertQuery = db.PatientAlerts.AsNoTracking().Where(a => a.Status != "resolved");
        var followUpQuery = db.FollowUps.AsNoTracking().Where(f => f.Status == FollowUpStatus.Open);
        if (siteId is { } only)
        {
            alertQuery = alertQuery.Where(a => a.SiteId == only);
            followUpQuery = followUpQuery.Where(f => f.SiteId == only);
        }
        else
        {
            var ids = scope.SiteIds.ToList();
            alertQuery = alertQuery.Where(a => ids.Contains(a.SiteId));
            followUpQuery = followUpQuery.Where(f => ids.Contains(f.SiteId));
        }

        if (mine)
        {
            var me = user.Username;
            var role = user.Role;
            alertQuery = alertQuery.Where(a => a.Owner == me || (a.Owner == null && a.OwnerRole == role));
        }

        var alerts = await alertQuery.ToListAsync(ct);
        var followUps = mine ? [] : await followUpQuery.ToListAsync(ct);
        var patientIds = alerts.Select(a => a.PatientId).Concat(followUps.Select(f => f.PatientId)).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id) && p.Status != PatientStatus.EnteredInError)
            .ToDictionaryAsync(p => p.Id, ct);
        var today = Today;
        var list = new WorkList(
            [.. alerts.Where(a => patients.ContainsKey(a.PatientId))
                .OrderByDescending(a => a.Severity == "danger").ThenBy(a => a.RaisedAt).Select(a => View(a, patients[a.PatientId]))],
            [.. followUps.Where(f => patients.ContainsKey(f.PatientId))
                .OrderByDescending(f => f.DueOn < today).ThenByDescending(f => f.Priority == "danger").ThenBy(f => f.DueOn)
                .Select(f => new WorkListFollowUp(f.Id, f.PatientId, Name(patients[f.PatientId]), patients[f.PatientId].Mrn, f.SiteId, f.Code, f.Text, f.DueOn, f.Priority, f.DueOn < today))]);
        await audit.RecordNowAsync(AuditActions.Read, "WorkList", siteId?.ToString(System.Globalization.CultureInfo.InvariantCulture), siteId: siteId,
            detail: $"{list.Alerts.Count} alerts, {list.FollowUps.Count} follow-ups", ct: ct);
        return list;
    }

    /// <summary>Every alert of a patient, unresolved first.</summary>
    public async Task<Outcome<IReadOnlyList<AlertView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var alerts = await db.PatientAlerts.AsNoTracking().Where(a => a.PatientId == patientId).ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Read, "PatientAlert", patientId: patientId, siteId: patient.SiteId, detail: $"{alerts.Count} alerts", ct: ct);
        return alerts.OrderBy(a => a.Status == "resolved").ThenByDescending(a => a.RaisedAt).Select(a => View(a, patient)).ToList();
    }

    /// <summary>Takes the alert on: the caller becomes its owner.</summary>
    public Task<Outcome<AlertView>> AcknowledgeAsync(Guid alertId, CancellationToken ct) =>
        ChangeAsync(alertId, (alert, now) =>
        {
            if (alert.Status != "open")
            {
                return Refusal.Conflict($"This alert is already {alert.Status} (by {alert.AcknowledgedBy ?? alert.ResolvedBy}).");
            }

            alert.Status = "acknowledged";
            alert.AcknowledgedAt = now;
            alert.AcknowledgedBy = user.Username;
            alert.Owner = user.Username;
            return null;
        }, "acknowledged", ct);

    /// <summary>Closes the alert with the action taken. An open alert resolved at once counts as acknowledged by the resolver.</summary>
    public Task<Outcome<AlertView>> ResolveAsync(Guid alertId, ResolveAlert request, CancellationToken ct) =>
        ChangeAsync(alertId, (alert, now) =>
        {
            if (alert.Status == "resolved")
            {
                return Refusal.Conflict($"This alert was already resolved by {alert.ResolvedBy}: {alert.Action}.");
            }

            var errors = new FieldErrors();
            var action = request.Action?.Trim().ToLowerInvariant();
            if (action is null || !Actions.Contains(action))
            {
                errors.Add("action", $"action must be one of: {string.Join(", ", Actions)}.");
            }

            var note = request.Note?.Trim();
            if (string.IsNullOrEmpty(note) || note.Length > 1000)
            {
                errors.Add("note", "Say what was done (up to 1000 characters); an alert is never closed without the action taken.");
            }

            if (errors.Any)
            {
                return Refusal.Invalid(errors);
            }

            if (alert.Status == "open")
            {
                alert.AcknowledgedAt = now;
                alert.AcknowledgedBy = user.Username;
                alert.Owner = user.Username;
            }

            alert.Status = "resolved";
            alert.ResolvedAt = now;
            alert.ResolvedBy = user.Username;
            alert.Action = action;
            alert.ActionNote = note;
            return null;
        }, "resolved", ct);

    private async Task<Outcome<AlertView>> ChangeAsync(Guid alertId, Func<PatientAlert, DateTimeOffset, Refusal?> change, string what, CancellationToken ct)
    {
        if (user.Role is not (Roles.Prescriber or Roles.Nurse or Roles.Counselor or Roles.Intake))
        {
            return Refusal.Forbidden("Only clinical staff (prescriber, nurse, counselor, intake) act on alerts.");
        }

        var alert = await db.PatientAlerts.SingleOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null || !await user.MayUseSiteAsync(alert.SiteId, ct))
        {
            return Refusal.NotFound($"There is no alert {alertId} at your sites.");
        }

        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == alert.PatientId, ct);
        var refusal = change(alert, clock.GetUtcNow());
        if (refusal is not null)
        {
            return refusal;
        }

        audit.Record(AuditActions.StatusChange, "PatientAlert", alert.Id.ToString(), alert.PatientId, alert.SiteId,
            $"{alert.Kind} {what}{(alert.Action is null ? "" : $": {alert.Action}")}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict("Someone else changed this alert at the same moment; reload it.");
        }

        return View(alert, patient);
    }

    internal static AlertView View(PatientAlert a, Patient p) => new(
        a.Id, a.PatientId, Name(p), p.Mrn, a.SiteId, a.Kind, a.Severity, a.Reason, a.OwnerRole, a.Owner, a.Status, a.RaisedAt, a.RaisedBy,
        a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt, a.ResolvedBy, a.Action, a.ActionNote);

    private static string Name(Patient p) => $"{p.FamilyName}, {p.GivenName}";
}
