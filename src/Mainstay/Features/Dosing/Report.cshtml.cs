using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Dosing;

/// <summary>The dispensing report page: doses per day as a chart, daily totals, the log; CSV from the API.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class ReportModel(DispensingReport report, MainstayDb db, ClinicUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? FromText { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? ToText { get; set; }

    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public List<SiteView> Sites { get; private set; } = [];
    public DispensingReportView? Report { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        SiteId ??= Sites.FirstOrDefault()?.Id;
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        To = Dates.Parse(errors, "to", ToText) ?? today;
        From = Dates.Parse(errors, "from", FromText) ?? To.AddDays(-6);
        if (errors.Any)
        {
            Error = errors.Summary();
            return;
        }

        if (SiteId is { } site)
        {
            var outcome = await report.BuildAsync(site, From, To, ct);
            Report = outcome.Value;
            Error = outcome.Refusal?.Message;
        }
    }
}
