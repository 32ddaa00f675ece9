using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Reports;

/// <summary>The director's TEDS page: pick a period, see what is ready and what to fix, download the two state files.</summary>
[Authorize(Policy = Policies.StateReport)]
public sealed class TedsModel(TedsReport report, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public TedsSubmission? Submission { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        var outcome = await report.BuildAsync(From, To, SiteId, ct);
        Submission = outcome.Value;
        Error = outcome.Refusal?.Describe();
        if (Submission is { } s)
        {
            (From, To) = (s.From, s.To);
        }
    }

    public string FileLink(string file) =>
        $"/api/v1/reports/teds?format=csv&file={file}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}" + (SiteId is { } id ? $"&siteId={id}" : "");
}
