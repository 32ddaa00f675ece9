using Mainstay.Clinical.Dosing;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Dosing;

/// <summary>A patient's take-home decisions (decide, recall) and bottles (returned-bottle check).</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class TakeHomesModel(TakeHomeSchedules takeHomes, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid PatientId { get; set; }

    public string PatientName { get; private set; } = "";
    public IReadOnlyList<TakeHomeDecisionView> Decisions { get; private set; } = [];
    public IReadOnlyList<DispenseView> Bottles { get; private set; } = [];
    public List<MedicationOrder> Orders { get; private set; } = [];
    public List<string> Findings { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayDecide => user.Role == Roles.Prescriber;
    public bool MayRecall => user.Role is Roles.Prescriber or Roles.Nurse;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid orderId, List<string> clinicDays, int? everyDays, int? closureDays, bool noActiveSubstanceUseOrRisk,
        bool regularAttendance, bool noSeriousBehavioralProblems, bool noRecentDiversion, bool safeTransportAndStorage, string? otherConsiderations,
        string? overrideReason, CancellationToken ct)
    {
        var outcome = await takeHomes.DecideAsync(PatientId, new TakeHomeDecisionRequest
        {
            OrderId = orderId,
            ClinicDays = clinicDays.Count > 0 ? clinicDays : null,
            EveryDays = everyDays,
            ClosureDays = closureDays,
            OverrideReason = overrideReason,
            Criteria = new TakeHomeCriteria
            {
                NoActiveSubstanceUseOrRisk = noActiveSubstanceUseOrRisk,
                RegularAttendance = regularAttendance,
                NoSeriousBehavioralProblems = noSeriousBehavioralProblems,
                NoRecentDiversion = noRecentDiversion,
                SafeTransportAndStorage = safeTransportAndStorage,
                OtherConsiderations = otherConsiderations,
            },
        }, ct);
        return await AfterAsync(outcome.Refusal, outcome.Succeeded ? $"Take-homes signed: {outcome.Value!.Schedule}." : null, ct);
    }

    public async Task<IActionResult> OnPostRecallAsync(Guid decisionId, string? reason, CancellationToken ct)
    {
        var outcome = await takeHomes.RecallAsync(PatientId, decisionId, new ReasonRequest { Reason = reason }, ct);
        return await AfterAsync(outcome.Refusal, "Take-homes recalled: daily observed dosing until a new decision.", ct);
    }

    public async Task<IActionResult> OnPostReturnAsync(Guid bottleId, string? check, string? witness, string? note, CancellationToken ct)
    {
        var outcome = await takeHomes.ReturnAsync(bottleId, new BottleReturnRequest { Check = check, Witness = witness, Note = note }, ct);
        return await AfterAsync(outcome.Refusal, $"Bottle checked in: {check}.", ct);
    }

    private async Task<IActionResult> AfterAsync(Web.Refusal? refusal, string? message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/patients/{PatientId}/take-homes");
        }

        Error = refusal.Errors is { } errors ? string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)) : refusal.Message;
        if (refusal.Violations is IEnumerable<RuleFinding> findings)
        {
            Findings = findings.Select(f => $"{f.Message} ({f.Source})").ToList();
        }

        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var decisions = await takeHomes.ListAsync(PatientId, ct);
        if (!decisions.Succeeded)
        {
            return false;
        }

        Decisions = decisions.Value!;
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == PatientId, ct);
        PatientName = $"{patient.FamilyName}, {patient.GivenName}";
        Orders = await db.MedicationOrders.AsNoTracking()
            .Where(o => o.PatientId == PatientId && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Scheduled) && o.Medication != Clinical.Medication.Moud.Naltrexone)
            .OrderByDescending(o => o.Version).ToListAsync(ct);
        Bottles = (await db.Dispenses.AsNoTracking().Where(d => d.PatientId == PatientId && d.TakeHome).ToListAsync(ct))
            .OrderByDescending(d => d.DoseDate).Take(60).Select(DosingWindow.View).ToList();
        return true;
    }
}
