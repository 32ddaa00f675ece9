using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Audit;

/// <summary>The privacy officer's list of break-the-glass accesses, each to be judged justified or not.</summary>
[Authorize(Policy = Policies.ReadAudit)]
public sealed class EmergencyReviewModel(EmergencyAccessBook book, AuditTrail audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }
    public List<EmergencyAccessView> Accesses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await audit.RecordNowAsync(AuditActions.Search, "EmergencyAccess", detail: $"review list; {Accesses.Count} shown", ct: ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, bool? justified, string? note, CancellationToken ct)
    {
        var outcome = await book.ReviewAsync(id, new EmergencyReviewRequest { Justified = justified, Note = note }, ct);
        if (outcome.Succeeded)
        {
            Message = $"Reviewed the emergency access of {outcome.Value!.Username} to {outcome.Value.Mrn}.";
            return RedirectToPage();
        }

        Error = outcome.Refusal!.Errors?.ToDictionary().SelectMany(e => e.Value).FirstOrDefault() ?? outcome.Refusal.Message;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Accesses = await book.ListAsync(new EmergencyListFilter(UnreviewedOnly: !All), ct);
}
