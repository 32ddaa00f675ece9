using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Counseling;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Recovery;

/// <summary>
/// A patient's counseling and recovery support on one page: check-ins as a picture, sessions and booking, progress
/// notes, and contingency management with its ledger.
/// </summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class RecoveryModel(CheckIns checkIns, CounselingCalendar calendar, ProgressNotes notes, ContingencyBook contingency, MainstayDb db, ClinicUser user)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid PatientId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = 30;

    public string PatientName { get; private set; } = "";
    public CheckInSeries Series { get; private set; } = null!;
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];
    public IReadOnlyList<NoteView> Notes { get; private set; } = [];
    public IReadOnlyList<NoteGoal> Goals { get; private set; } = [];
    public IReadOnlyList<ContingencyView> Contingency { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayRecord => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Nurse or Roles.Intake;
    public bool MayWrite => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Nurse;
    public bool MayManage => user.Role is Roles.Counselor or Roles.Prescriber;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCheckInAsync(int? craving, int? mood, int? sleep, int? stress, string[]? triggers, bool usedSinceLast, string? substances, string? note, CancellationToken ct) =>
        await AfterAsync((await checkIns.RecordAsync(PatientId, RecordCheckIn.FromForm(craving, mood, sleep, stress, triggers, usedSinceLast, substances, note), ct)).Refusal, "Check-in recorded.", ct);

    public async Task<IActionResult> OnPostBookAsync(string? kind, string? startsAt, int? minutes, string? room, int? weeks, CancellationToken ct) =>
        await AfterAsync((await calendar.ScheduleAsync(PatientId, new ScheduleSession { Kind = kind, StartsAt = startsAt, Minutes = minutes, Room = room, Weeks = weeks }, ct)).Refusal,
            "Booked.", ct);

    public async Task<IActionResult> OnPostNoteAsync(string? format, string? serviceDate, string? data, string? subjective, string? objective, string? assessment, string? plan,
        string[]? goals, bool sign, string? lateReason, CancellationToken ct) =>
        await AfterAsync((await notes.WriteAsync(PatientId, new WriteNote
        {
            Format = format,
            ServiceDate = serviceDate,
            Data = data,
            Subjective = subjective,
            Objective = objective,
            Assessment = assessment,
            Plan = plan,
            Goals = goals,
            Sign = sign,
            LateReason = lateReason,
        }, ct)).Refusal, sign ? "Note signed." : "Note saved as a draft.", ct);

    public async Task<IActionResult> OnPostSignAsync(Guid noteId, string? lateReason, CancellationToken ct) =>
        await AfterAsync((await notes.SignAsync(noteId, new SignNote { LateReason = lateReason }, ct)).Refusal, "Note signed.", ct);

    public async Task<IActionResult> OnPostAmendAsync(Guid noteId, string? reason, string? data, string? subjective, string? objective, string? assessment, string? plan, CancellationToken ct) =>
        await AfterAsync((await notes.AmendAsync(noteId, new AmendNote { Reason = reason, Data = data, Subjective = subjective, Objective = objective, Assessment = assessment, Plan = plan }, ct)).Refusal,
            "Amendment recorded; the signed note is kept.", ct);

    public async Task<IActionResult> OnPostEnrollAsync(string? target, string? schedule, CancellationToken ct) =>
        await AfterAsync((await contingency.EnrollAsync(PatientId, new EnrollContingency { Target = target, Schedule = schedule }, ct)).Refusal, "Enrolled.", ct);

    public async Task<IActionResult> OnPostRewardAsync(Guid enrollmentId, decimal? amount, string? form, string? note, CancellationToken ct) =>
        await AfterAsync((await contingency.GiveAsync(enrollmentId, new GiveReward { Amount = amount, Form = form, Note = note }, ct)).Refusal, "Reward recorded.", ct);

    public async Task<IActionResult> OnPostEndAsync(Guid enrollmentId, string? reason, CancellationToken ct) =>
        await AfterAsync((await contingency.EndAsync(enrollmentId, new EndContingency { Reason = reason }, ct)).Refusal, "Enrolment ended.", ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/patients/{PatientId}/recovery");
        }

        Error = refusal.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var series = await checkIns.ForPatientAsync(PatientId, Math.Clamp(Days, 7, 365), ct);
        if (!series.Succeeded)
        {
            return false;
        }

        Series = series.Value!;
        Sessions = (await calendar.ForPatientAsync(PatientId, ct)).Value ?? [];
        Notes = (await notes.ForPatientAsync(PatientId, ct)).Value ?? [];
        Goals = await notes.PlanGoalsAsync(PatientId, ct);
        Contingency = (await contingency.ForPatientAsync(PatientId, ct)).Value ?? [];
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == PatientId, ct);
        PatientName = patient.DisplayName;
        return true;
    }
}
