using Mainstay.Data;
using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Overdose;

/// <summary>A patient's naloxone kits and overdoses, with the forms to record them.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class NaloxoneModel(OverdosePrevention prevention, MainstayDb db, ClinicUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid PatientId { get; set; }

    public string PatientName { get; private set; } = "";
    public NaloxoneRecord Record { get; private set; } = new([], [], false, null);
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayWrite => user.Role is Roles.Prescriber or Roles.Nurse or Roles.Counselor;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostKitAsync(string? product, int? quantity, string? lot, string? expiresOn, string? recipient, bool educationGiven, string? note,
        CancellationToken ct)
    {
        var outcome = await prevention.DispenseKitAsync(PatientId, new KitRequest
        {
            Product = product,
            Quantity = quantity,
            Lot = lot,
            ExpiresOn = expiresOn,
            Recipient = recipient,
            EducationGiven = educationGiven,
            Note = note,
        }, ct);
        return await AfterAsync(outcome.Refusal, "Naloxone kit recorded.", ct);
    }

    public async Task<IActionResult> OnPostOverdoseAsync(string? occurredOn, bool naloxoneUsed, string? reversedBy, bool hospital, string? hospitalName, bool fatal,
        string? substances, string? source, string? note, CancellationToken ct)
    {
        var outcome = await prevention.ReportAsync(PatientId, new OverdoseReport
        {
            OccurredOn = occurredOn,
            NaloxoneUsed = naloxoneUsed,
            ReversedBy = reversedBy,
            Hospital = hospital,
            HospitalName = hospitalName,
            Fatal = fatal,
            Substances = substances,
            Source = source,
            Note = note,
        }, ct);
        return await AfterAsync(outcome.Refusal, "Overdose recorded: a danger alert is on the prescriber's work list and the plan review is due.", ct);
    }

    private async Task<IActionResult> AfterAsync(Web.Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/patients/{PatientId}/naloxone");
        }

        Error = refusal.Describe();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var record = await prevention.ReadAsync(PatientId, ct);
        if (!record.Succeeded)
        {
            return false;
        }

        Record = record.Value!;
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == PatientId, ct);
        PatientName = $"{patient.FamilyName}, {patient.GivenName}";
        return true;
    }
}
