using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Patients;

[Authorize(Policy = Policies.WritePatients)]
public sealed class RegisterModel(PatientRegistry registry, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty]
    public RegisterPatient Input { get; set; } = new();

    public List<SiteView> Sites { get; private set; } = [];

    public Dictionary<string, string[]> FieldErrors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Sites = await SitesApi.SitesOf(db, user, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await registry.RegisterAsync(Input, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = outcome.Value!.PossibleDuplicate
                ? $"Registered with MRN {outcome.Value.Mrn}. Possible duplicate: check the alert below."
                : $"Registered with MRN {outcome.Value.Mrn}.";
            return Redirect($"/patients/{outcome.Value.Id}");
        }

        FieldErrors = outcome.Refusal!.Errors?.ToDictionary() ?? new() { ["siteId"] = [outcome.Refusal.Message] };
        Sites = await SitesApi.SitesOf(db, user, ct);
        return Page();
    }
}
