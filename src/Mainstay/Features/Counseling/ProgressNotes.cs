using System.Text.Json;
using Mainstay.Clinical.Planning;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Counseling;

/// <summary>The sections of a note: data, assessment, plan (DAP) or subjective, objective, assessment, plan (SOAP).</summary>
public record NoteSections
{
    public string? Data { get; init; }
    public string? Subjective { get; init; }
    public string? Objective { get; init; }
    public string? Assessment { get; init; }
    public string? Plan { get; init; }
}

/// <summary>POST /api/v1/patients/{id}/notes and PUT /api/v1/notes/{id}.</summary>
public sealed record WriteNote : NoteSections
{
    /// <summary>dap or soap.</summary>
    public string? Format { get; init; }

    /// <summary>The session the note is about (its date is the service date).</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The service date when the note is not about a session.</summary>
    public string? ServiceDate { get; init; }

    /// <summary>Codes of the plan problems the session addressed (from the patient's plan).</summary>
    public IReadOnlyList<string>? Goals { get; init; }

    /// <summary>Sign at once (the author's signature).</summary>
    public bool Sign { get; init; }

    /// <summary>Why the note is written late; required when signed more than Counseling:LateEntryHours after the service.</summary>
    public string? LateReason { get; init; }
}

public sealed record GroupNoteEntry : NoteSections
{
    public Guid? PatientId { get; init; }
    public IReadOnlyList<string>? Goals { get; init; }
}

/// <summary>POST /api/v1/sessions/{id}/group-notes: the shared topic and one entry per member who came.</summary>
public sealed record WriteGroupNote
{
    public string? Format { get; init; }
    public string? Topic { get; init; }
    public IReadOnlyList<GroupNoteEntry>? Entries { get; init; }
    public bool Sign { get; init; }
    public string? LateReason { get; init; }
}

public sealed record SignNote
{
    public string? LateReason { get; init; }
}

/// <summary>POST /api/v1/notes/{id}/amend: the sections as they should read, and why.</summary>
public sealed record AmendNote : NoteSections
{
    public string? Reason { get; init; }
}

public sealed record NoteAmendmentView(DateTimeOffset At, string By, string Reason, IReadOnlyDictionary<string, string> Sections);

public sealed record NoteView(
    Guid Id, Guid PatientId, int SiteId, Guid? SessionId, string? SessionTitle, string Format, IReadOnlyDictionary<string, string> Sections,
    string? GroupTopic, IReadOnlyList<NoteGoal> Goals, DateOnly ServiceDate, string Status, DateTimeOffset CreatedAt, string Author,
    DateTimeOffset? SignedAt, string? SignedBy, bool LateEntry, string? LateReason, IReadOnlyList<NoteAmendmentView> Amendments);

public sealed record NoteGoal(string Code, string? Goal);

