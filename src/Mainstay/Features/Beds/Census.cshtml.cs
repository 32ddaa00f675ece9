using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Beds;

/// <summary>The midnight census: occupied beds by unit and people in treatment by level of care, printable.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class CensusModel(BedBoard beds, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public MidnightCensus? Census { get; private set; }
    public DateOnly Day { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        var errors = new FieldErrors();
        Day = errors.Day("date", Date) ?? beds.Today.AddDays(-1);
        if (errors.Any)
        {
            Error = errors.Summary();
            return;
        }

        var outcome = await beds.CensusAsync(SiteId, Day, ct);
        Census = outcome.Value;
        Error = outcome.Refusal?.Describe();
    }
}
