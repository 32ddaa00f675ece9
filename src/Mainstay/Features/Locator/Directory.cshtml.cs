using Mainstay.Features.Access;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Locator;

/// <summary>Admins keep the public directory: the list, a form to add or change a listing, and a CSV import.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class DirectoryModel(ProgramDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    public IReadOnlyList<ListingView> Listings { get; private set; } = [];
    public ListingView? Editing { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(string? program, string? siteName, string? address, string? city, string? state, string? zip, string? phone,
        string? website, string? hours, string[]? services, string[]? settings, string[]? payments, string? languages, string[]? populations, int? mainstaySiteId,
        bool active, CancellationToken ct)
    {
        var request = new ListingRequest
        {
            Program = program,
            SiteName = siteName,
            Address = address,
            City = city,
            State = state,
            Zip = zip,
            Phone = phone,
            Website = website,
            Hours = hours,
            Services = services,
            Settings = settings,
            Payments = payments,
            Populations = populations,
            MainstaySiteId = mainstaySiteId,
            Active = active,
            Languages = languages?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        var outcome = Edit is { } id ? await directory.UpdateAsync(id, request, ct) : await directory.CreateAsync(request, ct);
        return await AfterAsync(outcome.Refusal, $"Saved {program}.", ct);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0 || file.Length > 10_000_000)
        {
            return await AfterAsync(Refusal.Invalid("file", "Choose a CSV file (at most 10 MB)."), "", ct);
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var outcome = await directory.ImportAsync(await reader.ReadToEndAsync(ct), ct);
        return await AfterAsync(outcome.Refusal, outcome.Value is { } r ? $"Imported {r.Rows} listings: {r.Created} new, {r.Updated} updated." : "", ct);
    }

    private async Task<IActionResult> AfterAsync(Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect("/admin/directory");
        }

        Error = refusal.Describe();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Listings = await directory.AllAsync(ct);
        Editing = Edit is { } id ? await directory.FindAsync(id, ct) : null;
    }
}
