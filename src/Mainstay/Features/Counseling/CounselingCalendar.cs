using System.Globalization;
using Mainstay.Clinical.Recovery;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Alerts;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Features.Recovery;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Counseling;

/// <summary>POST /api/v1/patients/{id}/sessions: an individual session, or a weekly series of them.</summary>
public sealed record ScheduleSession
{
    /// <summary>cbt, motivational-interviewing, trauma-focused, family or case-management.</summary>
    public string? Kind { get; init; }

    /// <summary>The first session's start: 2026-11-23T10:00 (clinic time) or ISO 8601 with an offset.</summary>
    public string? StartsAt { get; init; }

    public int? Minutes { get; init; }
    public string? Room { get; init; }

    /// <summary>The counselor's user name; the caller when empty.</summary>
    public string? Facilitator { get; init; }

    /// <summary>How many weekly sessions to book (1–26); 1 when empty.</summary>
    public int? Weeks { get; init; }
}

/// <summary>POST /api/v1/groups: a weekly group and its sessions.</summary>
public sealed record CreateGroup
{
    public int? SiteId { get; init; }
    public string? Name { get; init; }

    /// <summary>process, psychoeducation, relapse-prevention, cbt, family, narcotics-anonymous or smart-recovery.</summary>
    public string? Kind { get; init; }

    public string? Room { get; init; }
    public string? Facilitator { get; init; }
    public string? Description { get; init; }
    public string? Linkage { get; init; }

    /// <summary>The first meeting's date (its weekday is the group's).</summary>
    public string? FirstOn { get; init; }

    /// <summary>Clinic time of day, 18:00.</summary>
    public string? StartsAt { get; init; }

    public int? Minutes { get; init; }

    /// <summary>How many weekly meetings (1–52).</summary>
    public int? Weeks { get; init; }

    public int? Capacity { get; init; }
}

public sealed record AddGroupMember
{
    public Guid? PatientId { get; init; }
    public string? JoinedOn { get; init; }
}

public sealed record LeaveGroup
{
    public string? LeftOn { get; init; }
}

public sealed record AttendanceEntry
{
    public Guid? PatientId { get; init; }

    /// <summary>attended, late, no-show, cancelled or excused.</summary>
    public string? Mark { get; init; }

    public int? MinutesLate { get; init; }
    public string? Note { get; init; }
}

/// <summary>POST /api/v1/sessions/{id}/attendance.</summary>
public sealed record RecordAttendance
{
    public IReadOnlyList<AttendanceEntry>? Marks { get; init; }
}

public sealed record CancelSession
{
    public string? Reason { get; init; }
}

