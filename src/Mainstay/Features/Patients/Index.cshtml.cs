using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Patients;

[Authorize(Policy = Policies.ReadPatients)]
public sealed class SearchModel(PatientSearch search, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<PatientSummary> Results { get; private set; } = [];

    public bool MayRegister => Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Q = Q?.Trim();
        if (Q is { Length: > 0 and <= 200 })
        {
            Results = await search.FindAsync(Q, PatientSearch.DefaultLimit, ct);
        }
    }
}
