using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Medication;
using Mainstay.Clinical.Screens;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Alerts;
using Mainstay.Features.Audit;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Screens;

/// <summary>POST /api/v1/patients/{id}/screens: order a screen; with results it is recorded at once (point-of-care cup).</summary>
public sealed record ScreenOrder
{
    /// <summary>urine (default) or oral-fluid.</summary>
    public string? Specimen { get; init; }

    /// <summary>random (default), scheduled, admission, for-cause or take-home-review.</summary>
    public string? Reason { get; init; }

    public ScreenResults? Results { get; init; }
}

/// <summary>POST /api/v1/patients/{id}/screens/{screenId}/results: the collection and what the cup or the lab found.</summary>
public sealed record ScreenResults
{
    /// <summary>When the specimen was collected (ISO 8601); default now.</summary>
    public DateTimeOffset? CollectedAt { get; init; }

    public bool? Observed { get; init; }
    public decimal? TemperatureC { get; init; }
    public decimal? CreatinineMgPerDl { get; init; }
    public decimal? SpecificGravity { get; init; }
    public decimal? Ph { get; init; }
    public bool? AdulterantDetected { get; init; }
    public string? Lab { get; init; }
    public string? Accession { get; init; }

    /// <summary>Analyte code → positive or negative, e.g. {"fentanyl":"positive","6-mam":"negative"}. Analytes left out were not tested.</summary>
    public Dictionary<string, string>? Analytes { get; init; }
}

public sealed record ScreenView(
    Guid Id, Guid PatientId, int SiteId, string Specimen, string Reason, string Status, DateTimeOffset OrderedAt, string OrderedBy,
    DateTimeOffset? CollectedAt, bool Observed, string? Lab, string? Accession, DateTimeOffset? ResultedAt, string? ResultedBy,
    IReadOnlyDictionary<string, string> Analytes, string? Validity, IReadOnlyList<ScreenFinding> Findings, string? ReadAgainst,
    bool IllicitOpioidUse, bool FentanylUse, bool PossibleDiversion, bool OpioidNegative,
    decimal? TemperatureC, decimal? CreatinineMgPerDl, decimal? SpecificGravity, decimal? Ph, bool AdulterantDetected);

/// <summary>
/// Drug screens of a patient: ordering, results by hand or from the lab import, the reading against the medication the
/// patient is on, and the alerts a reading raises (fentanyl or heroin, a dangerous combination, possible diversion,
/// illicit opioid use while on take-home doses) — all in the transaction that stores the result.
/// </summary>
public sealed class DrugScreens(MainstayDb db, ClinicUser user, AuditTrail audit, AlertBook alerts, TimeProvider clock, Recovery.ContingencyBook contingency)
{
    public static readonly string[] Specimens = ["urine", "oral-fluid"];
    public static readonly string[] Reasons = ["random", "scheduled", "admission", "for-cause", "take-home-review"];

    internal static readonly JsonSerializerOptions Json = Assessments.AssessmentRegistry.Json;

    public async Task<Outcome<ScreenView>> OrderAsync(Guid patientId, ScreenOrder request, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (user.Role is not (Roles.Prescriber or Roles.Nurse or Roles.Counselor))
        {
            return Refusal.Forbidden("Only a prescriber, nurse or counselor orders drug screens.");
        }

        var errors = new FieldErrors();
        var specimen = request.Specimen?.Trim().ToLowerInvariant() ?? "urine";
        if (!Specimens.Contains(specimen))
        {
            errors.Add("specimen", "specimen must be urine or oral-fluid.");
        }

        var reason = request.Reason?.Trim().ToLowerInvariant() ?? "random";
        if (!Reasons.Contains(reason))
        {
            errors.Add("reason", $"reason must be one of: {string.Join(", ", Reasons)}.");
        }

        var parsed = request.Results is null ? null : Parse(request.Results, errors, "results.");
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // results given with the order: their accession is checked once
        var now = clock.GetUtcNow();
        var screen = new DrugScreen
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = patient.SiteId,
            Specimen = specimen,
            Reason = reason,
            Status = "ordered",
            OrderedAt = now,
            OrderedBy = user.Username ?? "unknown",
        };
        db.DrugScreens.Add(screen);
        audit.Record(AuditActions.Create, "DrugScreen", screen.Id.ToString(), patientId, patient.SiteId, $"{specimen} screen ordered ({reason})");
        if (parsed is not null)
        {
            if (await DuplicateAccessionAsync(parsed, ct) is { } duplicate)
            {
                return duplicate;
            }

            await RecordAsync(screen, parsed, ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(screen);
    }

    public async Task<Outcome<ScreenView>> ResultAsync(Guid patientId, Guid screenId, ScreenResults request, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (user.Role is not (Roles.Prescriber or Roles.Nurse))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber records drug-screen results.");
        }

        // Under the write lock: results (with what they raise: alerts, a contingency draw) are recorded once, and a result
        // and a cancellation at the same moment apply one after the other.
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var screen = await db.DrugScreens.SingleOrDefaultAsync(s => s.Id == screenId && s.PatientId == patientId, ct);
        if (screen is null)
        {
            return Refusal.NotFound($"There is no drug screen {screenId} for this patient.");
        }

        if (screen.Status != "ordered")
        {
            return Refusal.Conflict($"This screen is already {screen.Status}; results are recorded once.");
        }

        var errors = new FieldErrors();
        var parsed = Parse(request, errors, "");
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (await DuplicateAccessionAsync(parsed!, ct) is { } duplicate)
        {
            return duplicate;
        }

        await RecordAsync(screen, parsed!, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // what failed (the results, their alerts) is not saved again by a later save of this request
            return Refusal.Conflict("Results for this screen were recorded at the same moment by someone else; reload it.");
        }

        return View(screen);
    }

