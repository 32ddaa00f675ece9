using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Admissions;

/// <summary>The admissions board: one column per open stage, in admission order, with waiting times and stale flags.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class BoardModel(AdmissionsOffice office, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public AdmissionsBoard? Board { get; private set; }
    public string? Error { get; private set; }
    public bool MayWrite => user.Role is Roles.Intake or Roles.Counselor or Roles.Nurse or Roles.Prescriber;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        var outcome = await office.BoardAsync(SiteId, ct);
        Board = outcome.Value;
        Error = outcome.Refusal?.Describe();
    }

    public static string Waited(int days) => days switch { 0 => "today", 1 => "1 day", _ => $"{days} days" };
}
