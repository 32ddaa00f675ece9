using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Admissions;

/// <summary>Taking a call (or a walk-in, or a referral): who, how to reach them safely, what they need, how urgent.</summary>
[Authorize(Policy = Policies.WritePatients)]
public sealed class NewModel(AdmissionsOffice office, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    [BindProperty]
    public NewInquiry Form { get; set; } = new();

    public List<SiteView> Sites { get; private set; } = [];
    public Web.Refusal? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Sites = await SitesApi.SitesOf(db, user, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await office.OpenAsync(Form with { SiteId = Form.SiteId ?? SiteId }, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = $"{outcome.Value!.Summary.Reference} recorded.";
            return Redirect($"/admissions/{outcome.Value.Summary.Id}");
        }

        Refusal = outcome.Refusal;
        Sites = await SitesApi.SitesOf(db, user, ct);
        return Page();
    }

    public string? ErrorFor(string field) =>
        Refusal?.Errors?.ToDictionary().TryGetValue(field, out var messages) == true ? string.Join(" ", messages) : null;
}