    public async Task<Outcome<ScreenView>> CancelAsync(Guid patientId, Guid screenId, string? reason, bool missedByPatient, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        // Under the write lock: results (with what they raise: alerts, a contingency draw) are recorded once, and a result
        // and a cancellation at the same moment apply one after the other.
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var screen = await db.DrugScreens.SingleOrDefaultAsync(s => s.Id == screenId && s.PatientId == patientId, ct);
        if (screen is null)
        {
            return Refusal.NotFound($"There is no drug screen {screenId} for this patient.");
        }

        if (screen.Status != "ordered")
        {
            return Refusal.Conflict($"This screen is already {screen.Status}.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 500)
        {
            return Refusal.Invalid("reason", "Say why the screen is cancelled (up to 500 characters), e.g. \"patient unable to give a specimen\".");
        }

        screen.Status = "cancelled";
        screen.CancelReason = reason.Trim();
        audit.Record(AuditActions.StatusChange, "DrugScreen", screen.Id.ToString(), patientId, screen.SiteId,
            $"cancelled{(missedByPatient ? " (missed by the patient)" : "")}: {screen.CancelReason}");
        if (missedByPatient)
        {
            await contingency.RecordMissedScreenAsync(screen, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), screen.CancelReason, ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(screen);
    }

    public async Task<Outcome<IReadOnlyList<ScreenView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var screens = await db.DrugScreens.AsNoTracking().Where(s => s.PatientId == patientId).ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Read, "DrugScreen", patientId: patientId, siteId: patient.SiteId, detail: $"{screens.Count} screens", ct: ct);
        return screens.OrderByDescending(s => s.CollectedAt ?? s.OrderedAt).Select(View).ToList();
    }

    /// <summary>A checked set of results, ready to store.</summary>
    internal sealed record ParsedResults(
        DateTimeOffset CollectedAt, bool Observed, decimal? TemperatureC, decimal? CreatinineMgPerDl, decimal? SpecificGravity, decimal? Ph,
        bool AdulterantDetected, string? Lab, string? Accession, IReadOnlyDictionary<Analyte, AnalyteResult> Analytes);

    /// <summary>Checks results from the API or a CSV row; errors are named with <paramref name="prefix"/> (e.g. "results.").</summary>
    internal ParsedResults? Parse(ScreenResults r, FieldErrors errors, string prefix)
    {
        var before = errors.ToDictionary().Count;
        var now = clock.GetUtcNow();
        var collectedAt = r.CollectedAt ?? now;
        if (collectedAt > now.AddMinutes(5))
        {
            errors.Add(prefix + "collectedAt", "collectedAt is in the future.");
        }

        if (collectedAt < now.AddYears(-2))
        {
            errors.Add(prefix + "collectedAt", "collectedAt is more than two years ago.");
        }

        Range(r.TemperatureC, 0m, 50m, "temperatureC", "°C");
        Range(r.CreatinineMgPerDl, 0m, 1000m, "creatinineMgPerDl", "mg/dL");
        Range(r.SpecificGravity, 0.9m, 1.2m, "specificGravity", "");
        Range(r.Ph, 0m, 14m, "ph", "");
        Text(r.Lab, 100, "lab");
        Text(r.Accession, 60, "accession");
        if (r.Accession is not null && string.IsNullOrWhiteSpace(r.Lab))
        {
            errors.Add(prefix + "lab", "lab is required with an accession number (an accession is unique within its lab).");
        }

        var analytes = new Dictionary<Analyte, AnalyteResult>();
        if (r.Analytes is null || r.Analytes.Count == 0)
        {
            errors.Add(prefix + "analytes", "Give at least one analyte result, e.g. {\"fentanyl\":\"negative\"}.");
        }
        else
        {
            foreach (var (code, value) in r.Analytes)
            {
                if (!ScreenInterpretation.TryParseAnalyte(code, out var analyte))
                {
                    errors.Add($"{prefix}analytes.{code}",
                        $"'{code}' is not an analyte of the panel ({string.Join(", ", Enum.GetValues<Analyte>().Select(ScreenInterpretation.Code))}).");
                    continue;
                }

                var result = value?.Trim().ToLowerInvariant() switch
                {
                    "positive" or "pos" => AnalyteResult.Positive,
                    "negative" or "neg" => AnalyteResult.Negative,
                    _ => (AnalyteResult?)null,
                };
                if (result is null)
                {
                    errors.Add($"{prefix}analytes.{code}", $"{code} must be positive or negative, not '{value}'.");
                }
                else if (!analytes.TryAdd(analyte, result.Value))
                {
                    errors.Add($"{prefix}analytes.{code}", $"{code} is given twice.");
                }
            }
        }

        return errors.ToDictionary().Count > before
            ? null
            : new ParsedResults(collectedAt, r.Observed ?? false, r.TemperatureC, r.CreatinineMgPerDl, r.SpecificGravity, r.Ph,
                r.AdulterantDetected ?? false, r.Lab?.Trim(), r.Accession?.Trim(), analytes);

        void Range(decimal? value, decimal min, decimal max, string field, string unit)
        {
            if (value is { } v && (v < min || v > max))
            {
                errors.Add(prefix + field, $"{field} {v.ToString(CultureInfo.InvariantCulture)} is outside {min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)} {unit}".TrimEnd() + ".");
            }
        }

        void Text(string? value, int max, string field)
        {
            if (value is not null && (value.Trim().Length == 0 || value.Trim().Length > max))
            {
                errors.Add(prefix + field, $"{field} must be 1–{max} characters when given.");
            }
        }
    }

    private async Task<Refusal?> DuplicateAccessionAsync(ParsedResults parsed, CancellationToken ct) =>
        parsed.Accession is { } accession && await db.DrugScreens.AnyAsync(s => s.Lab == parsed.Lab && s.Accession == accession, ct)
            ? Refusal.Conflict($"Accession {accession} of {parsed.Lab} is already recorded.")
            : null;

    /// <summary>
    /// Stores the results and their reading on <paramref name="screen"/> and raises its alerts, in the current unit of
    /// work. The reading is against the medications the patient was on at collection (an order in force that day, or a
    /// dose in the 3 days before: methadone and buprenorphine are still found then).
    /// </summary>
    internal async Task RecordAsync(DrugScreen screen, ParsedResults parsed, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(parsed.CollectedAt.ToLocalTime().DateTime);
        var since = day.AddDays(-3);
        var ordered = await db.MedicationOrders.AsNoTracking()
            .Where(o => o.PatientId == screen.PatientId && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held)
                        && o.StartDate <= day && (o.StopDate == null || o.StopDate >= since))
            .Select(o => o.Medication).ToListAsync(ct);
        var dosed = await db.Dispenses.AsNoTracking()
            .Where(d => d.PatientId == screen.PatientId && d.DoseDate >= since && d.DoseDate <= day && d.ClaimedSlot != null)
            .Select(d => d.Medication).Distinct().ToListAsync(ct);
        var meds = ordered.Concat(dosed).ToHashSet();
        var context = new ScreenContext(meds.Contains(Moud.Methadone), meds.Contains(Moud.Buprenorphine));
        var specimen = screen.Specimen == "oral-fluid" ? SpecimenType.OralFluid : SpecimenType.Urine;
        var checks = new SpecimenChecks(specimen, parsed.Observed, parsed.TemperatureC, parsed.CreatinineMgPerDl, parsed.SpecificGravity, parsed.Ph, parsed.AdulterantDetected);
        var reading = ScreenInterpretation.Interpret(parsed.Analytes, checks, context);

        screen.Status = "resulted";
        screen.CollectedAt = parsed.CollectedAt;
        screen.CollectedBy ??= user.Username;
        screen.Observed = parsed.Observed;
        screen.TemperatureC = parsed.TemperatureC;
        screen.CreatinineMgPerDl = parsed.CreatinineMgPerDl;
        screen.SpecificGravity = parsed.SpecificGravity;
        screen.Ph = parsed.Ph;
        screen.AdulterantDetected = parsed.AdulterantDetected;
        screen.Lab = parsed.Lab;
        screen.Accession = parsed.Accession;
        screen.ResultedAt = clock.GetUtcNow();
        screen.ResultedBy = user.Username;
        screen.Results = JsonSerializer.Serialize(parsed.Analytes.ToDictionary(a => ScreenInterpretation.Code(a.Key), a => a.Value.ToString().ToLowerInvariant()), Json);
        screen.Validity = ScreenInterpretation.Code(reading.Validity);
        screen.Findings = JsonSerializer.Serialize(reading.Findings, Json);
        screen.ReadAgainst = string.Join(", ", meds.Order().Select(MedicationOrders.Name));
        screen.IllicitOpioidUse = reading.IllicitOpioidUse;
        screen.FentanylUse = reading.FentanylUse;
        screen.PossibleDiversion = reading.PossibleDiversion;
        screen.OpioidNegative = reading.OpioidNegative;
        audit.Record(AuditActions.Update, "DrugScreen", screen.Id.ToString(), screen.PatientId, screen.SiteId,
            $"resulted: {screen.Validity}; {string.Join(", ", reading.Findings.Select(f => f.Code).DefaultIfEmpty("no findings"))}");
        await RaiseAlertsAsync(screen, reading, day, ct);
        await contingency.RecordScreenAsync(screen, day, parsed.Analytes, reading, ct);
    }

