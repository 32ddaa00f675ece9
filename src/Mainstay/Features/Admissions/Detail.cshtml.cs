using Mainstay.Features.Access;
using Mainstay.Features.Beds;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Admissions;

/// <summary>One inquiry: where it stands, why it goes first, its deadlines and history, and the form for the next step.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class DetailModel(AdmissionsOffice office, DuplicateEnrollment enrollment, BedBoard beds, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public InquiryDetail Inquiry { get; private set; } = null!;
    public IReadOnlyList<UnitView> Units { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayWrite => user.Role is Roles.Intake or Roles.Counselor or Roles.Nurse or Roles.Prescriber;
    public bool MayResolve => user.Role is Roles.Prescriber or Roles.Nurse or Roles.Counselor;

    public IEnumerable<BedView> AvailableBeds => Units.SelectMany(u => u.Beds).Where(b => b.Status == BedStatus.Available);

    /// <summary>Beds that may be reserved for this person: available, on a unit of the level they seek.</summary>
    public IEnumerable<BedView> ReservableBeds => Units.Where(u => u.LevelOfCare == Inquiry.Summary.LevelOfCare)
        .SelectMany(u => u.Beds).Where(b => b.Status == BedStatus.Available);

    public BedView? ReservedBed => Units.SelectMany(u => u.Beds).FirstOrDefault(b => b.Occupant?.InquiryId == Id && b.Occupant.Kind == BedStayKind.Reserved);

    public string UnitOf(BedView bed) => Units.First(u => u.Id == bed.UnitId) is var u ? $"{u.Name} ({Assessments.IntakeForm.Kebab(u.LevelOfCare)})" : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostContactAsync([FromForm] ContactAttempt form, CancellationToken ct) =>
        AfterAsync(office.ContactAsync(Id, form, ct), "Contact recorded.", ct);

    public Task<IActionResult> OnPostScreenAsync([FromForm] PreAdmissionScreen form, CancellationToken ct) =>
        AfterAsync(office.ScreenAsync(Id, form, ct), "Screen recorded.", ct);

    public Task<IActionResult> OnPostEligibilityAsync([FromForm] EligibilityDecision form, CancellationToken ct) =>
        AfterAsync(office.EligibilityAsync(Id, form, ct), "Eligibility recorded.", ct);

    public Task<IActionResult> OnPostScheduleAsync([FromForm] IntakeAppointment form, CancellationToken ct) =>
        AfterAsync(office.ScheduleAsync(Id, form, ct), "Intake booked.", ct);

    public Task<IActionResult> OnPostInterimAsync([FromForm] InterimServiceGiven form, CancellationToken ct) =>
        AfterAsync(office.InterimServiceAsync(Id, form, ct), "Interim service recorded.", ct);

    public Task<IActionResult> OnPostStageAsync([FromForm] StageChange form, CancellationToken ct) =>
        AfterAsync(office.MoveAsync(Id, form, ct), "Stage changed.", ct);

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        var outcome = await enrollment.CheckAsync(Id, ct);
        return await AfterAsync(outcome.Refusal, outcome.Value?.Result == EnrollmentCheckResult.Clear
            ? "Enrollment check: no enrollment found elsewhere."
            : "Enrollment check: a possible enrollment elsewhere — a clinician must resolve it before any medication order.", ct);
    }

    public async Task<IActionResult> OnPostResolveAsync(Guid checkId, [FromForm] ResolveEnrollment form, CancellationToken ct) =>
        await AfterAsync((await enrollment.ResolveAsync(checkId, form, ct)).Refusal, "Enrollment check resolved.", ct);

    public async Task<IActionResult> OnPostReserveAsync(int bedId, CancellationToken ct) =>
        await AfterAsync((await beds.AssignAsync(bedId, new BedAssignment { InquiryId = Id }, ct)).Refusal, "Bed reserved.", ct);

    public async Task<IActionResult> OnPostAdmitAsync([FromForm] Admission form, CancellationToken ct)
    {
        var outcome = await office.AdmitAsync(Id, form, ct);
        if (!outcome.Succeeded)
        {
            return await AfterAsync(outcome.Refusal, "", ct);
        }

        var a = outcome.Value!;
        TempData["Message"] = $"Admitted: {a.Mrn}" + (a.NewChart ? " (new chart)" : " (existing chart)") + (a.BedId is null ? "" : " in a bed") + ". The intake assessment is open.";
        return Redirect($"/patients/{a.PatientId}/assessments/{a.IntakeAssessmentId}");
    }

    private async Task<IActionResult> AfterAsync(Task<Outcome<InquiryDetail>> action, string message, CancellationToken ct) =>
        await AfterAsync((await action).Refusal, message, ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/admissions/{Id}");
        }

        Error = refusal.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var outcome = await office.ReadAsync(Id, ct);
        if (!outcome.Succeeded)
        {
            return false;
        }

        Inquiry = outcome.Value!;
        var board = await beds.BoardAsync(Inquiry.Summary.SiteId, ct);
        Units = board.Value ?? [];
        return true;
    }
}
