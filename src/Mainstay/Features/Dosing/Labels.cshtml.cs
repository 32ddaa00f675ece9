using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Dosing;

/// <summary>Printable labels for the take-home bottles handed out in the last 24 hours.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class LabelsModel(TakeHomeSchedules takeHomes, MainstayDb db) : PageModel
{
    public Patient? Patient { get; private set; }
    public IReadOnlyList<Dispense> Bottles { get; private set; } = [];
    public string SiteName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid patientId, CancellationToken ct)
    {
        var outcome = await takeHomes.LabelsAsync(patientId, ct);
        if (!outcome.Succeeded)
        {
            return NotFound();
        }

        (Patient, Bottles) = outcome.Value;
        var siteId = Bottles.Count > 0 ? Bottles[0].SiteId : Patient.SiteId;
        SiteName = await db.Sites.Where(s => s.Id == siteId).Select(s => s.Name).SingleAsync(ct);
        return Page();
    }
}