public sealed record AttendanceView(Guid PatientId, string Patient, string Mrn, string Mark, int? MinutesLate, string? Note, string? CorrectedFrom, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record RosterMember(Guid PatientId, string Patient, string Mrn, DateOnly JoinedOn, DateOnly? LeftOn);

public sealed record SessionView(
    Guid Id, int SiteId, string Kind, Guid? GroupId, string? Group, Guid? PatientId, string? Patient, string? Mrn, Guid? SeriesId,
    string? Room, string Facilitator, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string? CancelReason,
    IReadOnlyList<RosterMember> Roster, IReadOnlyList<AttendanceView> Attendance, IReadOnlyList<Guid> NotesWritten);

public sealed record GroupView(
    Guid Id, int SiteId, string Name, string Kind, string? Room, string Facilitator, string? Description, string? Linkage, string Weekday,
    TimeOnly StartsAt, int Minutes, DateOnly FirstOn, DateOnly LastOn, int Capacity, IReadOnlyList<RosterMember> Roster, IReadOnlyList<SessionSummary> Sessions);

public sealed record GroupListing(
    Guid Id, int SiteId, string Name, string Kind, string? Room, string Facilitator, string Weekday, TimeOnly StartsAt, int Minutes,
    DateOnly FirstOn, DateOnly LastOn, int Capacity, int Members);

public sealed record SessionSummary(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Kind, string Title, string? Room, string Facilitator, string Status, int Marked, int Expected);

/// <summary>
/// The counseling calendar of a program: individual sessions and weekly series, groups with their rosters and
/// meetings, clash checks (room, facilitator, patient), attendance with corrections, no-show runs raising an alert for
/// the counselor, and attendance feeding contingency management. Every action is one transaction.
/// </summary>
public sealed class CounselingCalendar(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, AlertBook alerts, ContingencyBook contingency)
{
    public const int MaxWeeks = 52;

    private bool MaySchedule => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Intake or Roles.Nurse;

    private bool MayRunGroups => user.Role is Roles.Counselor or Roles.Prescriber;

    private TimeZoneInfo Zone => clock.LocalTimeZone;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public static string Title(SessionKind kind) => kind switch
    {
        SessionKind.Cbt => "CBT",
        SessionKind.MotivationalInterviewing => "Motivational interviewing",
        SessionKind.TraumaFocused => "Trauma-focused therapy",
        SessionKind.Family => "Family session",
        SessionKind.CaseManagement => "Case management",
        SessionKind.StudyVisit => "Research study visit",
        SessionKind.Group => "Group",
    };

    public static string Title(GroupKind kind) => kind switch
    {
        GroupKind.Process => "Process group",
        GroupKind.Psychoeducation => "Psychoeducation",
        GroupKind.RelapsePrevention => "Relapse prevention",
        GroupKind.Cbt => "CBT group",
        GroupKind.Family => "Family group",
        GroupKind.NarcoticsAnonymous => "Narcotics Anonymous",
        GroupKind.SmartRecovery => "SMART Recovery",
    };

    public async Task<Outcome<IReadOnlyList<SessionView>>> ScheduleAsync(Guid patientId, ScheduleSession request, CancellationToken ct)
    {
        if (!MaySchedule)
        {
            return Refusal.Forbidden("Counselors, prescribers, nurses and intake staff schedule sessions.");
        }

        var errors = new FieldErrors();
        var kind = errors.Choice<SessionKind>("kind", request.Kind, required: true);
        if (kind == SessionKind.Group)
        {
            errors.Add("kind", "A group's sessions come from the group (POST /api/v1/groups); choose an individual kind.");
        }

        var start = errors.Instant("startsAt", request.StartsAt, Zone, required: true);
        var minutes = errors.Whole("minutes", request.Minutes ?? 50, 10, 240);
        var weeks = errors.Whole("weeks", request.Weeks ?? 1, 1, 26);
        var room = errors.Text("room", request.Room, 60);
        var facilitator = errors.Text("facilitator", request.Facilitator, 100) ?? user.Username ?? "";
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

        if (patient.Status is PatientStatus.Discharged or PatientStatus.EnteredInError)
        {
            return Refusal.Conflict($"The patient's chart is {PatientWire.Name(patient.Status).ToLowerInvariant()}: sessions are booked for patients in the program (readmit first).");
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "a session", Zone, ct) is { } died)
        {
            return died;
        }

        // Each week at the same clock time, whatever the daylight-saving offset that day.
        var wall = TimeZoneInfo.ConvertTime(start!.Value, Zone).DateTime;
        var slots = Enumerable.Range(0, weeks!.Value).Select(w =>
        {
            var local = wall.AddDays(7 * w);
            var utc = new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
            return (Start: utc, End: utc.AddMinutes(minutes!.Value));
        }).ToList();
        var clash = await ClashesAsync(patient.SiteId, slots, room, facilitator, patientId, ct);
        if (clash is not null)
        {
            return clash;
        }

        var now = clock.GetUtcNow();
        var series = weeks > 1 ? Guid.CreateVersion7(now) : (Guid?)null;
        var sessions = slots.Select(s => new CounselingSession
        {
            Id = Guid.CreateVersion7(now),
            SiteId = patient.SiteId,
            Kind = IntakeKebab(kind!.Value),
            PatientId = patientId,
            SeriesId = series,
            Room = room,
            Facilitator = facilitator,
            StartsAt = s.Start,
            EndsAt = s.End,
            Status = "scheduled",
            CreatedAt = now,
            CreatedBy = user.Username ?? "system",
        }).ToList();
        db.CounselingSessions.AddRange(sessions);
        audit.Record(AuditActions.Create, "CounselingSession", sessions[0].Id.ToString(), patientId, patient.SiteId,
            $"{sessions[0].Kind} with {facilitator}, {sessions.Count} weekly from {ClinicTime(sessions[0].StartsAt):yyyy-MM-dd HH:mm}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return sessions.Select(s => View(s, null, patient, [], [], [])).ToList();
    }

    public async Task<Outcome<GroupView>> CreateGroupAsync(CreateGroup request, CancellationToken ct)
    {
        if (!MayRunGroups)
        {
            return Refusal.Forbidden("Counselors and prescribers run groups.");
        }

        var errors = new FieldErrors();
        var name = errors.Text("name", request.Name, 120, required: true);
        var kind = errors.Choice<GroupKind>("kind", request.Kind, required: true);
        var room = errors.Text("room", request.Room, 60);
        var facilitator = errors.Text("facilitator", request.Facilitator, 100) ?? user.Username ?? "";
        var description = errors.Text("description", request.Description, 1000);
        var linkage = errors.Text("linkage", request.Linkage, 300);
        var firstOn = errors.Day("firstOn", request.FirstOn, required: true);
        var at = TimeOfDay(errors, "startsAt", request.StartsAt);
        var minutes = errors.Whole("minutes", request.Minutes ?? 60, 15, 240);
        var weeks = errors.Whole("weeks", request.Weeks ?? 12, 1, MaxWeeks);
        var capacity = errors.Whole("capacity", request.Capacity ?? 12, 2, 40);
        if (request.SiteId is null)
        {
            errors.Add("siteId", "siteId is required: the site where the group meets.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var siteId = request.SiteId!.Value;
        if (!await user.MayUseSiteAsync(siteId, ct) || !await db.Sites.AnyAsync(s => s.Id == siteId && s.IsActive, ct))
        {
            return Refusal.NotFound($"There is no active site {siteId} among your sites.");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var slots = Enumerable.Range(0, weeks!.Value).Select(w =>
        {
            var day = firstOn!.Value.AddDays(7 * w);
            var local = day.ToDateTime(at!.Value);
            var startUtc = new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
            return (Start: startUtc, End: startUtc.AddMinutes(minutes!.Value));
        }).ToList();
        var clash = await ClashesAsync(siteId, slots, room, facilitator, null, ct);
        if (clash is not null)
        {
            return clash;
        }

        var now = clock.GetUtcNow();
        var group = new CounselingGroup
        {
            Id = Guid.CreateVersion7(now),
            SiteId = siteId,
            Name = name!,
            Kind = IntakeKebab(kind!.Value),
            Room = room,
            Facilitator = facilitator,
            Description = description,
            Linkage = linkage,
            Weekday = firstOn!.Value.DayOfWeek,
            StartsAt = at!.Value,
            Minutes = minutes!.Value,
            FirstOn = firstOn.Value,
            LastOn = firstOn.Value.AddDays(7 * (weeks.Value - 1)),
            Capacity = capacity!.Value,
            CreatedAt = now,
            CreatedBy = user.Username ?? "system",
        };
        db.CounselingGroups.Add(group);
        db.CounselingSessions.AddRange(slots.Select(s => new CounselingSession
        {
            Id = Guid.CreateVersion7(now),
            SiteId = siteId,
            Kind = IntakeKebab(SessionKind.Group),
            GroupId = group.Id,
            Room = room,
            Facilitator = facilitator,
            StartsAt = s.Start,
            EndsAt = s.End,
            Status = "scheduled",
            CreatedAt = now,
            CreatedBy = group.CreatedBy,
        }));
        audit.Record(AuditActions.Create, "CounselingGroup", group.Id.ToString(), siteId: siteId, detail: $"{group.Name} ({group.Kind}), {weeks} weekly meetings");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GroupAsync(group.Id, ct);
    }

    public async Task<Outcome<GroupView>> AddMemberAsync(Guid groupId, AddGroupMember request, CancellationToken ct)
    {
        if (!MaySchedule)
        {
            return Refusal.Forbidden("Counselors, prescribers, nurses and intake staff add group members.");
        }

        var errors = new FieldErrors();
        var joined = errors.Day("joinedOn", request.JoinedOn) ?? Today;
        if (request.PatientId is null)
        {
            errors.Add("patientId", "patientId is required.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var group = await VisibleGroupAsync(groupId, ct);
        if (group is null)
        {
            return NoGroup(groupId);
        }

        var patient = await db.VisiblePatientAsync(user, request.PatientId!.Value, ct);
        if (patient is null || patient.SiteId != group.SiteId)
        {
            return Refusal.Invalid("patientId", "The patient is not a patient of the group's site.");
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "a place in a group", Zone, ct) is { } died)
        {
            return died;
        }

        var earlier = await db.GroupMembers.Where(m => m.GroupId == groupId && m.PatientId == patient.Id && m.LeftOn != null && m.LeftOn > joined)
            .Select(m => m.LeftOn).ToListAsync(ct);
        if (earlier.Count > 0)
        {
            return Refusal.Invalid("joinedOn", $"The patient was on this group until {earlier.Max():yyyy-MM-dd}; a new membership starts on or after that day.");
        }

        var current = await db.GroupMembers.Where(m => m.GroupId == groupId && m.LeftOn == null).Select(m => m.PatientId).ToListAsync(ct);
        if (current.Contains(patient.Id))
        {
            return Refusal.Conflict($"{patient.DisplayName} is already on the roster of {group.Name}.");
        }

        if (current.Count >= group.Capacity)
        {
            return Refusal.Conflict($"{group.Name} is full ({group.Capacity} members). Raise its capacity or choose another group.");
        }

        db.GroupMembers.Add(new GroupMember
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            GroupId = groupId,
            PatientId = patient.Id,
            SiteId = group.SiteId,
            JoinedOn = joined,
            AddedBy = user.Username ?? "system",
        });
        audit.Record(AuditActions.Update, "GroupMember", groupId.ToString(), patient.Id, group.SiteId, $"joined {group.Name} on {joined:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GroupAsync(groupId, ct);
    }

    public async Task<Outcome<GroupView>> LeaveAsync(Guid groupId, Guid patientId, LeaveGroup request, CancellationToken ct)
    {
        if (!MaySchedule)
        {
            return Refusal.Forbidden("Counselors, prescribers, nurses and intake staff change group rosters.");
        }

        var errors = new FieldErrors();
        var left = errors.Day("leftOn", request.LeftOn) ?? Today;
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var group = await VisibleGroupAsync(groupId, ct);
        if (group is null)
        {
            return NoGroup(groupId);
        }

        var member = await db.GroupMembers.SingleOrDefaultAsync(m => m.GroupId == groupId && m.PatientId == patientId && m.LeftOn == null, ct);
        if (member is null)
        {
            return Refusal.NotFound("The patient is not on this group's roster.");
        }

        if (left < member.JoinedOn)
        {
            return Refusal.Invalid("leftOn", $"leftOn is before the day the patient joined ({member.JoinedOn:yyyy-MM-dd}).");
        }

        member.LeftOn = left;
        audit.Record(AuditActions.Update, "GroupMember", groupId.ToString(), patientId, group.SiteId, $"left {group.Name} on {left:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GroupAsync(groupId, ct);
    }

    public async Task<Outcome<SessionView>> CancelAsync(Guid sessionId, CancelSession request, CancellationToken ct)
    {
        if (!MaySchedule)
        {
            return Refusal.Forbidden("Counselors, prescribers, nurses and intake staff cancel sessions.");
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 500, required: true);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var session = await db.CounselingSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !await user.MayUseSiteAsync(session.SiteId, ct))
        {
            return NoSession(sessionId);
        }

        if (session.Status != "scheduled")
        {
            return Refusal.Conflict($"The session is already {session.Status}; only a scheduled session is cancelled.");
        }

        if (await db.SessionAttendance.AnyAsync(a => a.SessionId == sessionId, ct))
        {
            return Refusal.Conflict("Attendance is already recorded for this session: correct the marks (cancelled or excused) instead of cancelling it.");
        }

        session.Status = "cancelled";
        session.CancelReason = reason;
        audit.Record(AuditActions.Update, "CounselingSession", session.Id.ToString(), session.PatientId, session.SiteId, $"cancelled: {reason}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await SessionAsync(sessionId, ct);
    }

    /// <summary>
    /// Records (or corrects) who came. A group's marks are for its roster on that day; an individual session's for its
    /// patient. Marks are taken from the session's start (half an hour early for those who check in). A run of
    /// no-shows raises an alert for the counselor; each mark is an opportunity for an attendance reward.
    /// </summary>
    public async Task<Outcome<SessionView>> RecordAttendanceAsync(Guid sessionId, RecordAttendance request, CancellationToken ct)
    {
        var outcome = await RecordAttendanceCoreAsync(sessionId, request, ct);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private async Task<Outcome<SessionView>> RecordAttendanceCoreAsync(Guid sessionId, RecordAttendance request, CancellationToken ct)
    {
        if (!MaySchedule)
        {
            return Refusal.Forbidden("Counselors, prescribers, nurses and intake staff record attendance.");
        }

        var errors = new FieldErrors();
        var marks = new List<(Guid PatientId, AttendanceMark Mark, int? Late, string? Note)>();
        var entries = request.Marks ?? [];
        if (entries.Count is 0 or > 60)
        {
            errors.Add("marks", "marks is required: one entry (patientId, mark) per patient, at most 60.");
        }

        foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
        {
            if (entry?.PatientId is not { } pid)
            {
                errors.Add($"marks[{i}].patientId", $"marks[{i}].patientId is required.");
                continue;
            }

            var mark = errors.Choice<AttendanceMark>($"marks[{i}].mark", entry.Mark, required: true);
            var late = errors.Whole($"marks[{i}].minutesLate", entry.MinutesLate, 1, 240);
            var note = errors.Text($"marks[{i}].note", entry.Note, 500);
            if (mark is { } m)
            {
                if (marks.Any(x => x.PatientId == pid))
                {
                    errors.Add($"marks[{i}].patientId", "The same patient is marked twice.");
                }

                marks.Add((pid, m, m == AttendanceMark.Late ? late : null, note));
            }
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var session = await db.CounselingSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !await user.MayUseSiteAsync(session.SiteId, ct))
        {
            return NoSession(sessionId);
        }

        if (session.Status == "cancelled")
        {
            return Refusal.Conflict($"The session was cancelled ({session.CancelReason}); there is no attendance to take.");
        }

        var now = clock.GetUtcNow();
        if (session.StartsAt > now.AddMinutes(30))
        {
            return Refusal.Conflict($"The session starts {ClinicTime(session.StartsAt):yyyy-MM-dd HH:mm}; attendance is taken from half an hour before.");
        }

        var day = DateOnly.FromDateTime(ClinicTime(session.StartsAt).DateTime);
        var expected = session.GroupId is { } groupId
            ? await db.GroupMembers.Where(m => m.GroupId == groupId && m.JoinedOn <= day && (m.LeftOn == null || m.LeftOn > day)).Select(m => m.PatientId).ToListAsync(ct)
            : [session.PatientId!.Value];
        var strangers = marks.Where(m => !expected.Contains(m.PatientId)).ToList();
        if (strangers.Count > 0)
        {
            return Refusal.Invalid("marks", session.GroupId is null
                ? "An individual session is marked for its own patient only."
                : $"{strangers.Count} of the patients marked were not on the group's roster on {day:yyyy-MM-dd}; add them to the roster first.");
        }

        var existing = await db.SessionAttendance.Where(a => a.SessionId == sessionId).ToDictionaryAsync(a => a.PatientId, ct);
        var patients = await db.Patients.AsNoTracking().Where(p => expected.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var (patientId, mark, late, note) in marks)
        {
            var text = IntakeKebab(mark);
            if (existing.TryGetValue(patientId, out var row))
            {
                if (row.Mark == text && row.MinutesLate == late && row.Note == note)
                {
                    continue;
                }

                audit.Record(AuditActions.Update, "SessionAttendance", sessionId.ToString(), patientId, session.SiteId, $"{row.Mark} corrected to {text}");
                row.CorrectedFrom = row.Mark;
                row.Mark = text;
                row.MinutesLate = late;
                row.Note = note;
                row.RecordedAt = now;
                row.RecordedBy = user.Username ?? "system";
            }
            else
            {
                db.SessionAttendance.Add(new SessionAttendance
                {
                    Id = Guid.CreateVersion7(now),
                    SessionId = sessionId,
                    PatientId = patientId,
                    SiteId = session.SiteId,
                    SessionStartsAt = session.StartsAt,
                    Mark = text,
                    MinutesLate = late,
                    Note = note,
                    RecordedAt = now,
                    RecordedBy = user.Username ?? "system",
                });
                audit.Record(AuditActions.Create, "SessionAttendance", sessionId.ToString(), patientId, session.SiteId, text);
            }

            await contingency.RecordAttendanceAsync(patientId, session, day, mark, ct);
        }

        if (session.Status == "scheduled" && marks.Any(m => m.Mark is AttendanceMark.Attended or AttendanceMark.Late))
        {
            session.Status = "held";
        }

        await db.SaveChangesAsync(ct);

        foreach (var (patientId, _, _, _) in marks.Where(m => m.Mark == AttendanceMark.NoShow))
        {
            await RaiseNoShowAlertAsync(patientId, patients[patientId].SiteId, ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await SessionAsync(sessionId, ct);
    }

    /// <summary>After a no-show: the patient's latest marks, and an alert once the run reaches the rule's length.</summary>
    private async Task RaiseNoShowAlertAsync(Guid patientId, int siteId, CancellationToken ct)
    {
        var recent = await db.SessionAttendance.AsNoTracking().Where(a => a.PatientId == patientId)
            .OrderByDescending(a => a.SessionStartsAt).Take(20)
            .Select(a => new { a.SessionId, a.SessionStartsAt, a.Mark }).ToListAsync(ct);
        var marks = recent.Select(a => (a.SessionStartsAt, Mainstay.Features.Assessments.IntakeForm.FromKebab<AttendanceMark>(a.Mark))).ToList();
        var run = AttendanceStreak.ConsecutiveNoShows(marks);
        if (run < AttendanceStreak.AlertAfter)
        {
            return;
        }

        // The run's first no-show names the alert: the same run raises it once however long it grows.
        var first = recent.TakeWhile(a => a.Mark is "no-show" or "cancelled" or "excused").Last(a => a.Mark == "no-show");
        await alerts.RaiseAsync(new AlertDraft(patientId, siteId, "no-show-streak", "warning",
            $"Missed {run} sessions in a row (latest {ClinicTime(recent[0].SessionStartsAt):yyyy-MM-dd}). Reach out: missed sessions often come before leaving treatment.",
            Roles.Counselor, $"no-shows:{first.SessionId}"), ct);
    }

    /// <summary>The sessions of one day at a site (or every site of the caller), optionally one facilitator's.</summary>
    public async Task<Outcome<IReadOnlyList<SessionSummary>>> DayAsync(int? siteId, DateOnly day, string? facilitator, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s && !scope.Includes(s))
        {
            return Refusal.Forbidden($"You are not granted site {s}.");
        }

        var from = Dates.LocalMidnightUtc(day, Zone);
        var to = Dates.LocalMidnightUtc(day.AddDays(1), Zone);
        var ids = siteId is { } only ? [only] : scope.SiteIds.ToList();
        var query = db.CounselingSessions.AsNoTracking().Where(x => ids.Contains(x.SiteId) && x.StartsAt >= from && x.StartsAt < to);
        if (!string.IsNullOrWhiteSpace(facilitator))
        {
            query = query.Where(x => x.Facilitator == facilitator);
        }

        var sessions = await query.ToListAsync(ct);
        var list = await SummariesAsync(sessions, ct);
        audit.Record(AuditActions.Read, "CounselingSession", siteId: siteId, detail: $"day {day:yyyy-MM-dd}: {list.Count} sessions");
        foreach (var seen in sessions.Where(x => x.PatientId != null).Select(x => x.PatientId!.Value).Distinct())
        {
            audit.Record(AuditActions.Read, "CounselingSession", patientId: seen, siteId: siteId, detail: $"on the calendar of {day:yyyy-MM-dd}");
        }

        await audit.SaveAsync(ct);
        return list.ToList();
    }

    /// <summary>A patient's sessions (individual and the groups they were on), newest first.</summary>
    public async Task<Outcome<IReadOnlyList<SessionSummary>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var memberships = await db.GroupMembers.AsNoTracking().Where(m => m.PatientId == patientId).ToListAsync(ct);
        var groupIds = memberships.Select(m => m.GroupId).Distinct().ToList();
        var sessions = await db.CounselingSessions.AsNoTracking()
            .Where(s => s.PatientId == patientId || (s.GroupId != null && groupIds.Contains(s.GroupId.Value))).ToListAsync(ct);
        var mine = sessions.Where(s => s.GroupId is not { } g || memberships.Any(m =>
        {
            var day = DateOnly.FromDateTime(ClinicTime(s.StartsAt).DateTime);
            return m.GroupId == g && m.JoinedOn <= day && (m.LeftOn == null || m.LeftOn > day);
        })).ToList();
        var list = await SummariesAsync(mine, ct, patientId);
        await audit.RecordNowAsync(AuditActions.Read, "CounselingSession", patientId: patientId, siteId: patient.SiteId, detail: $"{list.Count} sessions", ct: ct);
        return list.OrderByDescending(s => s.StartsAt).ToList();
    }

    public async Task<Outcome<SessionView>> SessionAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.CounselingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !await user.MayUseSiteAsync(session.SiteId, ct))
        {
            return NoSession(sessionId);
        }

        var group = session.GroupId is { } g ? await db.CounselingGroups.AsNoTracking().SingleAsync(x => x.Id == g, ct) : null;
        var day = DateOnly.FromDateTime(ClinicTime(session.StartsAt).DateTime);
        var members = group is null
            ? []
            : await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == group.Id && m.JoinedOn <= day && (m.LeftOn == null || m.LeftOn > day)).ToListAsync(ct);
        var attendance = await db.SessionAttendance.AsNoTracking().Where(a => a.SessionId == sessionId).ToListAsync(ct);
        var notes = await db.ProgressNotes.AsNoTracking().Where(n => n.SessionId == sessionId).Select(n => n.Id).ToListAsync(ct);
        var ids = members.Select(m => m.PatientId).Concat(attendance.Select(a => a.PatientId)).Append(session.PatientId ?? Guid.Empty).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var patient = session.PatientId is { } pid ? patients[pid] : null;
        var roster = members.Where(m => patients.ContainsKey(m.PatientId)).Select(m => Roster(m, patients[m.PatientId])).OrderBy(r => r.Patient, StringComparer.Ordinal).ToList();
        var marks = attendance.Where(a => patients.ContainsKey(a.PatientId)).Select(a =>
            new AttendanceView(a.PatientId, patients[a.PatientId].DisplayName, patients[a.PatientId].Mrn, a.Mark, a.MinutesLate, a.Note, a.CorrectedFrom, a.RecordedAt, a.RecordedBy)).ToList();
        foreach (var seen in patients.Keys)
        {
            audit.Record(AuditActions.Read, "CounselingSession", sessionId.ToString(), seen, session.SiteId, $"{roster.Count} on roster, {marks.Count} marked");
        }

        await audit.SaveAsync(ct);
        return View(session, group, patient, roster, marks, notes);
    }

    public async Task<Outcome<GroupView>> GroupAsync(Guid groupId, CancellationToken ct)
    {
        var group = await VisibleGroupAsync(groupId, ct);
        if (group is null)
        {
            return NoGroup(groupId);
        }

        var members = await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId).ToListAsync(ct);
        var ids = members.Select(m => m.PatientId).ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var sessions = await db.CounselingSessions.AsNoTracking().Where(s => s.GroupId == groupId).ToListAsync(ct);
        audit.Record(AuditActions.Read, "CounselingGroup", groupId.ToString(), siteId: group.SiteId, detail: $"{members.Count(m => m.LeftOn == null)} members");
        foreach (var seen in patients.Keys)
        {
            audit.Record(AuditActions.Read, "CounselingGroup", groupId.ToString(), seen, group.SiteId, "on the roster");
        }

        await audit.SaveAsync(ct);
        return new GroupView(group.Id, group.SiteId, group.Name, group.Kind, group.Room, group.Facilitator, group.Description, group.Linkage,
            group.Weekday.ToString(), group.StartsAt, group.Minutes, group.FirstOn, group.LastOn, group.Capacity,
            [.. members.Where(m => patients.ContainsKey(m.PatientId)).OrderBy(m => m.LeftOn != null).ThenBy(m => patients[m.PatientId].DisplayName, StringComparer.Ordinal)
                .Select(m => Roster(m, patients[m.PatientId]))],
            await SummariesAsync(sessions, ct));
    }

    /// <summary>The groups at the caller's sites (or one site), with their current roster size.</summary>
    public async Task<Outcome<IReadOnlyList<GroupListing>>> GroupsAsync(int? siteId, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s && !scope.Includes(s))
        {
            return Refusal.Forbidden($"You are not granted site {s}.");
        }

        var ids = siteId is { } only ? [only] : scope.SiteIds.ToList();
        var groups = await db.CounselingGroups.AsNoTracking().Where(g => ids.Contains(g.SiteId)).OrderBy(g => g.Name).ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        var counts = await db.GroupMembers.AsNoTracking().Where(m => groupIds.Contains(m.GroupId) && m.LeftOn == null)
            .GroupBy(m => m.GroupId).Select(x => new { x.Key, Count = x.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return groups.Select(g => new GroupListing(g.Id, g.SiteId, g.Name, g.Kind, g.Room, g.Facilitator, g.Weekday.ToString(),
            g.StartsAt, g.Minutes, g.FirstOn, g.LastOn, g.Capacity, counts.GetValueOrDefault(g.Id))).ToList();
    }

    private async Task<Refusal?> ClashesAsync(int siteId, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> slots, string? room, string facilitator, Guid? patientId, CancellationToken ct)
    {
        var from = slots.Min(s => s.Start);
        var to = slots.Max(s => s.End);
        var memberships = patientId is { } pid
            ? await db.GroupMembers.AsNoTracking().Where(m => m.PatientId == pid).ToListAsync(ct)
            : [];
        var groupIds = memberships.Select(m => m.GroupId).Distinct().ToList();
        var candidates = await db.CounselingSessions.AsNoTracking()
            .Where(s => s.Status != "cancelled" && s.StartsAt < to && s.EndsAt > from
                        && ((room != null && s.SiteId == siteId && s.Room == room) || s.Facilitator == facilitator || (patientId != null && s.PatientId == patientId)
                            || (s.GroupId != null && groupIds.Contains(s.GroupId.Value))))
            .ToListAsync(ct);
        // A group meeting stands in the patient's way only on the days they are on its roster.
        candidates = [.. candidates.Where(s => s.GroupId is not { } g || s.Facilitator == facilitator || (room != null && s.Room == room) || memberships.Any(m =>
        {
            var day = DateOnly.FromDateTime(ClinicTime(s.StartsAt).DateTime);
            return m.GroupId == g && m.JoinedOn <= day && (m.LeftOn == null || m.LeftOn > day);
        }))];
        var clashes = new List<string>();
        foreach (var (start, end) in slots)
        {
            foreach (var other in candidates.Where(o => o.StartsAt < end && o.EndsAt > start))
            {
                var what = other.Facilitator == facilitator ? $"{facilitator} is facilitating another session"
                    : patientId is not null && (other.PatientId == patientId || other.GroupId is not null && other.Room != room) ? "the patient has another session"
                    : $"room {room} is taken";
                clashes.Add($"{ClinicTime(start):yyyy-MM-dd HH:mm}: {what} ({ClinicTime(other.StartsAt):HH:mm}–{ClinicTime(other.EndsAt):HH:mm})");
            }
        }

        return clashes.Count == 0
            ? null
            : Refusal.Conflict($"The time clashes with the calendar: {string.Join("; ", clashes.Distinct().Take(10))}{(clashes.Count > 10 ? $" and {clashes.Count - 10} more" : "")}. Nothing was booked.");
    }

    private async Task<IReadOnlyList<SessionSummary>> SummariesAsync(IReadOnlyList<CounselingSession> sessions, CancellationToken ct, Guid? forPatient = null)
    {
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var groupIds = sessions.Where(s => s.GroupId != null).Select(s => s.GroupId!.Value).Distinct().ToList();
        var groups = await db.CounselingGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var marked = await db.SessionAttendance.AsNoTracking().Where(a => sessionIds.Contains(a.SessionId))
            .Select(a => new { a.SessionId, a.PatientId, a.Mark }).ToListAsync(ct);
        var patientIds = sessions.Where(s => s.PatientId != null).Select(s => s.PatientId!.Value).Distinct().ToList();
        var names = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        var rosterSizes = await db.GroupMembers.AsNoTracking().Where(m => groupIds.Contains(m.GroupId)).ToListAsync(ct);
        return [.. sessions.OrderBy(s => s.StartsAt).Select(s =>
        {
            var day = DateOnly.FromDateTime(ClinicTime(s.StartsAt).DateTime);
            var expected = s.GroupId is { } g ? rosterSizes.Count(m => m.GroupId == g && m.JoinedOn <= day && (m.LeftOn == null || m.LeftOn > day)) : 1;
            var title = s.GroupId is { } gid ? groups[gid].Name
                : $"{Title(Mainstay.Features.Assessments.IntakeForm.FromKebab<SessionKind>(s.Kind))} — {names.GetValueOrDefault(s.PatientId!.Value, "patient")}";
            var mark = forPatient is { } p ? marked.FirstOrDefault(m => m.SessionId == s.Id && m.PatientId == p)?.Mark : null;
            return new SessionSummary(s.Id, s.StartsAt, s.EndsAt, s.Kind, mark is null ? title : $"{title} ({mark})", s.Room, s.Facilitator, s.Status,
                marked.Count(m => m.SessionId == s.Id), expected);
        })];
    }

    private async Task<CounselingGroup?> VisibleGroupAsync(Guid groupId, CancellationToken ct)
    {
        var group = await db.CounselingGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == groupId, ct);
        return group is not null && await user.MayUseSiteAsync(group.SiteId, ct) ? group : null;
    }

    private DateTimeOffset ClinicTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    private static RosterMember Roster(GroupMember m, Patient p) => new(m.PatientId, p.DisplayName, p.Mrn, m.JoinedOn, m.LeftOn);

    private static SessionView View(CounselingSession s, CounselingGroup? group, Patient? patient, IReadOnlyList<RosterMember> roster, IReadOnlyList<AttendanceView> marks, IReadOnlyList<Guid> notes) =>
        new(s.Id, s.SiteId, s.Kind, s.GroupId, group?.Name, s.PatientId, patient?.DisplayName, patient?.Mrn, s.SeriesId, s.Room, s.Facilitator,
            s.StartsAt, s.EndsAt, s.Status, s.CancelReason, roster, marks, notes);

    private static TimeOnly? TimeOfDay(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required: a time of day such as 18:00.");
            return null;
        }

        if (TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }

        errors.Add(field, $"{field} is not a time of day (18:00).");
        return null;
    }

    internal static string IntakeKebab<TEnum>(TEnum value) where TEnum : struct, Enum => Assessments.IntakeForm.Kebab(value);

    private static Refusal NoSession(Guid id) => Refusal.NotFound($"There is no session {id} at your sites.");

    private static Refusal NoGroup(Guid id) => Refusal.NotFound($"There is no group {id} at your sites.");
}
