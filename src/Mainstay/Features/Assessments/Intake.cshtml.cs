using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Assessments;

/// <summary>The intake assessment form: history, instruments, complications, ASAM; save a draft or complete.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class IntakeModel(AssessmentRegistry assessments, PatientRegistry patients, ClinicUser user) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;
    public AssessmentView Assessment { get; private set; } = null!;
    public Dictionary<string, string[]> Problems { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public bool Editable => Assessment.Status == "draft" && Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "");

    public string? Problem(string field) => Problems.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid assessmentId, CancellationToken ct) =>
        await LoadAsync(id, assessmentId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid assessmentId, string? intent, CancellationToken ct)
    {
        if (!Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? ""))
        {
            return Forbid();
        }

        var formErrors = new FieldErrors();
        var content = IntakeForm.Read(Request.Form, formErrors);
        var saved = await assessments.SaveDraftAsync(id, assessmentId, content, ct);
        if (!saved.Succeeded)
        {
            return saved.Refusal!.Kind == RefusalKind.NotFound ? NotFound() : await ShowAsync(id, assessmentId, saved.Refusal.Errors ?? Single("form", saved.Refusal.Message), ct);
        }

        if (formErrors.Any)
        {
            return await ShowAsync(id, assessmentId, formErrors, ct);
        }

        if (intent == "complete")
        {
            var completed = await assessments.CompleteAsync(id, assessmentId, ct);
            if (!completed.Succeeded)
            {
                return await ShowAsync(id, assessmentId, completed.Refusal!.Errors ?? Single("form", completed.Refusal.Message), ct);
            }

            return Redirect($"/patients/{id}/assessments/{assessmentId}/profile");
        }

        Message = "Draft saved. Scores below are from what is answered so far.";
        return Redirect($"/patients/{id}/assessments/{assessmentId}");
    }

    private async Task<IActionResult> ShowAsync(Guid id, Guid assessmentId, FieldErrors errors, CancellationToken ct)
    {
        if (await LoadAsync(id, assessmentId, ct) is { } notFound)
        {
            return notFound;
        }

        Problems = errors.ToDictionary();
        return Page();
    }

    private static FieldErrors Single(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid assessmentId, CancellationToken ct)
    {
        var patient = await patients.LoadRecordAsync(id, ct);
        var assessment = await assessments.ReadAsync(id, assessmentId, ct);
        if (patient is null || !assessment.Succeeded)
        {
            return NotFound();
        }

        Patient = patient;
        Assessment = assessment.Value!;
        Problems = Assessment.Status == "draft"
            ? Assessment.Results.Problems.ToDictionary(p => p.Key, p => p.Value)
            : [];
        return null;
    }
}
