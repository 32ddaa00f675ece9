using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Planning;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mainstay.Features.Plans;

public sealed record PlanView(
    Guid Id, Guid PatientId, Guid? AssessmentId, string Status, int Version, DateOnly StartsOn, IReadOnlyList<PlanProblem> Problems,
    DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset UpdatedAt, string? UpdatedBy, DateTimeOffset? SignedAt, string? SignedBy,
    string? AcknowledgementMethod, string? AcknowledgedBy, string? AcknowledgementWitness, DateTimeOffset? AcknowledgedAt,
    DateOnly? NextReviewOn, bool ReviewOverdue, IReadOnlyList<PlanReviewView> Reviews);

public sealed record PlanVersionView(int Version, DateTimeOffset SignedAt, string? SignedBy, string? ChangeSummary, IReadOnlyList<PlanProblem> Problems);

public sealed record PlanReviewView(DateOnly ReviewedOn, string? ReviewedBy, IReadOnlyDictionary<string, string> Progress, string? Notes, DateOnly NextReviewOn);

/// <summary>The program's plan review schedule (days), configurable in settings as Plans:Review.</summary>
public sealed class PlanOptions
{
    public int EarlyPeriodDays { get; set; } = 90;
    public int EarlyIntervalDays { get; set; } = 30;
    public int LaterIntervalDays { get; set; } = 90;

    public ReviewRule Rule => new(EarlyPeriodDays, EarlyIntervalDays, LaterIntervalDays);
}

/// <summary>Drafting, editing, signing, acknowledging and reviewing treatment plans. One transaction and audit event per action.</summary>
public sealed class TreatmentPlans(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, IOptions<PlanOptions> options)
{
    /// <summary>Roles that sign a plan as the responsible clinician.</summary>
    public static readonly string[] Signers = [Roles.Counselor, Roles.Prescriber];

    public static readonly string[] ResponsibleRoles =
        [Roles.Counselor, Roles.Prescriber, Roles.Nurse, Roles.Intake, "case-manager", "peer-recovery-coach", "patient"];

