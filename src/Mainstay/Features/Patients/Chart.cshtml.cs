using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Patients;

/// <summary>The patient chart: header (who, allergies, alerts), demographics, status and history.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class ChartModel(PatientRegistry registry, ClinicUser user) : PageModel
{
    public PatientRecord? Patient { get; private set; }
    public IReadOnlyList<PatientRevision> History { get; private set; } = [];
    public List<string> Errors { get; } = [];

    [TempData]
    public string? Message { get; set; }

    public bool MayWrite => Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAllergyAsync(Guid id, string? substance, string? reaction, string? severity, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Forbid();
        }

        var outcome = await registry.RecordAllergyAsync(id, new RecordAllergy { Substance = substance, Reaction = reaction, Severity = severity }, ct);
        return await AfterPostAsync(id, outcome.Refusal, $"Allergy to {substance} recorded.", ct);
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, string? status, string? reason, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Forbid();
        }

        var outcome = await registry.ChangeStatusAsync(id, new ChangePatientStatus { Status = status, Reason = reason }, ct);
        return await AfterPostAsync(id, outcome.Refusal, $"Status is now {status}.", ct);
    }

    private async Task<IActionResult> AfterPostAsync(Guid id, Web.Refusal? refusal, string done, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = done;
            return RedirectToPage(new { id });
        }

        if (refusal.Kind == Web.RefusalKind.NotFound)
        {
            return NotFound();
        }

        Errors.AddRange(refusal.Errors?.ToDictionary().SelectMany(e => e.Value) ?? [refusal.Message]);
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var outcome = await registry.ReadAsync(id, ct);
        if (!outcome.Succeeded)
        {
            return NotFound();
        }

        Patient = outcome.Value;
        History = await registry.RevisionsOfAsync(id, ct); // the chart read above is the audited access
        return Page();
    }
}
