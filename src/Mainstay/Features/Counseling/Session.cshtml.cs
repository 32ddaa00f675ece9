using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Counseling;

/// <summary>One session: attendance for its roster (or its patient), the note form (per member for a group), cancelling.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class SessionModel(CounselingCalendar calendar, ProgressNotes notes, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public SessionView Session { get; private set; } = null!;
    public IReadOnlyList<NoteView> Notes { get; private set; } = [];
    public IReadOnlyDictionary<Guid, IReadOnlyList<NoteGoal>> Goals { get; private set; } = new Dictionary<Guid, IReadOnlyList<NoteGoal>>();
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayRecord => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Nurse or Roles.Intake;
    public bool MayWrite => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Nurse;

    /// <summary>Who should be marked: the roster that day, or the session's patient.</summary>
    public IEnumerable<(Guid PatientId, string Name, string Mrn)> Expected =>
        Session.GroupId is null
            ? [(Session.PatientId!.Value, Session.Patient ?? "", Session.Mrn ?? "")]
            : Session.Roster.Select(r => (r.PatientId, r.Patient, r.Mrn));

    /// <summary>Those who came and have no note yet.</summary>
    public IReadOnlyList<AttendanceView> NeedNotes =>
        [.. Session.Attendance.Where(a => a.Mark is "attended" or "late" && Notes.All(n => n.PatientId != a.PatientId))];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAttendanceAsync(CancellationToken ct)
    {
        var marks = Request.Form.Keys.Where(k => k.StartsWith("mark.", StringComparison.Ordinal))
            .Select(k => (Key: k, Id: Guid.TryParse(k[5..], out var id) ? id : Guid.Empty))
            .Where(k => k.Id != Guid.Empty && !string.IsNullOrEmpty(Request.Form[k.Key]))
            .Select(k => new AttendanceEntry
            {
                PatientId = k.Id,
                Mark = Request.Form[k.Key],
                MinutesLate = int.TryParse(Request.Form[$"late.{k.Id}"], out var late) ? late : null,
                Note = Request.Form[$"note.{k.Id}"],
            }).ToList();
        var outcome = await calendar.RecordAttendanceAsync(Id, new RecordAttendance { Marks = marks }, ct);
        return await AfterAsync(outcome.Refusal, "Attendance recorded.", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(string? reason, CancellationToken ct) =>
        await AfterAsync((await calendar.CancelAsync(Id, new CancelSession { Reason = reason }, ct)).Refusal, "Session cancelled.", ct);

    public async Task<IActionResult> OnPostNoteAsync(string? format, string? topic, bool sign, string? lateReason, CancellationToken ct)
    {
        var session = await calendar.SessionAsync(Id, ct);
        if (!session.Succeeded)
        {
            return NotFound();
        }

        NoteSections Read(string prefix) => new()
        {
            Data = Request.Form[prefix + "data"],
            Subjective = Request.Form[prefix + "subjective"],
            Objective = Request.Form[prefix + "objective"],
            Assessment = Request.Form[prefix + "assessment"],
            Plan = Request.Form[prefix + "plan"],
        };
        Refusal? refusal;
        if (session.Value!.GroupId is null)
        {
            var s = Read("");
            refusal = (await notes.WriteAsync(session.Value.PatientId!.Value, new WriteNote
            {
                Format = format,
                SessionId = Id,
                Sign = sign,
                LateReason = lateReason,
                Goals = Request.Form["goals"].Where(g => g is not null).Select(g => g!).ToList(),
                Data = s.Data,
                Subjective = s.Subjective,
                Objective = s.Objective,
                Assessment = s.Assessment,
                Plan = s.Plan,
            }, ct)).Refusal;
        }
        else
        {
            var entries = Request.Form["member"].Where(m => Guid.TryParse(m, out _)).Select(m =>
            {
                var s = Read($"{m}.");
                return new GroupNoteEntry
                {
                    PatientId = Guid.Parse(m!),
                    Goals = Request.Form[$"{m}.goals"].Where(g => g is not null).Select(g => g!).ToList(),
                    Data = s.Data,
                    Subjective = s.Subjective,
                    Objective = s.Objective,
                    Assessment = s.Assessment,
                    Plan = s.Plan,
                };
            }).ToList();
            refusal = (await notes.WriteGroupAsync(Id, new WriteGroupNote { Format = format, Topic = topic, Entries = entries, Sign = sign, LateReason = lateReason }, ct)).Refusal;
        }

        return await AfterAsync(refusal, sign ? "Notes written and signed." : "Notes saved as drafts.", ct);
    }

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/counseling/sessions/{Id}");
        }

        Error = refusal.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var outcome = await calendar.SessionAsync(Id, ct);
        if (!outcome.Succeeded)
        {
            return false;
        }

        Session = outcome.Value!;
        var written = new List<NoteView>();
        foreach (var noteId in Session.NotesWritten)
        {
            if ((await notes.ReadAsync(noteId, ct)).Value is { } n)
            {
                written.Add(n);
            }
        }

        Notes = written;
        var goals = new Dictionary<Guid, IReadOnlyList<NoteGoal>>();
        foreach (var (patientId, _, _) in Expected)
        {
            goals[patientId] = await notes.PlanGoalsAsync(patientId, ct);
        }

        Goals = goals;
        return true;
    }
}
