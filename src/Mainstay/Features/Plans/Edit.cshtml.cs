using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Planning;
using Mainstay.Features.Access;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Plans;

/// <summary>
/// The plan editor: accept, edit, remove or add any problem, goal, objective or intervention.
/// Works without JavaScript: each problem shows one blank objective and intervention row, and the
/// form ends with a blank problem; blank rows are ignored.
/// </summary>
[Authorize(Policy = Policies.WritePatients)]
public sealed class EditPlanModel(TreatmentPlans plans, PatientRegistry patients) : PageModel
{
    public PatientRecord Patient { get; private set; } = null!;
    public PlanView Plan { get; private set; } = null!;
    public List<ProblemEdit> Problems { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    /// <summary>The plan's updatedAt when the form was opened: the save is refused if the plan changed since.</summary>
    public DateTimeOffset? ReadAt { get; private set; }

    public string? Error(string field) => Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid planId, CancellationToken ct)
    {
        if (await LoadAsync(id, planId, ct) is { } notFound)
        {
            return notFound;
        }

        ReadAt = Plan.UpdatedAt;
        Problems = Plan.Problems.OrderBy(p => p.Priority).Select(p => new ProblemEdit
        {
            Code = p.Code,
            Statement = p.Statement,
            Goal = p.Goal,
            FromFindings = [.. p.FromFindings],
            MedicationOptions = [.. p.MedicationOptions],
            Objectives = p.Objectives.Select(o => new ObjectiveEdit { Text = o.Text, TargetDate = o.TargetDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList(),
            Interventions = p.Interventions.Select(i => new InterventionEdit { Text = i.Text, Frequency = i.Frequency, ResponsibleRole = i.ResponsibleRole, Kind = i.Kind.ToString() }).ToList(),
        }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid planId, CancellationToken ct)
    {
        var edit = Read(Request.Form);
        var outcome = await plans.EditAsync(id, planId, edit, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = $"Plan saved as version {outcome.Value!.Version} (draft until signed).";
            return Redirect($"/patients/{id}/plans/{planId}");
        }

        if (outcome.Refusal!.Kind == RefusalKind.NotFound || await LoadAsync(id, planId, ct) is not null)
        {
            return NotFound();
        }

        Problems = edit.Problems ?? [];
        ReadAt = edit.UpdatedAt; // a refused save keeps what its author read: saving again is checked against that
        Errors = outcome.Refusal.Errors?.ToDictionary() ?? new() { ["plan"] = [outcome.Refusal.Message] };
        return Page();
    }

    /// <summary>Reads p{i}.*, p{i}.o{j}.*, p{i}.n{j}.* fields; drops removed problems and blank rows.</summary>
    internal static PlanEdit Read(IFormCollection form)
    {
        string F(string key) => form[key].ToString().Trim();
        var problems = new List<ProblemEdit>();
        for (var i = 0; form.ContainsKey($"p{i}.statement"); i++)
        {
            if (F($"p{i}.remove") is "true" or "on")
            {
                continue;
            }

            var objectives = new List<ObjectiveEdit>();
            for (var j = 0; form.ContainsKey($"p{i}.o{j}.text"); j++)
            {
                var (text, date) = (F($"p{i}.o{j}.text"), F($"p{i}.o{j}.date"));
                if (text.Length > 0 || date.Length > 0)
                {
                    objectives.Add(new ObjectiveEdit { Text = text, TargetDate = date });
                }
            }

            var interventions = new List<InterventionEdit>();
            for (var j = 0; form.ContainsKey($"p{i}.n{j}.text"); j++)
            {
                var (text, frequency, role) = (F($"p{i}.n{j}.text"), F($"p{i}.n{j}.frequency"), F($"p{i}.n{j}.role"));
                if (text.Length > 0 || frequency.Length > 0)
                {
                    interventions.Add(new InterventionEdit { Text = text, Frequency = frequency, ResponsibleRole = role, Kind = F($"p{i}.n{j}.kind") });
                }
            }

            var (statement, goal) = (F($"p{i}.statement"), F($"p{i}.goal"));
            if (statement.Length == 0 && goal.Length == 0 && objectives.Count == 0 && interventions.Count == 0)
            {
                continue; // the blank "new problem" block
            }

            var meds = F($"p{i}.meds");
            problems.Add(new ProblemEdit
            {
                Code = F($"p{i}.code"),
                Statement = statement,
                Goal = goal,
                FromFindings = F($"p{i}.from").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                MedicationOptions = meds.Length == 0 ? [] : JsonSerializer.Deserialize<List<MedicationOption>>(meds, JsonBody.Options) ?? [],
                Objectives = objectives,
                Interventions = interventions,
            });
        }

        return new PlanEdit { Problems = problems, UpdatedAt = TreatmentPlans.ReadAt(F("updatedAt")) };
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid planId, CancellationToken ct)
    {
        var patient = await patients.LoadRecordAsync(id, ct);
        var plan = await plans.ReadAsync(id, planId, ct);
        if (patient is null || !plan.Succeeded)
        {
            return NotFound();
        }

        Patient = patient;
        Plan = plan.Value!;
        return null;
    }
}
