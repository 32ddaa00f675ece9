using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Alerts;

/// <summary>The work list: alerts to act on (danger first) and open follow-ups, for the caller's sites.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class WorkListModel(AlertBook book, ClinicUser user, Discharge.Discharges discharges) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    public WorkList List { get; private set; } = new([], []);
    public IReadOnlyList<Discharge.DueContact> AftercareDue { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayAct => user.Role is Roles.Prescriber or Roles.Nurse or Roles.Counselor or Roles.Intake;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid alertId, CancellationToken ct)
    {
        var outcome = await book.AcknowledgeAsync(alertId, ct);
        return await AfterAsync(outcome.Refusal, outcome.Succeeded ? $"You took on the {outcome.Value!.Kind} alert for {outcome.Value.Patient}." : null, ct);
    }

    public async Task<IActionResult> OnPostResolveAsync(Guid alertId, string? action, string? note, CancellationToken ct)
    {
        var outcome = await book.ResolveAsync(alertId, new ResolveAlert { Action = action, Note = note }, ct);
        return await AfterAsync(outcome.Refusal, outcome.Succeeded ? $"Resolved ({action}): {outcome.Value!.Kind} for {outcome.Value.Patient}." : null, ct);
    }

    private async Task<IActionResult> AfterAsync(Web.Refusal? refusal, string? message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect(Mine ? "/worklist?mine=true" : "/worklist");
        }

        Error = refusal.Describe();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var outcome = await book.WorkListAsync(null, Mine, ct);
        List = outcome.Value ?? new WorkList([], []);
        AftercareDue = (await discharges.DueAsync(null, ct)).Value ?? [];
    }
}