    public static readonly string[] ProgressStates = ["met", "progressing", "not-progressing", "revised"];

    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>Drafts a plan from the latest completed assessment. One plan per patient: a second draft is refused.</summary>
    public async Task<Outcome<PlanView>> DraftAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await PatientAsync(patientId, ct);
        if (patient is null)
        {
            return NoPatient(patientId);
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "a treatment plan", clock.LocalTimeZone, ct) is { } died)
        {
            return died;
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // a draft sent twice finds the first
        if (await db.TreatmentPlans.AnyAsync(p => p.PatientId == patientId, ct))
        {
            return Refusal.Conflict("This patient already has a treatment plan; edit it (a change after signing becomes a new version).");
        }

        var assessment = await db.Assessments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.Status != AssessmentStatus.Draft)
            .OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        if (assessment is null)
        {
            return new Refusal(RefusalKind.Unprocessable, "Complete an intake assessment first: the plan is drafted from it.");
        }

        var drafted = PlanDrafter.Draft(DraftInput(assessment, Today));

        var now = clock.GetUtcNow();
        var plan = new TreatmentPlan
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = patient.SiteId,
            AssessmentId = assessment.Id,
            Status = PlanStatus.Draft,
            Version = 1,
            Content = JsonSerializer.Serialize(drafted.Problems, Json),
            StartsOn = Today,
            CreatedAt = now,
            CreatedBy = user.Username,
            UpdatedAt = now,
            UpdatedBy = user.Username,
        };
        db.TreatmentPlans.Add(plan);
        audit.Record(AuditActions.Create, "CarePlan", plan.Id.ToString(), patientId, patient.SiteId,
            $"drafted from assessment {assessment.Id}: {drafted.Problems.Count} problems");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(plan, ct);
    }

    /// <summary>What the drafter reads from a completed assessment, for a plan starting on <paramref name="startsOn"/>.</summary>
    public static PlanDraftInput DraftInput(Assessment assessment, DateOnly startsOn)
    {
        var content = JsonSerializer.Deserialize<AssessmentContent>(assessment.Content, Json)!;
        var results = JsonSerializer.Deserialize<AssessmentResults>(assessment.Results!, Json)!;
        return new PlanDraftInput
        {
            Profile = results.Profile,
            History = content.History ?? new Clinical.Assessment.IntakeHistory(),
            Diagnosis = results.Diagnosis,
            LevelOfCare = results.Asam?.ChosenLevel,
            ChoosesMethadone = content.Asam?.ChoosesMethadone == true,
            CowsTotal = results.Scores.GetValueOrDefault(Clinical.Instruments.Cows.Code)?.Total,
            StartsOn = startsOn,
        };
    }

    public async Task<Outcome<PlanView>> ReadAsync(Guid patientId, Guid planId, CancellationToken ct)
    {
        var plan = await FindAsync(patientId, planId, ct);
        if (plan is null)
        {
            return NoPlan(planId);
        }

        await audit.RecordNowAsync(AuditActions.Read, "CarePlan", planId.ToString(), patientId, plan.SiteId, ct: ct);
        return await ViewAsync(plan, ct);
    }

    /// <summary>The patient's plan id, if there is one (for the chart).</summary>
    internal async Task<TreatmentPlan?> OfPatientAsync(Guid patientId, CancellationToken ct) =>
        await db.TreatmentPlans.AsNoTracking().SingleOrDefaultAsync(p => p.PatientId == patientId, ct);

    /// <summary>Replaces the problems. Editing a signed plan opens the next version as a draft.</summary>
    public async Task<Outcome<PlanView>> EditAsync(Guid patientId, Guid planId, PlanEdit edit, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one change after another
        var plan = await FindAsync(patientId, planId, ct, tracked: true);
        if (plan is null)
        {
            return NoPlan(planId);
        }

        if (ChangedSince(plan, edit.UpdatedAt) is { } changed)
        {
            return changed;
        }

        var (problems, errors) = Validate(edit, plan.StartsOn);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (plan.Status == PlanStatus.Signed)
        {
            plan.Status = PlanStatus.Draft;
            plan.Version++;
        }

        plan.Content = JsonSerializer.Serialize(problems, Json);
        plan.UpdatedAt = clock.GetUtcNow();
        plan.UpdatedBy = user.Username;
        audit.Record(AuditActions.Update, "CarePlan", planId.ToString(), patientId, plan.SiteId, $"version {plan.Version} edited: {problems.Count} problems");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(plan, ct);
    }

    public async Task<Outcome<PlanView>> SignAsync(Guid patientId, Guid planId, SignPlan request, CancellationToken ct)
    {
        if (!Signers.Contains(user.Role))
        {
            return Refusal.Forbidden("Only a counselor or a prescriber signs a treatment plan.");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one change after another
        var plan = await FindAsync(patientId, planId, ct, tracked: true);
        if (plan is null)
        {
            return NoPlan(planId);
        }

        if (plan.Status == PlanStatus.Signed)
        {
            return Refusal.Conflict($"Version {plan.Version} is already signed; edit the plan to make a new version.");
        }

        if (ChangedSince(plan, request.UpdatedAt) is { } changed)
        {
            return changed;
        }

        var problems = Problems(plan);
        if (problems.Count == 0)
        {
            return Refusal.Invalid("problems", "An empty plan cannot be signed: it needs at least one problem with a goal.");
        }

        var previous = await db.TreatmentPlanVersions.AsNoTracking().Where(v => v.PlanId == planId)
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        db.TreatmentPlanVersions.Add(new TreatmentPlanVersion
        {
            PlanId = planId,
            PatientId = patientId,
            SiteId = plan.SiteId,
            Version = plan.Version,
            Content = plan.Content,
            SignedAt = now,
            SignedBy = user.Username,
            ChangeSummary = previous is null ? "first signed version" : Summarize(JsonSerializer.Deserialize<List<PlanProblem>>(previous.Content, Json)!, problems),
        });
        plan.Status = PlanStatus.Signed;
        plan.SignedAt = now;
        plan.SignedBy = user.Username;
        plan.AcknowledgedAt = null;
        plan.AcknowledgedBy = null;
        plan.AcknowledgementMethod = null;
        plan.AcknowledgementWitness = null;
        plan.NextReviewOn ??= PlanReviews.NextReview(plan.StartsOn, Today, options.Value.Rule);
        audit.Record(AuditActions.StatusChange, "CarePlan", planId.ToString(), patientId, plan.SiteId, $"version {plan.Version} signed");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(plan, ct);
    }

    public async Task<Outcome<PlanView>> AcknowledgeAsync(Guid patientId, Guid planId, AcknowledgePlan request, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one change after another
        var plan = await FindAsync(patientId, planId, ct, tracked: true);
        if (plan is null)
        {
            return NoPlan(planId);
        }

        if (plan.Status != PlanStatus.Signed)
        {
            return Refusal.Conflict("The clinician signs the plan first; the patient then acknowledges the signed version.");
        }

        var errors = new FieldErrors();
        var method = request.Method?.Trim().ToLowerInvariant();
        if (method is not ("signature-on-screen" or "verbal-with-witness"))
        {
            errors.Add("method", "method must be signature-on-screen or verbal-with-witness.");
        }

        if (string.IsNullOrWhiteSpace(request.PatientName) || request.PatientName.Trim().Length > 200)
        {
            errors.Add("patientName", "patientName is required: the name the patient signed or said.");
        }

        if (method == "verbal-with-witness" && (string.IsNullOrWhiteSpace(request.Witness) || request.Witness.Trim().Length > 200))
        {
            errors.Add("witness", "A verbal acknowledgement needs the witness's name.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        plan.AcknowledgementMethod = method;
        plan.AcknowledgedBy = request.PatientName!.Trim();
        plan.AcknowledgementWitness = method == "verbal-with-witness" ? request.Witness!.Trim() : null;
        plan.AcknowledgedAt = clock.GetUtcNow();
        audit.Record(AuditActions.StatusChange, "CarePlan", planId.ToString(), patientId, plan.SiteId, $"version {plan.Version} acknowledged by the patient ({method})");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(plan, ct);
    }

    public async Task<Outcome<IReadOnlyList<PlanVersionView>>> VersionsAsync(Guid patientId, Guid planId, CancellationToken ct)
    {
        var plan = await FindAsync(patientId, planId, ct);
        if (plan is null)
        {
            return NoPlan(planId);
        }

        var versions = await db.TreatmentPlanVersions.AsNoTracking().Where(v => v.PlanId == planId).OrderByDescending(v => v.Version).ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Read, "CarePlanVersions", planId.ToString(), patientId, plan.SiteId, ct: ct);
        return versions.Select(v => new PlanVersionView(v.Version, v.SignedAt, v.SignedBy, v.ChangeSummary,
            JsonSerializer.Deserialize<List<PlanProblem>>(v.Content, Json)!)).ToList();
    }

    public async Task<Outcome<PlanView>> ReviewAsync(Guid patientId, Guid planId, ReviewPlan request, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one change after another
        var plan = await FindAsync(patientId, planId, ct, tracked: true);
        if (plan is null)
        {
            return NoPlan(planId);
        }

        if (plan.Status != PlanStatus.Signed && plan.Version == 1)
        {
            return Refusal.Conflict("A plan is reviewed after it has been signed.");
        }

        var problems = Problems(plan);
        var errors = new FieldErrors();
        var progress = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            if (request.Progress is null || !request.Progress.TryGetValue(problem.Code, out var state) || string.IsNullOrWhiteSpace(state))
            {
                errors.Add($"progress.{problem.Code}", $"Record progress for '{problem.Statement}': met, progressing, not-progressing or revised.");
            }
            else if (!ProgressStates.Contains(state.Trim().ToLowerInvariant()))
            {
                errors.Add($"progress.{problem.Code}", $"'{state}' is not a progress state; use met, progressing, not-progressing or revised.");
            }
            else
            {
                progress[problem.Code] = state.Trim().ToLowerInvariant();
            }
        }

        foreach (var unknown in (request.Progress?.Keys.ToList() ?? []).Where(k => problems.All(p => p.Code != k)))
        {
            errors.Add($"progress.{unknown}", $"The plan has no problem '{unknown}'.");
        }

        if (request.Notes is { Length: > 2000 })
        {
            errors.Add("notes", "notes are longer than 2000 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim();
        var recorded = JsonSerializer.Serialize(progress, Json);
        var signedAt = plan.SignedAt;
        if (await db.PlanReviews.AsNoTracking().AnyAsync(r => r.PlanId == planId && r.ReviewedOn == Today && r.ReviewedBy == user.Username
                && r.Progress == recorded && r.Notes == notes && (signedAt == null || r.CreatedAt >= signedAt), ct))
        {
            return await ViewAsync(plan, ct); // the same review of the same signed version sent again (a form sent twice): recorded once
        }

        var next = PlanReviews.NextReview(plan.StartsOn, Today, options.Value.Rule);
        db.PlanReviews.Add(new PlanReview
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            PlanId = planId,
            PatientId = patientId,
            SiteId = plan.SiteId,
            ReviewedOn = Today,
            ReviewedBy = user.Username,
            Progress = recorded,
            Notes = notes,
            NextReviewOn = next,
            CreatedAt = clock.GetUtcNow(),
        });
        plan.NextReviewOn = next;
        audit.Record(AuditActions.Create, "CarePlanReview", planId.ToString(), patientId, plan.SiteId,
            string.Join(", ", progress.Select(p => $"{p.Key}={p.Value}")));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(plan, ct);
    }

    /// <summary>A page's hidden updatedAt (written as ISO 8601, "O"), read whatever the server's culture; null when absent or unreadable.</summary>
    internal static DateTimeOffset? ReadAt(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    /// <summary>
    /// The refusal of a change made to the plan as the caller read it (<paramref name="read"/>, its updatedAt) when it has been
    /// changed since. Compared to the microsecond, the precision PostgreSQL keeps.
    /// </summary>
    private static Refusal? ChangedSince(TreatmentPlan plan, DateTimeOffset? read) =>
        read is { } r && r.UtcTicks / 10 != plan.UpdatedAt.UtcTicks / 10
            ? Refusal.Conflict($"The plan was changed by {plan.UpdatedBy ?? "someone else"} since you read it (version {plan.Version}, {plan.Status.ToString().ToLowerInvariant()}); "
                + "open it again and make your change on what it holds now.")
            : null;

    /// <summary>Plans at the user's sites that need a signature, or whose review is due within a week or overdue.</summary>
    public async Task<List<WorkListItem>> WorkListAsync(CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var sites = scope.SiteIds.ToList();
        var soon = Today.AddDays(7);
        var rows = await db.TreatmentPlans.AsNoTracking()
            .Where(p => sites.Contains(p.SiteId) && (p.Status == PlanStatus.Draft || (p.NextReviewOn != null && p.NextReviewOn <= soon)))
            .Join(db.Patients, p => p.PatientId, pt => pt.Id, (p, pt) => new { Plan = p, pt.GivenName, pt.FamilyName, pt.Mrn })
            .OrderBy(r => r.Plan.NextReviewOn)
            .Take(200)
            .ToListAsync(ct);
        return rows.Select(r => new WorkListItem(r.Plan.PatientId, r.Plan.Id, $"{r.FamilyName}, {r.GivenName}", r.Mrn,
                r.Plan.Status == PlanStatus.Draft ? "needs signature" : PlanReviews.IsOverdue(r.Plan.NextReviewOn!.Value, Today) ? "review overdue" : "review due",
                r.Plan.NextReviewOn, r.Plan.Version))
            .OrderBy(i => i.Reason == "review overdue" ? 0 : i.Reason == "needs signature" ? 1 : 2).ThenBy(i => i.DueOn)
            .ToList();
    }

    public sealed record WorkListItem(Guid PatientId, Guid PlanId, string Patient, string Mrn, string Reason, DateOnly? DueOn, int Version);

    private static (List<PlanProblem> Problems, FieldErrors Errors) Validate(PlanEdit edit, DateOnly startsOn)
    {
        var errors = new FieldErrors();
        var problems = new List<PlanProblem>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var list = edit.Problems ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            var at = $"problems[{i}]";
            var statement = Required(errors, $"{at}.statement", p.Statement, 500, "the problem in the patient's words");
            var goal = Required(errors, $"{at}.goal", p.Goal, 500, "a measurable goal");
            var code = string.IsNullOrWhiteSpace(p.Code) ? $"problem-{i + 1}" : p.Code.Trim().ToLowerInvariant();
            if (!codes.Add(code))
            {
                code = $"{code}-{i + 1}";
                codes.Add(code);
            }

            var objectives = new List<PlanObjective>();
            var os = p.Objectives ?? [];
            for (var j = 0; j < os.Count; j++)
            {
                var o = os[j];
                var text = Required(errors, $"{at}.objectives[{j}].text", o.Text, 500, "what will be done or measured");
                DateOnly? target = null;
                if (string.IsNullOrWhiteSpace(o.TargetDate))
                {
                    errors.Add($"{at}.objectives[{j}].targetDate", "Every objective needs a target date (YYYY-MM-DD).");
                }
                else if (!DateOnly.TryParseExact(o.TargetDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    errors.Add($"{at}.objectives[{j}].targetDate", $"'{o.TargetDate}' is not a date written YYYY-MM-DD.");
                }
                else if (d < startsOn)
                {
                    errors.Add($"{at}.objectives[{j}].targetDate", $"The target date {d:yyyy-MM-dd} is before the plan starts ({startsOn:yyyy-MM-dd}).");
                }
                else
                {
                    target = d;
                }

                if (text is not null && target is not null)
                {
                    objectives.Add(new PlanObjective(text, target.Value));
                }
            }

            if (os.Count == 0)
            {
                errors.Add($"{at}.objectives", "A goal needs at least one objective with a target date.");
            }

            var interventions = new List<PlanIntervention>();
            var ins = p.Interventions ?? [];
            for (var j = 0; j < ins.Count; j++)
            {
                var n = ins[j];
                var text = Required(errors, $"{at}.interventions[{j}].text", n.Text, 500, "what the care team will do");
                var frequency = Required(errors, $"{at}.interventions[{j}].frequency", n.Frequency, 100, "how often (e.g. weekly)");
                var role = n.ResponsibleRole?.Trim().ToLowerInvariant();
                if (string.IsNullOrEmpty(role))
                {
                    errors.Add($"{at}.interventions[{j}].responsibleRole", "Every intervention needs the responsible staff role.");
                    role = null;
                }
                else if (!ResponsibleRoles.Contains(role))
                {
                    errors.Add($"{at}.interventions[{j}].responsibleRole", $"'{n.ResponsibleRole}' is not a role; use one of {string.Join(", ", ResponsibleRoles)}.");
                    role = null;
                }

                var kind = InterventionKind.Therapy;
                if (!string.IsNullOrWhiteSpace(n.Kind) && !Enum.TryParse(n.Kind.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out kind))
                {
                    errors.Add($"{at}.interventions[{j}].kind", $"'{n.Kind}' is not a kind of intervention.");
                }

                if (text is not null && frequency is not null && role is not null)
                {
                    interventions.Add(new PlanIntervention(text, frequency, role, kind));
                }
            }

            if (ins.Count == 0)
            {
                errors.Add($"{at}.interventions", "A problem needs at least one intervention.");
            }

            if (statement is not null && goal is not null)
            {
                problems.Add(new PlanProblem(code, statement, p.FromFindings ?? [], goal, objectives, interventions, p.MedicationOptions ?? [], i + 1));
            }
        }

        return (problems, errors);
    }

    private static string? Required(FieldErrors errors, string field, string? value, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required: {what}.");
            return null;
        }

        if (value.Trim().Length > max)
        {
            errors.Add(field, $"{field} is longer than {max} characters.");
            return null;
        }

        return value.Trim();
    }

    private static string Summarize(List<PlanProblem> before, List<PlanProblem> after)
    {
        var added = after.Where(a => before.All(b => b.Code != a.Code)).Select(a => a.Code).ToList();
        var removed = before.Where(b => after.All(a => a.Code != b.Code)).Select(b => b.Code).ToList();
        var edited = after.Where(a => before.Any(b => b.Code == a.Code && JsonSerializer.Serialize(b, Json) != JsonSerializer.Serialize(a, Json)))
            .Select(a => a.Code).ToList();
        var parts = new List<string>();
        if (added.Count > 0)
        {
            parts.Add("added " + string.Join(", ", added));
        }

        if (removed.Count > 0)
        {
            parts.Add("removed " + string.Join(", ", removed));
        }

        if (edited.Count > 0)
        {
            parts.Add("edited " + string.Join(", ", edited));
        }

        return parts.Count == 0 ? "no change in content" : string.Join("; ", parts);
    }

    internal static List<PlanProblem> Problems(TreatmentPlan plan) =>
        JsonSerializer.Deserialize<List<PlanProblem>>(plan.Content, Json) ?? [];

    private async Task<PlanView> ViewAsync(TreatmentPlan p, CancellationToken ct)
    {
        var reviews = await db.PlanReviews.AsNoTracking().Where(r => r.PlanId == p.Id).OrderByDescending(r => r.ReviewedOn).ThenByDescending(r => r.CreatedAt)
            .ToListAsync(ct);
        return new PlanView(p.Id, p.PatientId, p.AssessmentId, p.Status == PlanStatus.Draft ? "draft" : "signed", p.Version, p.StartsOn, Problems(p),
            p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy, p.SignedAt, p.SignedBy, p.AcknowledgementMethod, p.AcknowledgedBy,
            p.AcknowledgementWitness, p.AcknowledgedAt, p.NextReviewOn, p.NextReviewOn is { } due && PlanReviews.IsOverdue(due, Today),
            reviews.Select(r => new PlanReviewView(r.ReviewedOn, r.ReviewedBy,
                JsonSerializer.Deserialize<Dictionary<string, string>>(r.Progress, Json)!, r.Notes, r.NextReviewOn)).ToList());
    }

    private async Task<TreatmentPlan?> FindAsync(Guid patientId, Guid planId, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.TreatmentPlans : db.TreatmentPlans.AsNoTracking();
        var plan = await query.SingleOrDefaultAsync(p => p.Id == planId && p.PatientId == patientId, ct);
        return plan is not null && await user.MayUseSiteAsync(plan.SiteId, ct) ? plan : null;
    }

    private Task<Patient?> PatientAsync(Guid patientId, CancellationToken ct) => db.VisiblePatientAsync(user, patientId, ct);

    private static Refusal NoPatient(Guid id) => PatientAccess.NotVisible(id);

    private static Refusal NoPlan(Guid id) => Refusal.NotFound($"There is no treatment plan {id} for this patient at your sites.");
}
