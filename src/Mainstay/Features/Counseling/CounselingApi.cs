using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Counseling;

/// <summary>/api/v1 sessions, groups, attendance and progress notes.</summary>
public static class CounselingApi
{
    public static void MapCounselingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Counseling");
        api.MapGet("/sessions", Day).WithName("SessionsOfDay").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The sessions of a day (date=YYYY-MM-DD, today by default) at the caller's sites or one site (siteId); facilitator=username for one counselor's.");
        api.MapGet("/sessions/{id:guid}", Session).WithName("Session").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("A session with its roster, attendance and the notes written for it.");
        api.MapPost("/patients/{id:guid}/sessions", Schedule).WithName("ScheduleSession").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Book an individual session, or a weekly series (weeks). 409 listing the clashes (room, facilitator, patient); nothing is booked then.").Accepts<ScheduleSession>("application/json");
        api.MapGet("/patients/{id:guid}/sessions", ForPatient).WithName("PatientSessions").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The patient's individual sessions and the group meetings of the groups they were on, newest first, with their mark.");
        api.MapPost("/sessions/{id:guid}/attendance", Attendance).WithName("RecordAttendance").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Record or correct attendance: marks [{patientId, mark: attended|late|no-show|cancelled|excused, minutesLate, note}]. A run of no-shows raises an alert.").Accepts<RecordAttendance>("application/json");
        api.MapPost("/sessions/{id:guid}/cancel", Cancel).WithName("CancelSession").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Cancel a scheduled session with the reason.").Accepts<CancelSession>("application/json");
        api.MapGet("/groups", Groups).WithName("Groups").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The groups at the caller's sites (siteId for one), with their roster size.");
        api.MapPost("/groups", CreateGroup).WithName("CreateGroup").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Create a weekly group and its meetings (clash-checked like sessions).").Accepts<CreateGroup>("application/json");
        api.MapGet("/groups/{id:guid}", Group).WithName("Group").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("A group with its roster (current and past members) and its meetings.");
        api.MapPost("/groups/{id:guid}/members", AddMember).WithName("AddGroupMember").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Put a patient of the group's site on the roster (409 when full or already on it).").Accepts<AddGroupMember>("application/json");
        api.MapPost("/groups/{id:guid}/members/{patientId:guid}/leave", Leave).WithName("LeaveGroup").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Take a patient off the roster from a date (the membership is kept).").Accepts<LeaveGroup>("application/json");

