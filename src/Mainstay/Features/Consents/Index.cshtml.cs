using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Consents;

[Authorize(Policy = Policies.ReadConsents)]
public sealed class ConsentsModel(ConsentRegistry consents, PatientRegistry patients, ClinicUser user, DisclosureList disclosures) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;
    public IReadOnlyList<ConsentView> Consents { get; private set; } = [];
    public IReadOnlyList<DisclosureView> Disclosures { get; private set; } = [];
    public Dictionary<string, string[]> FieldErrors { get; private set; } = [];

    [BindProperty]
    public RecordConsent Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public bool MayWrite => Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Forbid();
        }

        var outcome = await consents.RecordAsync(id, Input, ct);
        if (outcome.Succeeded)
        {
            Message = $"Consent to disclose to {outcome.Value!.Recipient} recorded.";
            return Redirect($"/patients/{id}/consents");
        }

        return await FailAsync(id, outcome.Refusal!, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, Guid consentId, string? reason, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Forbid();
        }

        var outcome = await consents.RevokeAsync(id, consentId, new RevokeConsent { Reason = reason }, ct);
        if (outcome.Succeeded)
        {
            Message = "Consent revoked.";
            return Redirect($"/patients/{id}/consents");
        }

        return await FailAsync(id, outcome.Refusal!, ct);
    }

    private async Task<IActionResult> FailAsync(Guid id, Refusal refusal, CancellationToken ct)
    {
        if (refusal.Kind == RefusalKind.NotFound)
        {
            return NotFound();
        }

        FieldErrors = refusal.Errors?.ToDictionary() ?? new() { ["form"] = [refusal.Message] };
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var listed = await consents.ListAsync(id, ct);
        var patient = await patients.LoadRecordAsync(id, ct);
        if (!listed.Succeeded || patient is null)
        {
            return NotFound();
        }

        Patient = patient;
        Consents = listed.Value!;
        Disclosures = (await disclosures.ForPatientAsync(id, ct)).Value ?? [];
        return Page();
    }
}
