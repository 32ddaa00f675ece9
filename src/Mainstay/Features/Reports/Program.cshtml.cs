using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Reports;

/// <summary>The program dashboard: pictures first, tables beneath, CSV for each figure; for a closed month, the printable monthly report.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class ProgramModel(ProgramReport report, MainstayDb db, ClinicUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    /// <summary>A closed month as yyyy-MM for its monthly report; empty for today's dashboard.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public DateTimeOffset PrintedAt { get; private set; }

    /// <summary>The months a report can be printed for: the last 24 that have ended, newest first.</summary>
    public List<DateOnly> ClosedMonths { get; private set; } = [];
    public ProgramDashboard? Dashboard { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        PrintedAt = clock.GetLocalNow();
        var today = DateOnly.FromDateTime(PrintedAt.DateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        ClosedMonths = Enumerable.Range(1, 24).Select(i => thisMonth.AddMonths(-i)).ToList();
        var month = ProgramReport.ParseMonth(Month);
        if (!string.IsNullOrEmpty(Month) && month is null)
        {
            Error = $"The month is written yyyy-MM (e.g. {ClosedMonths[0]:yyyy-MM}), not '{Month}'.";
            return;
        }

        var outcome = await report.BuildAsync(SiteId, month, ct);
        Dashboard = outcome.Value;
        Error = outcome.Refusal?.Describe();
    }
}