        api.MapGet("/patients/{id:guid}/notes", Notes).WithName("ProgressNotes").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The patient's progress notes, newest first, with amendments.");
        api.MapPost("/patients/{id:guid}/notes", WriteNote).WithName("WriteProgressNote").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Write a DAP or SOAP note (about a held session or a service date), naming plan problems (goals); sign=true signs it.").Accepts<WriteNote>("application/json");
        api.MapPost("/sessions/{id:guid}/group-notes", WriteGroupNote).WithName("WriteGroupNotes").RequireAuthorization(Policies.WritePatients)
            .WithSummary("The notes of a group meeting: the shared topic and one entry per member who came; all or none.").Accepts<WriteGroupNote>("application/json");
        api.MapGet("/notes/{id:guid}", Note).WithName("ProgressNote").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("One progress note with its amendments.");
        api.MapPut("/notes/{id:guid}", EditNote).WithName("EditProgressNote").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Change a draft (its author); sign=true signs it.").Accepts<WriteNote>("application/json");
        api.MapPost("/notes/{id:guid}/sign", SignNote).WithName("SignProgressNote").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Sign a draft (its author). Late signing needs lateReason and marks a late entry.").Accepts<SignNote>("application/json");
        api.MapPost("/notes/{id:guid}/amend", AmendNote).WithName("AmendProgressNote").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Amend a signed note: the sections as they should read and the reason; the signed text is kept.").Accepts<AmendNote>("application/json");
    }

    private static async Task<IResult> Day(string? siteId, string? date, string? facilitator, CounselingCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var day = Dates.Parse(errors, "date", date) ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        int? site = null;
        if (!string.IsNullOrWhiteSpace(siteId))
        {
            if (int.TryParse(siteId, out var s))
            {
                site = s;
            }
            else
            {
                errors.Add("siteId", "siteId must be a site id (a whole number).");
            }
        }

        return errors.Any ? Problems.Validation(errors) : (await calendar.DayAsync(site, day, facilitator, ct)).ToResult();
    }

    private static async Task<IResult> Session(Guid id, CounselingCalendar calendar, CancellationToken ct) => (await calendar.SessionAsync(id, ct)).ToResult();

    private static Task<IResult> Schedule(Guid id, HttpRequest request, CounselingCalendar calendar, CancellationToken ct) =>
        JsonBody.CreateAsync<ScheduleSession, IReadOnlyList<SessionView>>(request, r => calendar.ScheduleAsync(id, r, ct), s => $"/api/v1/sessions/{s[0].Id}", ct);

    private static async Task<IResult> ForPatient(Guid id, CounselingCalendar calendar, CancellationToken ct) => (await calendar.ForPatientAsync(id, ct)).ToResult();

    private static Task<IResult> Attendance(Guid id, HttpRequest request, CounselingCalendar calendar, CancellationToken ct) =>
        Ok<RecordAttendance, SessionView>(request, r => calendar.RecordAttendanceAsync(id, r, ct), ct);

    private static Task<IResult> Cancel(Guid id, HttpRequest request, CounselingCalendar calendar, CancellationToken ct) =>
        Ok<CancelSession, SessionView>(request, r => calendar.CancelAsync(id, r, ct), ct);

    private static async Task<IResult> Groups(string? siteId, CounselingCalendar calendar, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(siteId))
        {
            return (await calendar.GroupsAsync(null, ct)).ToResult();
        }

        return int.TryParse(siteId, out var s)
            ? (await calendar.GroupsAsync(s, ct)).ToResult()
            : Problems.BadRequest("siteId must be a site id (a whole number).", "siteId");
    }

    private static Task<IResult> CreateGroup(HttpRequest request, CounselingCalendar calendar, CancellationToken ct) =>
        JsonBody.CreateAsync<CreateGroup, GroupView>(request, r => calendar.CreateGroupAsync(r, ct), g => $"/api/v1/groups/{g.Id}", ct);

    private static async Task<IResult> Group(Guid id, CounselingCalendar calendar, CancellationToken ct) => (await calendar.GroupAsync(id, ct)).ToResult();

    private static Task<IResult> AddMember(Guid id, HttpRequest request, CounselingCalendar calendar, CancellationToken ct) =>
        Ok<AddGroupMember, GroupView>(request, r => calendar.AddMemberAsync(id, r, ct), ct);

    private static Task<IResult> Leave(Guid id, Guid patientId, HttpRequest request, CounselingCalendar calendar, CancellationToken ct) =>
        Ok<LeaveGroup, GroupView>(request, r => calendar.LeaveAsync(id, patientId, r, ct), ct);

    private static async Task<IResult> Notes(Guid id, ProgressNotes notes, CancellationToken ct) => (await notes.ForPatientAsync(id, ct)).ToResult();

    private static Task<IResult> WriteNote(Guid id, HttpRequest request, ProgressNotes notes, CancellationToken ct) =>
        JsonBody.CreateAsync<WriteNote, NoteView>(request, r => notes.WriteAsync(id, r, ct), n => $"/api/v1/notes/{n.Id}", ct);

    private static Task<IResult> WriteGroupNote(Guid id, HttpRequest request, ProgressNotes notes, CancellationToken ct) =>
        JsonBody.CreateAsync<WriteGroupNote, IReadOnlyList<NoteView>>(request, r => notes.WriteGroupAsync(id, r, ct), _ => $"/api/v1/sessions/{id}", ct);

    private static async Task<IResult> Note(Guid id, ProgressNotes notes, CancellationToken ct) => (await notes.ReadAsync(id, ct)).ToResult();

    private static Task<IResult> EditNote(Guid id, HttpRequest request, ProgressNotes notes, CancellationToken ct) =>
        Ok<WriteNote, NoteView>(request, r => notes.EditAsync(id, r, ct), ct);

    private static Task<IResult> SignNote(Guid id, HttpRequest request, ProgressNotes notes, CancellationToken ct) =>
        Ok<SignNote, NoteView>(request, r => notes.SignAsync(id, r, ct), ct);

    private static Task<IResult> AmendNote(Guid id, HttpRequest request, ProgressNotes notes, CancellationToken ct) =>
        Ok<AmendNote, NoteView>(request, r => notes.AmendAsync(id, r, ct), ct);

    /// <summary>Reads the body, runs the action, and answers 200 with the result or the refusal as ProblemDetails.</summary>
    internal static async Task<IResult> Ok<TRequest, TResult>(HttpRequest request, Func<TRequest, Task<Outcome<TResult>>> action, CancellationToken ct)
        where TRequest : class
    {
        var body = await JsonBody.ReadAsync<TRequest>(request, ct);
        return body.Problem ?? (await action(body.Value!)).ToResult();
    }
}
