using Mainstay.Data;
using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Portal;

/// <summary>Staff: whether the patient has a portal account, and a one-time invitation to hand over.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class InviteModel(PortalAccounts portal, MainstayDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid PatientId { get; set; }

    public string PatientName { get; private set; } = "";
    public PortalStatus Status { get; private set; } = null!;
    public InvitationIssued? Issued { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await portal.InviteAsync(PatientId, ct);
        Issued = outcome.Value;
        Error = outcome.Refusal?.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var status = await portal.StatusAsync(PatientId, ct);
        if (!status.Succeeded)
        {
            return false;
        }

        Status = status.Value!;
        PatientName = await db.Patients.AsNoTracking().Where(p => p.Id == PatientId).Select(p => p.FamilyName + ", " + p.GivenName).SingleAsync(ct);
        return true;
    }
}
