using System.Globalization;
using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Withdrawal;

/// <summary>The withdrawal flowsheet: chart and table of readings, the next assessment due, a form for the next reading.</summary>
[Authorize(Policy = Policies.ReadPatients)]
public sealed class FlowsheetModel(WithdrawalUnit unit, PatientRegistry patients, ClinicUser user) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;
    public EpisodeView Episode { get; private set; } = null!;
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public bool MayWrite => Policies.RolesFor[Policies.WritePatients].Contains(user.Role ?? "");

    public async Task<IActionResult> OnGetAsync(Guid id, Guid episodeId, CancellationToken ct) => await LoadAsync(id, episodeId, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, Guid episodeId, CancellationToken ct)
    {
        var form = Request.Form;
        Dictionary<string, int>? Answers(string prefix)
        {
            var answers = form.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Select(k => (Item: k[prefix.Length..], Text: form[k].ToString()))
                .Where(a => int.TryParse(a.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                .ToDictionary(a => a.Item, a => int.Parse(a.Text, CultureInfo.InvariantCulture));
            return answers.Count == 0 ? null : answers;
        }

        int? Int(string name) => int.TryParse(form[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        decimal? Dec(string name) => decimal.TryParse(form[name], NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
        DateTimeOffset? When(string name) => DateTimeOffset.TryParse(form[name], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v) ? v : null;

        var outcome = await unit.RecordAsync(id, episodeId, new RecordReading
        {
            Cows = Answers("cows."),
            Sows = Answers("sows."),
            PulseBpm = Int("pulse"),
            SystolicMmHg = Int("systolic"),
            DiastolicMmHg = Int("diastolic"),
            TemperatureC = Dec("temperature"),
            RespiratoryRate = Int("respiratoryRate"),
            SpO2Percent = Int("spo2"),
            LastOpioidSubstance = form["lastSubstance"],
            LastOpioidUseAt = When("lastUseAt"),
            ComfortMedications = form["comfort"],
            Notes = form["notes"],
        }, ct);
        return await AfterAsync(id, episodeId, outcome, "Reading recorded.", ct);
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, Guid episodeId, string? reason, string? onMaintenance, CancellationToken ct) =>
        await AfterAsync(id, episodeId, await unit.EndAsync(id, episodeId, new EndEpisode
        {
            Reason = reason,
            OnMaintenance = onMaintenance switch { "yes" => true, "no" => false, _ => null },
        }, ct), "Episode ended.", ct);

    private async Task<IActionResult> AfterAsync(Guid id, Guid episodeId, Outcome<EpisodeView> outcome, string done, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            Message = done;
            return Redirect($"/patients/{id}/withdrawal/{episodeId}");
        }

        if (outcome.Refusal!.Kind == RefusalKind.NotFound)
        {
            return NotFound();
        }

        Errors = outcome.Refusal.Errors?.ToDictionary() ?? new() { ["episode"] = [outcome.Refusal.Message] };
        return await LoadAsync(id, episodeId, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, Guid episodeId, CancellationToken ct)
    {
        var patient = await patients.LoadRecordAsync(id, ct);
        var episode = await unit.ReadAsync(id, episodeId, ct);
        if (patient is null || !episode.Succeeded)
        {
            return NotFound();
        }

        Patient = patient;
        Episode = episode.Value!;
        return Page();
    }
}
