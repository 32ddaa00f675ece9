using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Reports;

/// <summary>The program dashboard: pictures first, tables beneath, CSV for each figure, printable as the monthly report.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class ProgramModel(ProgramReport report, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public ProgramDashboard? Dashboard { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        var outcome = await report.BuildAsync(SiteId, ct);
        Dashboard = outcome.Value;
        Error = outcome.Refusal?.Describe();
    }
}
