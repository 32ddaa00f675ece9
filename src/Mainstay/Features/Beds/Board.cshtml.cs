using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Sites;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Beds;

/// <summary>The bed board: today by unit, or a week per bed; assign from the waitlist, move, free, clean.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class BedBoardModel(BedBoard beds, AdmissionsOffice office, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? View { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public IReadOnlyList<UnitView> Units { get; private set; } = [];
    public IReadOnlyList<WeekRow> Week { get; private set; } = [];
    public IReadOnlyList<InquirySummary> Waiting { get; private set; } = [];
    public DateOnly WeekFrom { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayAssign => user.Role is Roles.Intake or Roles.Nurse or Roles.Prescriber or Roles.Counselor;
    public bool IsWeek => View == "week";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostReserveAsync(int bedId, Guid inquiryId, CancellationToken ct) =>
        await AfterAsync((await beds.AssignAsync(bedId, new BedAssignment { InquiryId = inquiryId }, ct)).Refusal, "Bed reserved.", ct);

    public async Task<IActionResult> OnPostReleaseAsync(int bedId, string? reason, CancellationToken ct) =>
        await AfterAsync((await beds.ReleaseAsync(bedId, new BedRelease { Reason = reason }, ct)).Refusal, "Bed released.", ct);

    public async Task<IActionResult> OnPostTransferAsync(int bedId, int? toBedId, CancellationToken ct) =>
        await AfterAsync((await beds.TransferAsync(bedId, new BedTransfer { ToBedId = toBedId }, ct)).Refusal, "Patient moved.", ct);

    public async Task<IActionResult> OnPostStatusAsync(int bedId, string? status, string? note, CancellationToken ct) =>
        await AfterAsync((await beds.SetStatusAsync(bedId, new BedStatusChange { Status = status, Note = note }, ct)).Refusal, "Bed status changed.", ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/beds?siteId={SiteId}");
        }

        Error = refusal.Describe();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        var errors = new FieldErrors();
        WeekFrom = errors.Day("from", From) ?? beds.Today;
        if (IsWeek)
        {
            var week = await beds.WeekAsync(SiteId, WeekFrom, ct);
            Week = week.Value ?? [];
            Error ??= week.Refusal?.Describe();
        }

        var board = await beds.BoardAsync(SiteId, ct);
        Units = board.Value ?? [];
        Error ??= board.Refusal?.Describe() ?? (errors.Any ? errors.Summary() : null);
        var waiting = await office.ListAsync(SiteId, null, openOnly: true, ct);
        Waiting = (waiting.Value ?? []).Where(i => i.Stage is InquiryStage.Eligible or InquiryStage.Waitlisted or InquiryStage.Scheduled).ToList();
    }
}
