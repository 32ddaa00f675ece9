using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Reports;

/// <summary>The director's retention page: the curves first, the figures beneath, CSV for everything.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class RetentionModel(RetentionReport report) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? GapDays { get; set; }

    public RetentionView? View { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var outcome = await report.BuildAsync(SiteId, GapDays, ct);
        View = outcome.Value;
        Error = outcome.Refusal?.Describe();
    }
}
