using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Screens;

/// <summary>Upload a lab's CSV file of drug-screen results; see what would be imported, rejected or skipped, row by row.</summary>
[Authorize(Policy = Policies.WritePatients)]
[RequestSizeLimit(ScreensApi.MaximumFileBytes + 64 * 1024)]
public sealed class ImportModel(ScreenImport import) : PageModel
{
    public ImportReport? Report { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool dryRun, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = "Choose the lab's CSV file.";
            return Page();
        }

        if (file.Length > ScreensApi.MaximumFileBytes)
        {
            Error = $"The file is larger than {ScreensApi.MaximumFileBytes / 1024 / 1024} MB; split it.";
            return Page();
        }

        using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
        var outcome = await import.ImportAsync(reader, dryRun, ct);
        if (outcome.Succeeded)
        {
            Report = outcome.Value;
        }
        else if (outcome.Refusal!.Violations is ImportReport report)
        {
            Report = report;
            Error = outcome.Refusal.Message;
        }
        else
        {
            Error = outcome.Refusal.Describe();
        }

        return Page();
    }
}
