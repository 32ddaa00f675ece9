namespace Mainstay.Features.Counseling;

/// <summary>
/// A recurring group at a site (a process group, psychoeducation, relapse prevention, or a Narcotics Anonymous or SMART
/// Recovery meeting the program hosts or links to), with its room, facilitator, weekly time and roster. Its sessions
/// are created for the weeks it runs, each checked for clashes like any other session.
/// </summary>
public sealed class CounselingGroup
{
    public Guid Id { get; set; }
    public int SiteId { get; set; }
    public required string Name { get; set; }

    /// <summary>A <see cref="GroupKind"/> in kebab case.</summary>
    public required string Kind { get; set; }

    public string? Room { get; set; }
    public required string Facilitator { get; set; }
    public string? Description { get; set; }

    /// <summary>For NA and SMART Recovery: where the outside meeting is found (a meeting finder, a phone number).</summary>
    public string? Linkage { get; set; }

    public DayOfWeek Weekday { get; set; }
    public TimeOnly StartsAt { get; set; }
    public int Minutes { get; set; }
    public DateOnly FirstOn { get; set; }
    public DateOnly LastOn { get; set; }
    public int Capacity { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public enum GroupKind
{
    Process,
    Psychoeducation,
    RelapsePrevention,
    Cbt,
    Family,
    NarcoticsAnonymous,
    SmartRecovery,
}

/// <summary>A patient on a group's roster, from the day they joined until the day they left.</summary>
public sealed class GroupMember
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public DateOnly JoinedOn { get; set; }
    public DateOnly? LeftOn { get; set; }
    public required string AddedBy { get; set; }
}

/// <summary>
/// One session on the calendar: an individual session with one patient (CBT, motivational interviewing,
/// trauma-focused, family, case management) or one meeting of a group. Scheduled, then held (when attendance is
/// recorded) or cancelled by the program with a reason. A weekly individual series shares a series id.
/// </summary>
public sealed class CounselingSession
{
    public Guid Id { get; set; }
    public int SiteId { get; set; }

    /// <summary>A <see cref="SessionKind"/> in kebab case; "group" for a group's meeting.</summary>
    public required string Kind { get; set; }

    public Guid? GroupId { get; set; }
    public Guid? PatientId { get; set; }
    public Guid? SeriesId { get; set; }
    public string? Room { get; set; }
    public required string Facilitator { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>scheduled, held or cancelled.</summary>
    public required string Status { get; set; }

    public string? CancelReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public enum SessionKind
{
    Cbt,
    MotivationalInterviewing,
    TraumaFocused,
    Family,
    CaseManagement,

    /// <summary>A research study's visit (assessments, a urine sample), for programs that take part in trials.</summary>
    StudyVisit,
    Group,
}

/// <summary>
/// Whether a patient came to a session: attended, late, no-show, cancelled or excused. A correction keeps the mark it
/// replaced. The session's start is copied here so a patient's run of no-shows is read from one table.
/// </summary>
public sealed class SessionAttendance
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public DateTimeOffset SessionStartsAt { get; set; }

    /// <summary>attended, late, no-show, cancelled or excused.</summary>
    public required string Mark { get; set; }

    public int? MinutesLate { get; set; }
    public string? Note { get; set; }
    public string? CorrectedFrom { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>
/// A progress note in DAP (data, assessment, plan) or SOAP (subjective, objective, assessment, plan) form, about one
/// patient, for a session or on its own, naming the plan problems it addresses. Signed once; after that it changes
/// only by amendments, which keep what was signed. A note signed long after the service is marked a late entry with
/// its reason. A group note is one note per member: the shared topic, then what concerns that member alone — no other
/// member's name enters anyone's record.
/// </summary>
public sealed class ProgressNote
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public Guid? SessionId { get; set; }

    /// <summary>dap or soap.</summary>
    public required string Format { get; set; }

    /// <summary>The sections as JSON: {"data","assessment","plan"} or {"subjective","objective","assessment","plan"}.</summary>
    public required string Content { get; set; }

    /// <summary>For a group session: what the group worked on, the same in every member's note.</summary>
    public string? GroupTopic { get; set; }

    /// <summary>The codes of the plan problems addressed, comma-separated.</summary>
    public string? Goals { get; set; }

    public DateOnly ServiceDate { get; set; }

    /// <summary>draft or signed.</summary>
    public required string Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string Author { get; set; }
    public DateTimeOffset? SignedAt { get; set; }
    public string? SignedBy { get; set; }
    public bool LateEntry { get; set; }
    public string? LateReason { get; set; }
}

/// <summary>A change to a signed note: the sections as amended, the reason, who and when. The signed note is kept.</summary>
public sealed class ProgressNoteAmendment
{
    public Guid Id { get; set; }
    public Guid NoteId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public required string Content { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
}
