using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Inventory;

/// <summary>One close of day, printable as the site's inventory record, with the director's review.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class CloseModel(StockDayCloses closes, ClinicUser user) : PageModel
{
    public DayCloseView? Close { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayReview => Policies.RolesFor[Policies.ReviewStock].Contains(user.Role ?? "");

    public async Task<IActionResult> OnGetAsync(Guid closeId, CancellationToken ct)
    {
        var outcome = await closes.GetAsync(closeId, ct);
        if (!outcome.Succeeded)
        {
            return NotFound();
        }

        Close = outcome.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostReviewAsync(Guid closeId, string? note, bool theftOrSignificantLoss, CancellationToken ct)
    {
        var outcome = await closes.ReviewAsync(closeId, new CloseReview { Note = note, TheftOrSignificantLoss = theftOrSignificantLoss }, ct);
        if (outcome.Succeeded)
        {
            Message = "Review recorded.";
            return Redirect($"/inventory/closes/{closeId}");
        }

        if (outcome.Refusal!.Kind is RefusalKind.NotFound)
        {
            return NotFound();
        }

        Error = outcome.Refusal.Describe();
        Close = (await closes.GetAsync(closeId, ct)).Value;
        return Page();
    }
}
