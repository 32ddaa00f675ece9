using Mainstay.Clinical.Screens;
using Mainstay.Data;
using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Screens;

/// <summary>A patient's drug screens: the results grid, each reading, and the point-of-care cup form.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class ScreensModel(DrugScreens screens, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid PatientId { get; set; }

    public string PatientName { get; private set; } = "";
    public IReadOnlyList<ScreenView> Screens { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayRecord => user.Role is Roles.Prescriber or Roles.Nurse;

    public static IReadOnlyList<string> Panel { get; } = [.. Enum.GetValues<Analyte>().Select(ScreenInterpretation.Code)];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? specimen, string? reason, bool observed, decimal? temperatureC, decimal? creatinineMgPerDl,
        decimal? specificGravity, decimal? ph, CancellationToken ct)
    {
        var analytes = Panel.Select(code => (code, value: Request.Form["a-" + code].ToString()))
            .Where(a => a.value is "positive" or "negative").ToDictionary(a => a.code, a => a.value);
        var outcome = await screens.OrderAsync(PatientId, new ScreenOrder
        {
            Specimen = specimen,
            Reason = reason,
            Results = new ScreenResults
            {
                Observed = observed,
                TemperatureC = temperatureC,
                CreatinineMgPerDl = creatinineMgPerDl,
                SpecificGravity = specificGravity,
                Ph = ph,
                Analytes = analytes,
            },
        }, ct);
        if (outcome.Succeeded)
        {
            var s = outcome.Value!;
            Message = s.Findings.Count == 0
                ? "Screen recorded: nothing to flag."
                : $"Screen recorded: {string.Join(", ", s.Findings.Select(f => f.Code))}. Alerts for the prescriber are on the work list.";
            return Redirect($"/patients/{PatientId}/screens");
        }

        Error = outcome.Refusal!.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>Cancels an ordered screen; a specimen the patient refused or did not give is recorded as missed.</summary>
    public async Task<IActionResult> OnPostCancelAsync(Guid screenId, string? cancelReason, bool missedByPatient, CancellationToken ct)
    {
        var outcome = await screens.CancelAsync(PatientId, screenId, cancelReason, missedByPatient, ct);
        if (outcome.Succeeded)
        {
            Message = missedByPatient ? "Screen cancelled and recorded as a missed specimen." : "Screen cancelled.";
            return Redirect($"/patients/{PatientId}/screens");
        }

        Error = outcome.Refusal!.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var list = await screens.ForPatientAsync(PatientId, ct);
        if (!list.Succeeded)
        {
            return false;
        }

        Screens = list.Value!;
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == PatientId, ct);
        PatientName = $"{patient.FamilyName}, {patient.GivenName}";
        return true;
    }
}
