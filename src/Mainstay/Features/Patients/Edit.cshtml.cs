using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Patients;

/// <summary>Editing demographics in the browser: the same rules, revision and audit as PATCH /api/v1/patients/{id}.</summary>
[Authorize(Policy = Policies.WritePatients)]
public sealed class EditModel(PatientRegistry registry) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;

    [BindProperty]
    public UpdateDemographics Input { get; set; } = new();

    /// <summary>
    /// The race and ethnicity the form was opened with: the form sends them only when the user changed them, so that saving
    /// another field never puts back what it was opened with (an intake or a received record sets them too; those count the
    /// chart's version up, so a form opened before is refused anyway).
    /// </summary>
    [BindProperty]
    public string? RaceAsOpened { get; set; }

    [BindProperty]
    public string? EthnicityAsOpened { get; set; }

    public Dictionary<string, string[]> FieldErrors { get; private set; } = [];

    /// <summary>After a refusal because the chart changed since the form was opened: the revisions made since, newest first.</summary>
    public IReadOnlyList<PatientRevision> ChangedSince { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var outcome = await registry.ReadAsync(id, ct);
        if (!outcome.Succeeded)
        {
            return NotFound();
        }

        Patient = outcome.Value!;
        Input = new UpdateDemographics
        {
            GivenName = Patient.GivenName,
            MiddleName = Patient.MiddleName,
            FamilyName = Patient.FamilyName,
            PreferredName = Patient.PreferredName,
            BirthDate = Patient.BirthDate.ToString("yyyy-MM-dd"),
            SexAtBirth = Patient.SexAtBirth,
            GenderIdentity = Patient.GenderIdentity,
            Phone = Patient.Phone,
            Email = Patient.Email,
            AddressLine = Patient.AddressLine,
            City = Patient.City,
            State = Patient.State,
            PostalCode = Patient.PostalCode,
            PreferredLanguage = Patient.PreferredLanguage,
            Race = Patient.Race,
            Ethnicity = Patient.Ethnicity,
            Version = Patient.Version,
        };
        (RaceAsOpened, EthnicityAsOpened) = (Patient.Race, Patient.Ethnicity);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        // A form sends every field: an emptied optional field is a cleared one.
        var outcome = await registry.UpdateAsync(id, Input with
        {
            MiddleName = Input.MiddleName ?? "",
            PreferredName = Input.PreferredName ?? "",
            GenderIdentity = Input.GenderIdentity ?? "",
            Phone = Input.Phone ?? "",
            Email = Input.Email ?? "",
            AddressLine = Input.AddressLine ?? "",
            City = Input.City ?? "",
            State = Input.State ?? "",
            PostalCode = Input.PostalCode ?? "",
            PreferredLanguage = Input.PreferredLanguage ?? "",
            Race = Input.Race == RaceAsOpened ? null : Input.Race ?? "",
            Ethnicity = Input.Ethnicity == EthnicityAsOpened ? null : Input.Ethnicity ?? "",
            GivenName = Input.GivenName ?? "",
            FamilyName = Input.FamilyName ?? "",
            BirthDate = Input.BirthDate ?? "",
        }, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = "Demographics saved.";
            return Redirect($"/patients/{id}");
        }

        if (outcome.Refusal!.Kind == Web.RefusalKind.NotFound)
        {
            return NotFound();
        }

        FieldErrors = outcome.Refusal.Errors?.ToDictionary() ?? new() { ["version"] = [outcome.Refusal.Message] };
        var current = await registry.LoadRecordAsync(id, ct);
        if (current is null)
        {
            return NotFound();
        }

        Patient = current;
        if (outcome.Refusal.Kind == Web.RefusalKind.Conflict)
        {
            // Read as the chart's history is (site checked, audited): the refused save left nothing to be saved with it.
            ChangedSince = [.. ((await registry.HistoryAsync(id, ct)).Value ?? []).Where(r => r.Version > (Input.Version ?? 0))];
        }

        return Page();
    }
}
