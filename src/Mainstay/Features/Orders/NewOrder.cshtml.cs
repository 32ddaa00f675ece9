using System.Globalization;
using Mainstay.Clinical.Medication;
using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Orders;

/// <summary>The prescriber's order form: the rules an order breaks are shown, and a warning is placed only with a recorded reason.</summary>
[Authorize(Policy = Policies.WritePatients)]
public sealed class NewOrderModel(MedicationOrders orders, PatientRegistry patients, ClinicUser user) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;
    public List<OrderView> Orders { get; private set; } = [];
    public IReadOnlyList<RuleFinding> Violations { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public string? Refused { get; private set; }

    [BindProperty]
    public PlaceOrder Input { get; set; } = new();

    /// <summary>One key per opened form, sent as the order's Idempotency-Key: a form sent twice places one order.</summary>
    [BindProperty]
    public string? FormKey { get; set; }

    public bool IsPrescriber => user.Role == Roles.Prescriber;

    private static string NewFormKey() => "order-form:" + Guid.NewGuid().ToString("N");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Input = new PlaceOrder { StartDate = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        FormKey = NewFormKey();
        return await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var outcome = await orders.PlaceAsync(id, Input, string.IsNullOrWhiteSpace(FormKey) ? null : FormKey.Trim(), ct);
        if (outcome.Succeeded)
        {
            var order = outcome.Value!.Order;
            TempData["Message"] = $"Order placed: {order.Medication} {order.DoseMg} mg from {order.StartDate:yyyy-MM-dd}.";
            return Redirect($"/patients/{id}");
        }

        if (outcome.Refusal!.Kind == Web.RefusalKind.NotFound)
        {
            return NotFound();
        }

        if (outcome.Refusal.Message == MedicationOrders.KeyReused)
        {
            // This form placed an order already (sent, then changed after going back): the change is a new order, with a key of its own.
            ModelState.Remove(nameof(FormKey));
            FormKey = NewFormKey();
            Refused = "This form already placed an order, which stands (see the orders below). The order as you changed it was not placed: check it and place it again to make it the next version.";
            return await LoadAsync(id, ct);
        }

        Refused = outcome.Refusal.Message;
        Violations = outcome.Refusal.Violations as IReadOnlyList<RuleFinding> ?? [];
        Errors = outcome.Refusal.Errors?.ToDictionary() ?? [];
        return await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostTaperAsync(Guid id, Guid orderId, decimal? percentPerStep, int? daysPerStep, decimal? floorMg, string? overrideReason, CancellationToken ct)
    {
        var outcome = await orders.TaperAsync(id, orderId, new TaperRequest
        {
            PercentPerStep = percentPerStep,
            DaysPerStep = daysPerStep,
            FloorMg = floorMg,
            OverrideReason = overrideReason,
        }, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = $"Taper ordered: {string.Join(" → ", outcome.Value!.Select(o => o.DoseMg.ToString("0.##", CultureInfo.InvariantCulture)))} mg.";
            return Redirect($"/patients/{id}/orders/new");
        }

        Refused = outcome.Refusal!.Message;
        Violations = outcome.Refusal.Violations as IReadOnlyList<RuleFinding> ?? [];
        Errors = outcome.Refusal.Errors?.ToDictionary() ?? [];
        return await LoadAsync(id, ct);
    }

    public IReadOnlyList<ScheduleStep> LowDoseSchedule => InductionSchedules.LowDoseBuprenorphine(DateOnly.FromDateTime(DateTime.UtcNow));

    [TempData]
    public string? Message { get; set; }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await patients.LoadRecordAsync(id, ct);
        if (patient is null || !await user.MayUseSiteAsync(patient.SiteId, ct))
        {
            return NotFound();
        }

        Patient = patient;
        Orders = await orders.OfPatientAsync(id, ct);
        return Page();
    }
}