/// <summary>
/// Progress notes: written in DAP or SOAP form about a session or on their own, naming the plan problems worked on,
/// signed by their author, amended (never edited) once signed, and marked as late entries with a reason when signed
/// after the program's window. A group's notes are written in one go, one per member who came.
/// </summary>
public sealed class ProgressNotes(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, IConfiguration configuration)
{
    public static readonly string[] DapSections = ["data", "assessment", "plan"];
    public static readonly string[] SoapSections = ["subjective", "objective", "assessment", "plan"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private bool MayWrite => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Nurse;

    private int LateEntryHours => configuration.GetValue("Counseling:LateEntryHours", 72);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public static string[] SectionsOf(string format) => format == "soap" ? SoapSections : DapSections;

    public async Task<Outcome<NoteView>> WriteAsync(Guid patientId, WriteNote request, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Refusal.Forbidden("Counselors, prescribers and nurses write progress notes.");
        }

        var errors = new FieldErrors();
        var format = Format(errors, request.Format);
        var sections = format is null ? null : Sections(errors, "", format, request);
        var lateReason = errors.Text("lateReason", request.LateReason, 500);
        var serviceDate = request.SessionId is null ? errors.Day("serviceDate", request.ServiceDate, required: true, latest: Today) : null;
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        CounselingSession? session = null;
        if (request.SessionId is { } sessionId)
        {
            session = await db.CounselingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
            if (session is null || !await user.MayUseSiteAsync(session.SiteId, ct))
            {
                return Refusal.Invalid("sessionId", $"There is no session {sessionId} at your sites.");
            }

            if (session.GroupId is not null)
            {
                return Refusal.Invalid("sessionId", "A group session's notes are written together: POST /api/v1/sessions/{id}/group-notes.");
            }

            if (session.PatientId != patientId)
            {
                return Refusal.Invalid("sessionId", "The session is another patient's.");
            }

            var mark = await db.SessionAttendance.AsNoTracking().Where(a => a.SessionId == sessionId && a.PatientId == patientId).Select(a => a.Mark).SingleOrDefaultAsync(ct);
            if (mark is not ("attended" or "late"))
            {
                return Refusal.Conflict($"The patient is {(mark is null ? "not marked" : $"marked {mark}")} for this session: a session note is written when they came (record the attendance first); a contact about a missed session is a note with a service date.");
            }

            if (await db.ProgressNotes.AnyAsync(n => n.SessionId == sessionId && n.PatientId == patientId, ct))
            {
                return Refusal.Conflict("The session already has its note: amend it instead.");
            }
        }

        var goals = await GoalsAsync(errors, "goals", patientId, request.Goals, ct);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var note = new ProgressNote
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = patient.SiteId,
            SessionId = session?.Id,
            Format = format!,
            Content = JsonSerializer.Serialize(sections, Json),
            Goals = goals,
            ServiceDate = session is null ? serviceDate!.Value : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(session.StartsAt, clock.LocalTimeZone).DateTime),
            Status = "draft",
            CreatedAt = now,
            Author = user.Username ?? "system",
        };
        if (request.Sign && SignNow(note, session, lateReason) is { } refusal)
        {
            return refusal;
        }

        db.ProgressNotes.Add(note);
        audit.Record(AuditActions.Create, "ProgressNote", note.Id.ToString(), patientId, patient.SiteId, $"{note.Format} {note.Status}{(note.LateEntry ? ", late entry" : "")}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await NoteViewAsync(note, ct);
    }

    /// <summary>Notes for every member who came to a group session, in one transaction: all are written or none.</summary>
    public async Task<Outcome<IReadOnlyList<NoteView>>> WriteGroupAsync(Guid sessionId, WriteGroupNote request, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Refusal.Forbidden("Counselors, prescribers and nurses write progress notes.");
        }

        var errors = new FieldErrors();
        var format = Format(errors, request.Format);
        var topic = errors.Text("topic", request.Topic, 2000, required: true);
        var lateReason = errors.Text("lateReason", request.LateReason, 500);
        var entries = request.Entries ?? [];
        if (entries.Count is 0 or > 40)
        {
            errors.Add("entries", "entries is required: one per member who came (at most 40).");
        }

        var parsed = new List<(Guid PatientId, Dictionary<string, string>? Sections, IReadOnlyList<string>? Goals, int Index)>();
        foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
        {
            if (entry?.PatientId is not { } pid)
            {
                errors.Add($"entries[{i}].patientId", $"entries[{i}].patientId is required.");
                continue;
            }

            if (parsed.Any(p => p.PatientId == pid))
            {
                errors.Add($"entries[{i}].patientId", "The same member has two entries.");
            }

            parsed.Add((pid, format is null ? null : Sections(errors, $"entries[{i}].", format, entry), entry.Goals, i));
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var session = await db.CounselingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !await user.MayUseSiteAsync(session.SiteId, ct))
        {
            return Refusal.NotFound($"There is no session {sessionId} at your sites.");
        }

        if (session.GroupId is null)
        {
            return Refusal.Invalid("sessionId", "This is an individual session: POST /api/v1/patients/{id}/notes with its sessionId.");
        }

        if (request.Sign && lateReason is null && IsLate(session.EndsAt))
        {
            errors.Add("lateReason", $"The notes are signed more than {LateEntryHours} hours after the session: say why they are late (lateReason). They will be marked late entries.");
        }

        var came = await db.SessionAttendance.AsNoTracking()
            .Where(a => a.SessionId == sessionId && (a.Mark == "attended" || a.Mark == "late")).Select(a => a.PatientId).ToListAsync(ct);
        var written = await db.ProgressNotes.AsNoTracking().Where(n => n.SessionId == sessionId).Select(n => n.PatientId).ToListAsync(ct);
        var patients = await db.Patients.AsNoTracking().Where(p => came.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var now = clock.GetUtcNow();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(session.StartsAt, clock.LocalTimeZone).DateTime);
        var notes = new List<ProgressNote>();
        foreach (var (pid, sections, goals, i) in parsed)
        {
            if (!came.Contains(pid))
            {
                errors.Add($"entries[{i}].patientId", $"entries[{i}]: the patient is not marked as attending this session.");
                continue;
            }

            if (written.Contains(pid))
            {
                errors.Add($"entries[{i}].patientId", $"entries[{i}]: {patients[pid].DisplayName} already has a note for this session; amend it instead.");
                continue;
            }

            var goalCodes = await GoalsAsync(errors, $"entries[{i}].goals", pid, goals, ct);
            var note = new ProgressNote
            {
                Id = Guid.CreateVersion7(now),
                PatientId = pid,
                SiteId = session.SiteId,
                SessionId = sessionId,
                Format = format!,
                Content = JsonSerializer.Serialize(sections, Json),
                GroupTopic = topic,
                Goals = goalCodes,
                ServiceDate = day,
                Status = "draft",
                CreatedAt = now,
                Author = user.Username ?? "system",
            };
            if (request.Sign && !errors.Any)
            {
                _ = SignNow(note, session, lateReason);
            }

            notes.Add(note);
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        db.ProgressNotes.AddRange(notes);
        foreach (var note in notes)
        {
            audit.Record(AuditActions.Create, "ProgressNote", note.Id.ToString(), note.PatientId, note.SiteId, $"group {note.Format} {note.Status}");
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await NoteViewsAsync(notes, ct)).ToList();
    }

    /// <summary>Changes a draft (its author only).</summary>
    public async Task<Outcome<NoteView>> EditAsync(Guid noteId, WriteNote request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var note = await db.ProgressNotes.SingleOrDefaultAsync(n => n.Id == noteId, ct);
        if (note is null || !await user.MayUseSiteAsync(note.SiteId, ct))
        {
            return NoNote(noteId);
        }

        if (note.Author != user.Username)
        {
            return Refusal.Forbidden($"Only the author ({note.Author}) changes a draft note.");
        }

        if (note.Status != "draft")
        {
            return Refusal.Conflict("The note is signed: amend it (POST /api/v1/notes/{id}/amend) with the reason.");
        }

        var sections = Sections(errors, "", note.Format, request);
        var goals = await GoalsAsync(errors, "goals", note.PatientId, request.Goals, ct);
        var lateReason = errors.Text("lateReason", request.LateReason, 500);
        if (errors.Any)
        {
            db.ChangeTracker.Clear();
            return Refusal.Invalid(errors);
        }

        note.Content = JsonSerializer.Serialize(sections, Json);
        note.Goals = goals;
        if (request.Sign && await SignAsync(note, lateReason, ct) is { } refusal)
        {
            db.ChangeTracker.Clear();
            return refusal;
        }

        audit.Record(AuditActions.Update, "ProgressNote", note.Id.ToString(), note.PatientId, note.SiteId, $"draft edited{(note.Status == "signed" ? " and signed" : "")}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await NoteViewAsync(note, ct);
    }

    public async Task<Outcome<NoteView>> SignAsync(Guid noteId, SignNote request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var lateReason = errors.Text("lateReason", request.LateReason, 500);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var note = await db.ProgressNotes.SingleOrDefaultAsync(n => n.Id == noteId, ct);
        if (note is null || !await user.MayUseSiteAsync(note.SiteId, ct))
        {
            return NoNote(noteId);
        }

        if (note.Author != user.Username)
        {
            return Refusal.Forbidden($"The author ({note.Author}) signs the note.");
        }

        if (note.Status != "draft")
        {
            return Refusal.Conflict($"The note was signed on {note.SignedAt:yyyy-MM-dd HH:mm} by {note.SignedBy}.");
        }

        if (await SignAsync(note, lateReason, ct) is { } refusal)
        {
            db.ChangeTracker.Clear();
            return refusal;
        }

        audit.Record(AuditActions.Update, "ProgressNote", note.Id.ToString(), note.PatientId, note.SiteId, $"signed{(note.LateEntry ? ", late entry" : "")}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await NoteViewAsync(note, ct);
    }

    public async Task<Outcome<NoteView>> AmendAsync(Guid noteId, AmendNote request, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Refusal.Forbidden("Counselors, prescribers and nurses amend progress notes.");
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 500, required: true);
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var note = await db.ProgressNotes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noteId, ct);
        if (note is null || !await user.MayUseSiteAsync(note.SiteId, ct))
        {
            return NoNote(noteId);
        }

        if (note.Status != "signed")
        {
            return Refusal.Conflict("The note is a draft: its author changes it directly.");
        }

        var sections = Sections(errors, "", note.Format, request);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        db.ProgressNoteAmendments.Add(new ProgressNoteAmendment
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            NoteId = note.Id,
            PatientId = note.PatientId,
            SiteId = note.SiteId,
            Content = JsonSerializer.Serialize(sections, Json),
            Reason = reason!,
            At = clock.GetUtcNow(),
            By = user.Username ?? "system",
        });
        audit.Record(AuditActions.Update, "ProgressNote", note.Id.ToString(), note.PatientId, note.SiteId, $"amended: {reason}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await NoteViewAsync(note, ct);
    }

    public async Task<Outcome<NoteView>> ReadAsync(Guid noteId, CancellationToken ct)
    {
        var note = await db.ProgressNotes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noteId, ct);
        if (note is null || await db.VisiblePatientAsync(user, note.PatientId, ct) is null)
        {
            return NoNote(noteId);
        }

        await audit.RecordNowAsync(AuditActions.Read, "ProgressNote", noteId.ToString(), note.PatientId, note.SiteId, ct: ct);
        return await NoteViewAsync(note, ct);
    }

    public async Task<Outcome<IReadOnlyList<NoteView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var notes = await db.ProgressNotes.AsNoTracking().Where(n => n.PatientId == patientId).ToListAsync(ct);
        var views = await NoteViewsAsync([.. notes.OrderByDescending(n => n.ServiceDate).ThenByDescending(n => n.CreatedAt)], ct);

        await audit.RecordNowAsync(AuditActions.Read, "ProgressNote", patientId: patientId, siteId: patient.SiteId, detail: $"{views.Count} notes", ct: ct);
        return views.ToList();
    }

    /// <summary>The problems of the patient's current plan (code and goal), for choosing what a note addresses.</summary>
    public async Task<IReadOnlyList<NoteGoal>> PlanGoalsAsync(Guid patientId, CancellationToken ct)
    {
        var content = await db.TreatmentPlans.AsNoTracking().Where(p => p.PatientId == patientId).Select(p => p.Content).FirstOrDefaultAsync(ct);
        if (content is null)
        {
            return [];
        }

        var problems = JsonSerializer.Deserialize<List<PlanProblem>>(content, Assessments.AssessmentRegistry.Json) ?? [];
        return problems.OrderBy(p => p.Priority).Select(p => new NoteGoal(p.Code, p.Goal)).ToList();
    }

    private async Task<string?> GoalsAsync(FieldErrors errors, string field, Guid patientId, IReadOnlyList<string>? codes, CancellationToken ct)
    {
        if (codes is null || codes.Count == 0)
        {
            return null;
        }

        var known = (await PlanGoalsAsync(patientId, ct)).Select(g => g.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = codes.Where(c => c is null || !known.Contains(c)).Select(c => c ?? "null").Distinct().ToList();
        if (unknown.Count > 0)
        {
            errors.Add(field, known.Count == 0
                ? $"{field}: the patient has no treatment plan, so there are no goals to name."
                : $"{field}: {string.Join(", ", unknown.Take(5))} is not a problem of the patient's plan ({string.Join(", ", known)}).");
            return null;
        }

        return string.Join(",", codes.Distinct());
    }

    private async Task<Refusal?> SignAsync(ProgressNote note, string? lateReason, CancellationToken ct)
    {
        var session = note.SessionId is { } id ? await db.CounselingSessions.AsNoTracking().SingleAsync(s => s.Id == id, ct) : null;
        return SignNow(note, session, lateReason);
    }

    /// <summary>Signs now; a note signed more than the window after the service is a late entry and needs its reason.</summary>
    private Refusal? SignNow(ProgressNote note, CounselingSession? session, string? lateReason)
    {
        var now = clock.GetUtcNow();
        var late = IsLate(session?.EndsAt ?? EndOfDay(note.ServiceDate));
        if (late && lateReason is null)
        {
            return Refusal.Invalid("lateReason", $"The note is signed more than {LateEntryHours} hours after the service ({note.ServiceDate:yyyy-MM-dd}): say why it is late (lateReason). It will be marked a late entry.");
        }

        note.Status = "signed";
        note.SignedAt = now;
        note.SignedBy = user.Username;
        note.LateEntry = late;
        note.LateReason = late ? lateReason : null;
        return null;
    }

    private bool IsLate(DateTimeOffset endOfService) => clock.GetUtcNow() - endOfService > TimeSpan.FromHours(LateEntryHours);

    private DateTimeOffset EndOfDay(DateOnly day) => Dates.LocalMidnightUtc(day.AddDays(1), clock.LocalTimeZone);

    private static string? Format(FieldErrors errors, string? value)
    {
        var format = value?.Trim().ToLowerInvariant();
        if (format is "dap" or "soap")
        {
            return format;
        }

        errors.Add("format", "format is required: dap or soap.");
        return null;
    }

    private static Dictionary<string, string>? Sections(FieldErrors errors, string prefix, string format, NoteSections given)
    {
        var values = new Dictionary<string, string?>
        {
            ["data"] = given.Data,
            ["subjective"] = given.Subjective,
            ["objective"] = given.Objective,
            ["assessment"] = given.Assessment,
            ["plan"] = given.Plan,
        };
        var wanted = SectionsOf(format);
        var result = new Dictionary<string, string>();
        foreach (var name in wanted)
        {
            if (errors.Text(prefix + name, values[name], 4000, required: true) is { } text)
            {
                result[name] = text;
            }
        }

        foreach (var stray in values.Keys.Except(wanted).Where(k => !string.IsNullOrWhiteSpace(values[k])))
        {
            errors.Add(prefix + stray, $"A {format.ToUpperInvariant()} note has no {stray} section ({string.Join(", ", wanted)}).");
        }

        return result.Count == wanted.Length ? result : null;
    }

    private async Task<NoteView> NoteViewAsync(ProgressNote n, CancellationToken ct) => (await NoteViewsAsync([n], ct))[0];

    /// <summary>The notes as read, with their sessions, plan goals and amendments loaded in one query each.</summary>
    private async Task<IReadOnlyList<NoteView>> NoteViewsAsync(IReadOnlyList<ProgressNote> notes, CancellationToken ct)
    {
        var noteIds = notes.Select(n => n.Id).ToList();
        var amendments = (await db.ProgressNoteAmendments.AsNoTracking().Where(a => noteIds.Contains(a.NoteId)).ToListAsync(ct))
            .OrderBy(a => a.At).ToLookup(a => a.NoteId);
        var sessionIds = notes.Where(n => n.SessionId != null).Select(n => n.SessionId!.Value).Distinct().ToList();
        var sessions = await db.CounselingSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var groupIds = sessions.Values.Where(s => s.GroupId != null).Select(s => s.GroupId!.Value).Distinct().ToList();
        var groups = await db.CounselingGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var plans = new Dictionary<Guid, IReadOnlyList<NoteGoal>>();
        foreach (var patientId in notes.Where(n => n.Goals != null).Select(n => n.PatientId).Distinct())
        {
            plans[patientId] = await PlanGoalsAsync(patientId, ct);
        }

        return [.. notes.Select(n =>
        {
            string? sessionTitle = null;
            if (n.SessionId is { } sid && sessions.TryGetValue(sid, out var session))
            {
                sessionTitle = session.GroupId is { } g ? groups.GetValueOrDefault(g) : CounselingCalendar.Title(Mainstay.Features.Assessments.IntakeForm.FromKebab<SessionKind>(session.Kind));
            }

            var plan = plans.GetValueOrDefault(n.PatientId) ?? [];
            return new NoteView(n.Id, n.PatientId, n.SiteId, n.SessionId, sessionTitle, n.Format,
                JsonSerializer.Deserialize<Dictionary<string, string>>(n.Content, Json)!, n.GroupTopic,
                [.. (n.Goals?.Split(',') ?? []).Select(c => new NoteGoal(c, plan.FirstOrDefault(g => g.Code == c)?.Goal))],
                n.ServiceDate, n.Status, n.CreatedAt, n.Author, n.SignedAt, n.SignedBy, n.LateEntry, n.LateReason,
                [.. amendments[n.Id].Select(a => new NoteAmendmentView(a.At, a.By, a.Reason, JsonSerializer.Deserialize<Dictionary<string, string>>(a.Content, Json)!))]);
        })];
    }

    private static Refusal NoNote(Guid id) => Refusal.NotFound($"There is no progress note {id} at your sites.");
}
