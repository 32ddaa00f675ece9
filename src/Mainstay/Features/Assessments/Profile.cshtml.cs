using Mainstay.Clinical.Assessment;
using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Assessments;

/// <summary>The result of an intake: the risk-factor profile, diagnosis, scores, placement, alerts and follow-ups. Printable.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class ProfileModel(AssessmentRegistry assessments, PatientRegistry patients, FollowUpList followUps, ClinicUser user) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;
    public AssessmentView Assessment { get; private set; } = null!;
    public List<FollowUpView> FollowUps { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MaySign => Assessment.Status == "completed" && AssessmentRegistry.Signers.Contains(user.Role);

    public static string DomainName(RiskDomain domain) => domain switch
    {
        RiskDomain.Psychological => "Psychological",
        RiskDomain.MentalHealth => "Mental health",
        RiskDomain.Environmental => "Environmental",
        RiskDomain.Social => "Social",
        RiskDomain.PrescriptionOpioidPathway => "Prescription-opioid pathway",
        RiskDomain.GeneticFamilyHistory => "Genetic and family history",
        RiskDomain.AvailabilityAccess => "Availability and access",
    };

    public async Task<IActionResult> OnGetAsync(Guid id, Guid assessmentId, CancellationToken ct) =>
        await LoadAsync(id, assessmentId, ct);

    public async Task<IActionResult> OnPostSignAsync(Guid id, Guid assessmentId, CancellationToken ct)
    {
        var signed = await assessments.SignAsync(id, assessmentId, ct);
        if (signed.Succeeded)
        {
            Message = "Assessment signed.";
            return Redirect($"/patients/{id}/assessments/{assessmentId}/profile");
        }

        Error = signed.Refusal!.Message;
        return await LoadAsync(id, assessmentId, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, Guid assessmentId, CancellationToken ct)
    {
        var patient = await patients.LoadRecordAsync(id, ct);
        var assessment = await assessments.ReadAsync(id, assessmentId, ct);
        if (patient is null || !assessment.Succeeded)
        {
            return NotFound();
        }

        if (assessment.Value!.Status == "draft")
        {
            return Redirect($"/patients/{id}/assessments/{assessmentId}");
        }

        Patient = patient;
        Assessment = assessment.Value;
        FollowUps = (await followUps.OfPatientAsync(id, ct)).Where(f => f.Status == "open").ToList();
        return Page();
    }
}
