using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Reports;

/// <summary>The director's urine outcomes page: weekly negative shares by medication, then relapse and drop-out as the trials define them.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class UrineOutcomesModel(UrineOutcomeReport report, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Weeks { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public UrineOutcomeView? View { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        var outcome = await report.BuildAsync(SiteId, Weeks, ct);
        View = outcome.Value;
        Error = outcome.Refusal?.Describe();
    }
}
