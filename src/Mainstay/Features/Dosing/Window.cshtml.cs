using System.Globalization;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Dosing;

/// <summary>The nurse's dosing window: today's queue at one site, one form per patient.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class WindowModel(DosingWindow window, TakeHomeSchedules takeHomes, MainstayDb db, ClinicUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? SiteId { get; set; }

    public List<SiteView> Sites { get; private set; } = [];
    public IReadOnlyList<QueueRow> Queue { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayDose => user.Role is Roles.Nurse or Roles.Prescriber;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(Guid patientId, Guid orderId, string? amountMg, string? partialReason, string? witness,
        bool identityConfirmed, bool sedationSigns, bool sedationChecked, CancellationToken ct)
    {
        // A hold too: holding the wrong patient's order would stop their dose, and leave the sedated patient's open.
        if (!identityConfirmed)
        {
            Error = sedationSigns
                ? "Confirm the patient's identity (photo and birth date) before holding the dose: the hold goes on this patient's order."
                : "Confirm the patient's identity (photo and birth date) before dosing.";
            await LoadAsync(ct);
            return Page();
        }

        var outcome = await window.DispenseAsync(new DispenseRequest
        {
            PatientId = patientId,
            OrderId = orderId,
            AmountMg = decimal.TryParse(amountMg, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a : null,
            PartialReason = string.IsNullOrWhiteSpace(partialReason) ? null : partialReason,
            Witness = witness,
            SedationSigns = sedationSigns,
            SedationChecked = sedationChecked,
        }, null, ct);
        if (outcome.Succeeded)
        {
            var d = outcome.Value.Dispense;
            Message = $"Dosed: {d.Medication} {d.AmountMg.ToString("0.##", CultureInfo.InvariantCulture)} mg (lot {d.Lot}) at {d.At:HH:mm}.";
            return Redirect($"/dosing?siteId={SiteId}");
        }

        Error = outcome.Refusal!.Errors is { } errors ? string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)) : outcome.Refusal.Message;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostTakeHomesAsync(Guid patientId, Guid orderId, CancellationToken ct)
    {
        var outcome = await takeHomes.HandOutAsync(new HandOutRequest { PatientId = patientId, OrderId = orderId }, ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/dosing/labels/{patientId}");
        }

        Error = outcome.Refusal!.Message;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = await SitesApi.SitesOf(db, user, ct);
        SiteId ??= Sites.FirstOrDefault()?.Id;
        if (SiteId is { } site)
        {
            var queue = await window.QueueAsync(site, null, ct);
            Queue = queue.Value ?? [];
            Error ??= queue.Refusal?.Message;
        }
    }
}
