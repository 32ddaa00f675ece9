using Mainstay.Features.Access;
using Mainstay.Features.Recovery;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Portal;

/// <summary>The patient's portal: today's dose, take-homes, appointments, the plan in plain words, the daily check-in, rewards.</summary>
[Authorize(Policy = Policies.Portal)]
public sealed class PortalModel(PortalRecord record) : PageModel
{
    public PortalSummary Summary { get; private set; } = null!;
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCheckInAsync(int? craving, int? mood, int? sleep, int? stress, string[]? triggers, bool usedSinceLast, string? substances, string? note, CancellationToken ct)
    {
        var outcome = await record.CheckInAsync(RecordCheckIn.FromForm(craving, mood, sleep, stress, triggers, usedSinceLast, substances, note), ct);
        if (outcome.Succeeded)
        {
            Message = outcome.Value!.CounselorAlerted
                ? "Thank you for checking in. Your counselor will see it and reach out. If you need someone now, the numbers at the top are open all day and night."
                : "Thank you for checking in.";
            return Redirect("/portal");
        }

        Error = outcome.Refusal!.Describe();
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var summary = await record.SummaryAsync(ct);
        if (!summary.Succeeded)
        {
            return Forbid();
        }

        Summary = summary.Value!;
        return Page();
    }
}
