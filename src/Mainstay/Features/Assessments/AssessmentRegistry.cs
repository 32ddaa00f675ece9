using System.Text.Json;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mainstay.Features.Assessments;

public sealed record AssessmentSummary(
    Guid Id, string Status, int Version, DateTimeOffset StartedAt, string? StartedBy, DateTimeOffset? CompletedAt,
    DateTimeOffset? SignedAt, string? SignedBy, string? Diagnosis, string? LevelOfCare);

public sealed record AssessmentView(
    Guid Id, Guid PatientId, string Status, int Version, AssessmentContent Content, AssessmentResults Results,
    DateTimeOffset StartedAt, string? StartedBy, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, string? CompletedBy,
    DateTimeOffset? SignedAt, string? SignedBy, IReadOnlyList<AmendmentView> Amendments);

public sealed record AmendmentView(int Version, DateTimeOffset At, string? By, string Reason);

public sealed record AmendAssessment
{
    public string? Reason { get; init; }
    public AssessmentContent? Content { get; init; }

    /// <summary>The version the amendment corrects, as the client read it: refused (409) if another amendment came since.</summary>
    public int? Version { get; init; }
}

/// <summary>
/// Intake assessments: drafts, completion (scores, profile, follow-ups), signature and amendments.
/// One transaction and one audit event per action.
/// </summary>
public sealed class AssessmentRegistry(MainstayDb db, ClinicUser user, AuditTrail audit, Alerts.AlertBook alerts, TimeProvider clock)
{
    /// <summary>Roles that may sign an assessment as final.</summary>
    public static readonly string[] Signers = [Roles.Counselor, Roles.Prescriber];

    public static readonly JsonSerializerOptions Json = new(Web.JsonBody.Options) { WriteIndented = false };

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<AssessmentView>> StartAsync(Guid patientId, AssessmentContent content, CancellationToken ct)
    {
        var patient = await PatientAsync(patientId, ct);
        if (patient is null)
        {
            return NoPatient(patientId);
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "an intake assessment", clock.LocalTimeZone, ct) is { } died)
        {
            return died;
        }

