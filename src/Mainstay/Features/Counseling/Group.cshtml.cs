using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Counseling;

/// <summary>One group: its roster (add by MRN, take off from a date) and its meetings.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class GroupModel(CounselingCalendar calendar, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public GroupView Group { get; private set; } = null!;
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayChange => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Nurse or Roles.Intake;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(string? mrn, string? joinedOn, CancellationToken ct)
    {
        var key = mrn?.Trim() ?? "";
        var sites = (await user.ScopeAsync(ct)).SiteIds.ToList();
        var patientId = await db.Patients.AsNoTracking().Where(p => p.Mrn == key && sites.Contains(p.SiteId)).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var refusal = patientId is null
            ? Refusal.Invalid("mrn", $"No patient at your sites has MRN '{key}'.")
            : (await calendar.AddMemberAsync(Id, new AddGroupMember { PatientId = patientId, JoinedOn = joinedOn }, ct)).Refusal;
        return await AfterAsync(refusal, "Added to the roster.", ct);
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid patientId, string? leftOn, CancellationToken ct) =>
        await AfterAsync((await calendar.LeaveAsync(Id, patientId, new LeaveGroup { LeftOn = leftOn }, ct)).Refusal, "Taken off the roster.", ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/counseling/groups/{Id}");
        }

        Error = refusal.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var outcome = await calendar.GroupAsync(Id, ct);
        Group = outcome.Value!;
        return outcome.Succeeded;
    }
}
