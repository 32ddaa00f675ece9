using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Admissions;

/// <summary>The waitlist in the order people should be admitted, with who is past a federal deadline.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class WaitlistModel(AdmissionsOffice office, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public IReadOnlyList<InquirySummary> People { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        var outcome = await office.WaitlistAsync(SiteId, ct);
        People = outcome.Value ?? [];
        Error = outcome.Refusal?.Describe();
    }
}
