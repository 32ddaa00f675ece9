using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Patients;

/// <summary>The patient chart: header (who, allergies, alerts), demographics, status and history.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class ChartModel(
    PatientRegistry registry, ClinicUser user, Consents.ConsentRegistry consents, Assessments.AssessmentRegistry assessments, Assessments.FollowUpList followUps,
    Plans.TreatmentPlans plans, Withdrawal.WithdrawalUnit withdrawal, Orders.MedicationOrders orders, Data.MainstayDb db,
    Discharge.DeathCorrections deaths)
    : PageModel
{
    public PatientRecord? Patient { get; private set; }
    public IReadOnlyList<PatientRevision> History { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public List<Consents.ConsentView> ActiveConsents { get; private set; } = [];
    public List<Assessments.AssessmentSummary> AssessmentList { get; private set; } = [];
    public List<Assessments.FollowUpView> OpenFollowUps { get; private set; } = [];
    public Plans.TreatmentPlan? Plan { get; private set; }
    public List<Orders.OrderView> ActiveOrders { get; private set; } = [];
    public List<Withdrawal.EpisodeView> Episodes { get; private set; } = [];
    public List<Alerts.PatientAlert> OpenAlerts { get; private set; } = [];
    public Screens.DrugScreen? LastScreen { get; private set; }
    public int OutsideRecordCount { get; private set; }
    public List<Admissions.TreatmentEpisode> TreatmentEpisodes { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>Changes need the right role and the patient's site: a chart opened under emergency access is read only.</summary>
    public bool MayWrite => Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "") && Patient?.EmergencyAccessUntil is null;

    /// <summary>The patient died (an episode's discharge says so): the chart offers nothing that starts care again.</summary>
    public bool Deceased => Patient?.Alerts.Any(a => a.Kind == "deceased") == true;

    /// <summary>May start an assessment, a withdrawal episode or a plan here (the services refuse them for the dead too).</summary>
    public bool MayBeginCare => MayWrite && !Deceased;

    /// <summary>May discharge an episode (the discharge page shows others the draft only).</summary>
    public bool MayDischarge => user.Role is Roles.Prescriber or Roles.Counselor or Roles.Nurse;

    /// <summary>The program director may undo a death recorded in error (<see cref="Discharge.DeathCorrections"/>).</summary>
    public bool MayCorrectDeath => Deceased && user.Role == Roles.Director;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostCorrectDeathAsync(Guid id, string? reason, CancellationToken ct)
    {
        var outcome = await deaths.CorrectAsync(id, new Discharge.DeathCorrection { Reason = reason }, ct);
        return await AfterPostAsync(id, outcome.Refusal, outcome.Value is { } done
            ? $"The death is corrected: {done.EpisodesReopened} episode(s) reopened, {done.OrdersHeld} order(s) held for their prescribers' review; the sites were alerted."
            : "", ct);
    }

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

    public async Task<IActionResult> OnPostStartAssessmentAsync(Guid id, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Forbid();
        }

        var started = await assessments.StartAsync(id, new Assessments.AssessmentContent(), ct);
        return started.Succeeded ? Redirect($"/patients/{id}/assessments/{started.Value!.Id}") : NotFound();
    }

    public async Task<IActionResult> OnPostStartWithdrawalAsync(Guid id, string? setting, string? protocol, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Forbid();
        }

        var started = await withdrawal.StartAsync(id, new Withdrawal.StartEpisode { Setting = setting, Protocol = protocol }, ct);
        return started.Succeeded ? Redirect($"/patients/{id}/withdrawal/{started.Value!.Id}") : await AfterPostAsync(id, started.Refusal, "", ct);
    }

    public async Task<IActionResult> OnPostDraftPlanAsync(Guid id, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Forbid();
        }

        var drafted = await plans.DraftAsync(id, ct);
        if (drafted.Succeeded)
        {
            return Redirect($"/patients/{id}/plans/{drafted.Value!.Id}");
        }

        return await AfterPostAsync(id, drafted.Refusal, "", ct);
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
        // The chart read above is the audited access; these are parts of the same chart.
        History = await registry.RevisionsOfAsync(id, ct);
        ActiveConsents = await consents.ActiveForChartAsync(id, ct);
        AssessmentList = await assessments.SummariesAsync(id, ct);
        OpenFollowUps = (await followUps.OfPatientAsync(id, ct)).Where(f => f.Status == "open").ToList();
        Plan = await plans.OfPatientAsync(id, ct);
        ActiveOrders = (await orders.OfPatientAsync(id, ct)).Where(o => o.Status is "active" or "held").ToList();
        Episodes = (await withdrawal.ListAsync(id, ct)).Value?.ToList() ?? [];
        OpenAlerts = await db.PatientAlerts.AsNoTracking().Where(a => a.PatientId == id && a.Status != "resolved").OrderBy(a => a.RaisedAt).ToListAsync(ct);
        LastScreen = (await db.DrugScreens.AsNoTracking().Where(s => s.PatientId == id && s.Status == "resulted").ToListAsync(ct))
            .OrderByDescending(s => s.CollectedAt).FirstOrDefault();
        OutsideRecordCount = await db.OutsideRecords.CountAsync(r => r.PatientId == id && r.ResourceType != "Patient", ct);
        var scope = await user.ScopeAsync(ct);
        TreatmentEpisodes = (await db.TreatmentEpisodes.AsNoTracking().Where(e => e.PatientId == id).OrderByDescending(e => e.AdmittedAt).ToListAsync(ct))
            .Where(e => scope.Includes(e.SiteId)).ToList();
        return Page();
    }
}