    private async Task RaiseAlertsAsync(DrugScreen screen, ScreenReading reading, DateOnly day, CancellationToken ct)
    {
        var key = $"screen:{screen.Id}";
        var takeHomes = await db.TakeHomeDecisions.AsNoTracking()
            .AnyAsync(t => t.PatientId == screen.PatientId && t.Status == "active" && t.EffectiveFrom <= day, ct);
        var takeHomeNote = takeHomes
            ? " Take-home doses are active: review them with the patient (recall if the risk outweighs the benefit; a positive screen alone is not the rule's test)."
            : "";
        foreach (var finding in reading.Findings.Where(f => f.Severity == FindingSeverity.Danger))
        {
            await alerts.RaiseAsync(new AlertDraft(screen.PatientId, screen.SiteId, finding.Code, "danger",
                $"Screen {day:yyyy-MM-dd}: {finding.Message}{(reading.IllicitOpioidUse ? takeHomeNote : "")}", Roles.Prescriber, key), ct);
        }

        if (reading.PossibleDiversion)
        {
            var diversion = reading.Findings.Where(f => f.Code.EndsWith("-absent", StringComparison.Ordinal) || f.Code.Contains("-without-", StringComparison.Ordinal));
            await alerts.RaiseAsync(new AlertDraft(screen.PatientId, screen.SiteId, "possible-diversion", "warning",
                $"Screen {day:yyyy-MM-dd}: {string.Join(" ", diversion.Select(f => f.Message))}{takeHomeNote}", Roles.Prescriber, key), ct);
        }

        if (reading.IllicitOpioidUse && takeHomes && !reading.Findings.Any(f => f.Severity == FindingSeverity.Danger))
        {
            await alerts.RaiseAsync(new AlertDraft(screen.PatientId, screen.SiteId, "take-home-review", "warning",
                $"Screen {day:yyyy-MM-dd}: {string.Join(", ", reading.Findings.Select(f => f.Code))}.{takeHomeNote}", Roles.Prescriber, key), ct);
        }
    }

    internal static ScreenView View(DrugScreen s) => new(
        s.Id, s.PatientId, s.SiteId, s.Specimen, s.Reason, s.Status, s.OrderedAt, s.OrderedBy, s.CollectedAt, s.Observed, s.Lab, s.Accession,
        s.ResultedAt, s.ResultedBy,
        s.Results is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(s.Results, Json)!,
        s.Validity,
        s.Findings is null ? [] : JsonSerializer.Deserialize<List<ScreenFinding>>(s.Findings, Json)!,
        s.ReadAgainst, s.IllicitOpioidUse, s.FentanylUse, s.PossibleDiversion, s.OpioidNegative,
        s.TemperatureC, s.CreatinineMgPerDl, s.SpecificGravity, s.Ph, s.AdulterantDetected);
}