        var now = clock.GetUtcNow();
        var assessment = new Assessment
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = patient.SiteId,
            Status = AssessmentStatus.Draft,
            Version = 1,
            Content = JsonSerializer.Serialize(content, Json),
            StartedAt = now,
            StartedBy = user.Username,
            UpdatedAt = now,
        };
        assessment.Results = JsonSerializer.Serialize(Evaluate(content, patient), Json);
        db.Assessments.Add(assessment);
        audit.Record(AuditActions.Create, "Assessment", assessment.Id.ToString(), patientId, patient.SiteId, "intake assessment started");
        await db.SaveChangesAsync(ct);
        return await ViewAsync(assessment, ct);
    }

    public async Task<Outcome<IReadOnlyList<AssessmentSummary>>> ListAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await PatientAsync(patientId, ct);
        if (patient is null)
        {
            return NoPatient(patientId);
        }

        var rows = await SummariesAsync(patientId, ct);
        await audit.RecordNowAsync(AuditActions.Read, "Assessment", patientId: patientId, siteId: patient.SiteId, detail: $"{rows.Count} assessments listed", ct: ct);
        return rows;
    }

    internal async Task<List<AssessmentSummary>> SummariesAsync(Guid patientId, CancellationToken ct)
    {
        var rows = await db.Assessments.AsNoTracking().Where(a => a.PatientId == patientId)
            .OrderByDescending(a => a.StartedAt).ToListAsync(ct);
        return rows.Select(a =>
        {
            var results = a.Results is null ? null : JsonSerializer.Deserialize<AssessmentResults>(a.Results, Json);
            var diagnosis = results?.Diagnosis is { } d ? $"{d.Severity.ToString().ToLowerInvariant()} OUD ({d.Icd10Code ?? "criteria not met"})" : null;
            return new AssessmentSummary(a.Id, Name(a.Status), a.Version, a.StartedAt, a.StartedBy, a.CompletedAt, a.SignedAt, a.SignedBy,
                diagnosis, results?.Asam is { } asam ? $"{asam.ChosenLevel} {asam.ChosenLevelName}" : null);
        }).ToList();
    }

    public async Task<Outcome<AssessmentView>> ReadAsync(Guid patientId, Guid assessmentId, CancellationToken ct)
    {
        var assessment = await FindAsync(patientId, assessmentId, ct);
        if (assessment is null)
        {
            return NoAssessment(assessmentId);
        }

        await audit.RecordNowAsync(AuditActions.Read, "Assessment", assessmentId.ToString(), patientId, assessment.SiteId, ct: ct);
        return await ViewAsync(assessment, ct);
    }

    /// <summary>Replaces a draft's content. Completed or signed assessments change only by amendment.</summary>
    public async Task<Outcome<AssessmentView>> SaveDraftAsync(Guid patientId, Guid assessmentId, AssessmentContent content, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one action after another
        var assessment = await FindAsync(patientId, assessmentId, ct, tracked: true);
        if (assessment is null)
        {
            return NoAssessment(assessmentId);
        }

        if (assessment.Status != AssessmentStatus.Draft)
        {
            return Refusal.Conflict($"This assessment is {Name(assessment.Status)}; correct it by amendment (POST .../amend with a reason).");
        }

        var patient = (await PatientAsync(patientId, ct))!;
        assessment.Content = JsonSerializer.Serialize(content, Json);
        assessment.Results = JsonSerializer.Serialize(Evaluate(content, patient), Json);
        assessment.UpdatedAt = clock.GetUtcNow();
        audit.Record(AuditActions.Update, "Assessment", assessmentId.ToString(), patientId, assessment.SiteId, "draft saved");
        if (await SaveWithChartAsync(tx, ct) is { } conflict)
        {
            return conflict;
        }

        return await ViewAsync(assessment, ct);
    }

    /// <summary>Completes a draft: everything must score, the diagnosis and placement must be there; follow-ups are opened.</summary>
    public async Task<Outcome<AssessmentView>> CompleteAsync(Guid patientId, Guid assessmentId, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one action after another
        var assessment = await FindAsync(patientId, assessmentId, ct, tracked: true);
        if (assessment is null)
        {
            return NoAssessment(assessmentId);
        }

        if (assessment.Status != AssessmentStatus.Draft)
        {
            return Refusal.Conflict($"This assessment is already {Name(assessment.Status)}.");
        }

        var patient = (await PatientAsync(patientId, ct))!;
        var content = JsonSerializer.Deserialize<AssessmentContent>(assessment.Content, Json)!;
        var results = Evaluate(content, patient);
        var missing = AssessmentScoring.MissingForCompletion(content, results);
        if (missing.Any)
        {
            return Refusal.Invalid(missing);
        }

        var now = clock.GetUtcNow();
        assessment.Results = JsonSerializer.Serialize(results, Json);
        assessment.Status = AssessmentStatus.Completed;
        assessment.CompletedAt = now;
        assessment.CompletedBy = user.Username;
        assessment.UpdatedAt = now;
        await OpenFollowUpsAsync(assessment, results, now, ct);
        await KeepReportedRaceAndEthnicityAsync(assessment, content, now, ct);
        audit.Record(AuditActions.StatusChange, "Assessment", assessmentId.ToString(), patientId, assessment.SiteId,
            $"completed; {results.Profile.Findings.Count} findings, {results.Profile.Alerts.Count} alerts, {results.Profile.FollowUps.Count} follow-ups");
        if (await SaveWithChartAsync(tx, ct) is { } conflict)
        {
            return conflict;
        }

        return await ViewAsync(assessment, ct);
    }

    public async Task<Outcome<AssessmentView>> SignAsync(Guid patientId, Guid assessmentId, CancellationToken ct)
    {
        if (!Signers.Contains(user.Role))
        {
            return Refusal.Forbidden("Only a counselor or a prescriber signs an assessment as final.");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one action after another
        var assessment = await FindAsync(patientId, assessmentId, ct, tracked: true);
        if (assessment is null)
        {
            return NoAssessment(assessmentId);
        }

        if (assessment.Status != AssessmentStatus.Completed)
        {
            return Refusal.Conflict(assessment.Status == AssessmentStatus.Draft
                ? "Complete the assessment before signing it."
                : $"This assessment was already signed by {assessment.SignedBy} on {assessment.SignedAt:yyyy-MM-dd}.");
        }

        assessment.Status = AssessmentStatus.Signed;
        assessment.SignedAt = clock.GetUtcNow();
        assessment.SignedBy = user.Username;
        audit.Record(AuditActions.StatusChange, "Assessment", assessmentId.ToString(), patientId, assessment.SiteId, "signed");
        if (await SaveWithChartAsync(tx, ct) is { } conflict)
        {
            return conflict;
        }

        return await ViewAsync(assessment, ct);
    }

    /// <summary>Corrects a completed or signed assessment: new version, the reason, the old content kept.</summary>
    public async Task<Outcome<AssessmentView>> AmendAsync(Guid patientId, Guid assessmentId, AmendAssessment request, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // read under the write lock: one action after another
        var assessment = await FindAsync(patientId, assessmentId, ct, tracked: true);
        if (assessment is null)
        {
            return NoAssessment(assessmentId);
        }

        if (assessment.Status == AssessmentStatus.Draft)
        {
            return Refusal.Conflict("A draft is edited directly (PUT); amendments are for completed assessments.");
        }

        if (request.Version is { } read && read != assessment.Version)
        {
            return Refusal.Conflict($"The assessment is at version {assessment.Version}, amended since version {read} was read; read it again and amend what it says now.");
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 500)
        {
            errors.Add("reason", "An amendment needs a reason (up to 500 characters).");
        }

        if (request.Content is null)
        {
            errors.Add("content", "An amendment needs the corrected content.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var patient = (await PatientAsync(patientId, ct))!;
        var results = Evaluate(request.Content!, patient);
        var missing = AssessmentScoring.MissingForCompletion(request.Content!, results);
        if (missing.Any)
        {
            return Refusal.Invalid(missing);
        }

        var now = clock.GetUtcNow();
        var before = ReportingAnswersOf(assessment.Content);
        db.AssessmentAmendments.Add(new AssessmentAmendment
        {
            AssessmentId = assessmentId,
            PatientId = patientId,
            SiteId = assessment.SiteId,
            Version = assessment.Version + 1,
            At = now,
            By = user.Username,
            Reason = request.Reason!.Trim(),
            PreviousContent = assessment.Content,
        });
        assessment.Version++;
        assessment.Content = JsonSerializer.Serialize(request.Content, Json);
        assessment.Results = JsonSerializer.Serialize(results, Json);
        assessment.UpdatedAt = now;
        await OpenFollowUpsAsync(assessment, results, now, ct);
        await KeepReportedRaceAndEthnicityAsync(assessment, request.Content!, now, ct, before, request.Reason.Trim());
        audit.Record(AuditActions.Update, "Assessment", assessmentId.ToString(), patientId, assessment.SiteId, $"amended: {request.Reason.Trim()}");
        if (await SaveWithChartAsync(tx, ct) is { } conflict)
        {
            return conflict;
        }

        return await ViewAsync(assessment, ct);
    }

    /// <summary>The profile of the latest completed or signed assessment.</summary>
    public async Task<Outcome<AssessmentView>> LatestCompletedAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await PatientAsync(patientId, ct);
        if (patient is null)
        {
            return NoPatient(patientId);
        }

        var latest = await db.Assessments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.Status != AssessmentStatus.Draft)
            .OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return Refusal.NotFound("This patient has no completed assessment yet.");
        }

        await audit.RecordNowAsync(AuditActions.Read, "RiskFactorProfile", latest.Id.ToString(), patientId, patient.SiteId, ct: ct);
        return await ViewAsync(latest, ct);
    }

    /// <summary>Opens a follow-up for each need the profile names, unless one with the same code is already open.</summary>
    private async Task OpenFollowUpsAsync(Assessment assessment, AssessmentResults results, DateTimeOffset now, CancellationToken ct)
    {
        var open = (await db.FollowUps.Where(f => f.PatientId == assessment.PatientId && f.Status == FollowUpStatus.Open)
            .Select(f => f.Code).ToListAsync(ct)).ToHashSet();
        foreach (var need in results.Profile.FollowUps.Where(n => !open.Contains(n.Code)))
        {
            db.FollowUps.Add(new FollowUp
            {
                Id = Guid.CreateVersion7(now),
                PatientId = assessment.PatientId,
                SiteId = assessment.SiteId,
                AssessmentId = assessment.Id,
                Code = need.Code,
                Text = need.Text,
                DueOn = Today.AddDays(need.DueInDays),
                Priority = need.Priority.ToString().ToLowerInvariant(),
                Status = FollowUpStatus.Open,
                CreatedAt = now,
            });
        }

        if (results.Profile.FollowUps.Any(n => n.Code == "safety-plan"))
        {
            await alerts.RaiseAsync(new Alerts.AlertDraft(assessment.PatientId, assessment.SiteId, "self-harm", "danger",
                "A self-harm answer in the assessment: see the patient today, assess suicide risk and make a safety plan (988 Suicide & Crisis Lifeline).",
                Roles.Counselor, $"assessment:{assessment.Id}"), ct);
        }
    }

    private AssessmentResults Evaluate(AssessmentContent content, Patient patient) =>
        AssessmentScoring.Evaluate(content, patient.SexAtBirth, patient.BirthDate, Today);

    private async Task<AssessmentView> ViewAsync(Assessment a, CancellationToken ct)
    {
        var amendments = await db.AssessmentAmendments.AsNoTracking().Where(m => m.AssessmentId == a.Id)
            .OrderBy(m => m.Version).Select(m => new AmendmentView(m.Version, m.At, m.By, m.Reason)).ToListAsync(ct);
        return new AssessmentView(a.Id, a.PatientId, Name(a.Status), a.Version,
            JsonSerializer.Deserialize<AssessmentContent>(a.Content, Json)!,
            JsonSerializer.Deserialize<AssessmentResults>(a.Results!, Json)!,
            a.StartedAt, a.StartedBy, a.UpdatedAt, a.CompletedAt, a.CompletedBy, a.SignedAt, a.SignedBy, amendments);
    }

    private async Task<Assessment?> FindAsync(Guid patientId, Guid assessmentId, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.Assessments : db.Assessments.AsNoTracking();
        var assessment = await query.SingleOrDefaultAsync(a => a.Id == assessmentId && a.PatientId == patientId, ct);
        return assessment is not null && await user.MayUseSiteAsync(assessment.SiteId, ct) ? assessment : null;
    }

    private Task<Patient?> PatientAsync(Guid patientId, CancellationToken ct) => db.VisiblePatientAsync(user, patientId, ct);

    /// <summary>
    /// The chart takes the race and ethnicity the patient's latest intake reports, in the same transaction (an answer left
    /// unknown keeps the chart's; an amended earlier intake changes nothing on the chart): the FHIR Patient and TEDS use them.
    /// An amendment (<paramref name="before"/>: the answers it replaces) passes on only an answer it changed, so amending
    /// something else does not undo a correction made in the demographics since; an answer it withdraws (back to unknown)
    /// clears the chart's where the chart still holds what the intake had said. A change is the chart's next revision
    /// (<paramref name="amendment"/>: the amendment's reason, named in it).
    /// </summary>
    private async Task KeepReportedRaceAndEthnicityAsync(
        Assessment assessment, AssessmentContent content, DateTimeOffset now, CancellationToken ct, Clinical.Assessment.StateReportingAnswers? before = null, string? amendment = null)
    {
        var given = content.History?.Reporting ?? new Clinical.Assessment.StateReportingAnswers();
        var nothingToPass = before is null
            ? given.Race == Clinical.Assessment.Race.Unknown && given.Ethnicity == Clinical.Assessment.Ethnicity.Unknown
            : given.Race == before.Race && given.Ethnicity == before.Ethnicity;
        if (nothingToPass
            || await db.Assessments.AnyAsync(a => a.PatientId == assessment.PatientId && a.Id != assessment.Id && a.Status != AssessmentStatus.Draft
                && (a.CompletedAt > assessment.CompletedAt || (a.CompletedAt == assessment.CompletedAt && a.Id > assessment.Id)), ct))
        {
            return;
        }

        if (await db.Patients.FindAsync([assessment.PatientId], ct) is not { } chart)
        {
            return;
        }

        var race = Passed(chart.Race, given.Race, before?.Race);
        var ethnicity = Passed(chart.Ethnicity, given.Ethnicity, before?.Ethnicity);
        var changes = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        if (race != chart.Race)
        {
            changes["race"] = [IntakeForm.Kebab(chart.Race), IntakeForm.Kebab(race)];
            chart.Race = race;
        }

        if (ethnicity != chart.Ethnicity)
        {
            changes["ethnicity"] = [IntakeForm.Kebab(chart.Ethnicity), IntakeForm.Kebab(ethnicity)];
            chart.Ethnicity = ethnicity;
        }

        if (changes.Count > 0)
        {
            var reason = before is null ? "the patient's answer at the intake" : "the intake was amended: " + amendment;
            PatientRegistry.RecordRevision(db, chart, changes, reason, user.UserId, user.Username, now);
            audit.Record(AuditActions.Update, "Patient", chart.Id.ToString(), chart.Id, chart.SiteId, $"changed {string.Join(", ", changes.Keys)}; reason: {reason}");
        }
    }

    /// <summary>
    /// Saves the action in the transaction it read under (the write lock: of two completions or signatures at the same
    /// moment the second sees the first and is refused; amendments follow one another), with the chart's race and
    /// ethnicity it passes on.
    /// </summary>
    private async Task<Refusal?> SaveWithChartAsync(IDbContextTransaction tx, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear(); // what failed is not saved again by a later save of this request (the audit of a read)
            return Refusal.Conflict("The assessment or the patient's chart was changed by someone else at the same moment; reload and try again.");
        }
    }

    /// <summary>What the chart holds after an intake's answer (and, for an amendment, the answer it replaced); unknown is the default.</summary>
    private static T Passed<T>(T chart, T given, T? before)
        where T : struct, Enum
    {
        bool Same(T x, T y) => EqualityComparer<T>.Default.Equals(x, y);
        if (before is { } was && Same(given, was))
        {
            return chart;
        }

        if (Same(given, default))
        {
            // Withdrawn by an amendment: cleared if the chart still says what the intake said; else the chart's own.
            return before is { } withdrawn && Same(chart, withdrawn) ? default : chart;
        }

        return given;
    }

    /// <summary>The state-report answers of stored content; null when it has none or cannot be read (every answer then counts as new).</summary>
    private static Clinical.Assessment.StateReportingAnswers? ReportingAnswersOf(string content)
    {
        try
        {
            return JsonSerializer.Deserialize<AssessmentContent>(content, Json)?.History?.Reporting;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Name(AssessmentStatus status) => status switch
    {
        AssessmentStatus.Draft => "draft",
        AssessmentStatus.Completed => "completed",
        AssessmentStatus.Signed => "signed",
    };

    private static Refusal NoPatient(Guid id) => PatientAccess.NotVisible(id);

    private static Refusal NoAssessment(Guid id) => Refusal.NotFound($"There is no assessment {id} for this patient at your sites.");
}
