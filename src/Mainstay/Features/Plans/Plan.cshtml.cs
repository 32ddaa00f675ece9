using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Plans;

/// <summary>The treatment plan page: read and print it; sign, acknowledge and review it.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class PlanModel(TreatmentPlans plans, PatientRegistry patients, ClinicUser user, Assessments.FollowUpList followUps) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;
    public PlanView Plan { get; private set; } = null!;
    public IReadOnlyList<PlanVersionView> Versions { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public List<Assessments.FollowUpView> Work { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public bool MayWrite => Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "");
    public bool MaySign => TreatmentPlans.Signers.Contains(user.Role);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid planId, CancellationToken ct) => await LoadAsync(id, planId, ct);

    public async Task<IActionResult> OnPostSignAsync(Guid id, Guid planId, string? updatedAt, CancellationToken ct) =>
        await AfterAsync(id, planId, await plans.SignAsync(id, planId, new SignPlan { UpdatedAt = TreatmentPlans.ReadAt(updatedAt) }, ct), "Plan signed.", ct);

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid id, Guid planId, string? method, string? patientName, string? witness, CancellationToken ct) =>
        await AfterAsync(id, planId, await plans.AcknowledgeAsync(id, planId, new AcknowledgePlan { Method = method, PatientName = patientName, Witness = witness }, ct),
            "The patient's acknowledgement is recorded.", ct);

    public async Task<IActionResult> OnPostReviewAsync(Guid id, Guid planId, string? notes, CancellationToken ct)
    {
        var progress = Request.Form.Keys.Where(k => k.StartsWith("progress.", StringComparison.Ordinal))
            .ToDictionary(k => k["progress.".Length..], k => Request.Form[k].ToString());
        return await AfterAsync(id, planId, await plans.ReviewAsync(id, planId, new ReviewPlan { Progress = progress, Notes = notes }, ct),
            "Review recorded.", ct);
    }

    public async Task<IActionResult> OnPostCloseFollowUpAsync(Guid id, Guid planId, Guid followUpId, string? status, string? outcome, CancellationToken ct)
    {
        var closed = await followUps.CloseAsync(id, followUpId, new Assessments.CloseFollowUp { Status = status, Outcome = outcome }, ct);
        if (closed.Succeeded)
        {
            Message = $"{closed.Value!.Text}: {closed.Value.Status}.";
            return Redirect($"/patients/{id}/plans/{planId}");
        }

        Errors = closed.Refusal!.Errors?.ToDictionary() ?? new() { ["followUp"] = [closed.Refusal.Message] };
        return await LoadAsync(id, planId, ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Guid planId, Outcome<PlanView> outcome, string done, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            Message = done;
            return Redirect($"/patients/{id}/plans/{planId}");
        }

        if (outcome.Refusal!.Kind == RefusalKind.NotFound)
        {
            return NotFound();
        }

        Errors = outcome.Refusal.Errors?.ToDictionary() ?? new() { ["plan"] = [outcome.Refusal.Message] };
        return await LoadAsync(id, planId, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, Guid planId, CancellationToken ct)
    {
        var patient = await patients.LoadRecordAsync(id, ct);
        var plan = await plans.ReadAsync(id, planId, ct);
        if (patient is null || !plan.Succeeded)
        {
            return NotFound();
        }

        Patient = patient;
        Plan = plan.Value!;
        Versions = (await plans.VersionsAsync(id, planId, ct)).Value ?? [];
        Work = await followUps.OfPatientAsync(id, ct);
        return Page();
    }
}
