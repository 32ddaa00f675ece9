using Mainstay.Data;
using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>Upload a FHIR Bundle another system sent (a hospital's discharge record, a transfer): all of it or nothing, entry by entry.</summary>
[Authorize(Policy = Policies.WritePatients)]
[RequestSizeLimit(FhirWire.MaximumBundleBytes + 64 * 1024)]
public sealed class ImportModel(FhirBundleImport import, ClinicUser user, MainstayDb db) : PageModel
{
    public BundleReport? Report { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<Sites.Site> Sites { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadSitesAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, int? siteId, CancellationToken ct)
    {
        await LoadSitesAsync(ct);
        if (file is null || file.Length == 0)
        {
            Error = "Choose the FHIR Bundle file (JSON).";
            return Page();
        }

        if (file.Length > FhirWire.MaximumBundleBytes)
        {
            Error = $"The file is larger than {FhirWire.MaximumBundleBytes / 1024 / 1024} MB; ask for it in parts or use 'mainstay import fhir'.";
            return Page();
        }

        if (siteId is not { } site || Sites.All(s => s.Id != site))
        {
            Error = "Choose the site where new patients are registered.";
            return Page();
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var (resource, error) = FhirWire.ParseForImport<R4.Resource>(await reader.ReadToEndAsync(ct));
        if (resource is not R4.Bundle bundle)
        {
            Error = error ?? $"The file holds a {resource?.TypeName}, not a Bundle.";
            return Page();
        }

        try
        {
            Report = await import.ImportAsync(bundle, site, Path.GetFileName(file.FileName), atomic: true, ct);
        }
        catch (DbUpdateException e) when (Data.StorageFailures.Classify(e) is null) // a busy or full database gets the error page
        {
            Error = "Another import stored some of these records at the same moment; send the file again (a second import is safe).";
        }

        return Page();
    }

    private async Task LoadSitesAsync(CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var ids = scope.SiteIds.ToList();
        Sites = await db.Sites.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Id).ToListAsync(ct);
    }
}
