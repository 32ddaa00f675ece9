using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Patients;

/// <summary>The identification photo the dosing window shows: see it and replace it (JPEG or PNG, at most 2 MB).</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class PhotoModel(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid PatientId { get; set; }

    public Patient Patient { get; private set; } = null!;
    public bool HasPhoto { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool MayChange => Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(IFormFile? photo, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!MayChange)
        {
            return Forbid();
        }

        Refusal? refusal;
        if (photo is null || photo.Length == 0)
        {
            refusal = Refusal.Invalid("photo", "Choose a JPEG or PNG photo.");
        }
        else if (photo.Length > PatientPhotoApi.MaximumBytes)
        {
            refusal = Refusal.Invalid("photo", "The photo is larger than 2 MB.");
        }
        else
        {
            using var buffer = new MemoryStream();
            await photo.CopyToAsync(buffer, ct);
            refusal = await PatientPhotoApi.StoreAsync(Patient, buffer.ToArray(), db, user, audit, clock, ct);
        }

        if (refusal is null)
        {
            Message = "Photo saved: the dosing window shows it from now on.";
            return Redirect($"/patients/{PatientId}/photo");
        }

        Error = refusal.Describe();
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, PatientId, ct);
        if (patient is null)
        {
            return false;
        }

        Patient = patient;
        HasPhoto = await db.PatientPhotos.AnyAsync(p => p.PatientId == PatientId, ct);
        return true;
    }
}
