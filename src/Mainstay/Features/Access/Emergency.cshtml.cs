using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Access;

[Authorize(Policy = Policies.ReadPatients)]
public sealed class EmergencyModel(EmergencyAccessBook book, ClinicUser user) : PageModel
{
    [BindProperty]
    public string? Mrn { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public string? Error { get; private set; }
    public List<EmergencyAccessView> Mine { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await book.GrantAsync(new EmergencyAccessRequest { Mrn = Mrn, Reason = Reason }, ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/patients/{outcome.Value!.PatientId}");
        }

        Error = outcome.Refusal!.Errors?.ToDictionary().SelectMany(e => e.Value).FirstOrDefault() ?? outcome.Refusal.Message;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Mine = user.UserId is { } id ? await book.ListAsync(new EmergencyListFilter(UserId: id), ct) : [];
}
