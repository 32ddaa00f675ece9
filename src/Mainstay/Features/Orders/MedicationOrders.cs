using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Orders;

/// <summary>POST /api/v1/patients/{id}/orders.</summary>
public sealed record PlaceOrder
{
    /// <summary>methadone, buprenorphine or naltrexone.</summary>
    public string? Medication { get; init; }

    public decimal? DoseMg { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public string? StartDate { get; init; }

    public string? StopDate { get; init; }

    /// <summary>daily, split, every-4-weeks or once.</summary>
    public string? Schedule { get; init; }

    public List<decimal>? SplitDosesMg { get; init; }
    public string? Instructions { get; init; }

    /// <summary>Required to place an order that breaks a warning rule (never for a hard stop).</summary>
    public string? OverrideReason { get; init; }

    /// <summary>Why the dose changes, when this replaces an active order.</summary>
    public string? ChangeReason { get; init; }

    // What the prescriber knows that the record may not: used by the rules.
    public decimal? GivenTodayMg { get; init; }
    public int? QtcMs { get; init; }
    public bool OtherQtRisk { get; init; }
    public DateTimeOffset? LastOpioidUseAt { get; init; }
    public string? LastOpioidSubstance { get; init; }
    public int? OpioidFreeDays { get; init; }
    public bool NegativeNaloxoneChallenge { get; init; }
}

/// <summary>POST .../orders/{orderId}/taper: a methadone taper as future order versions.</summary>
public sealed record TaperRequest
{
    /// <summary>Reduction per step, 5–10 % (default 10).</summary>
    public decimal? PercentPerStep { get; init; }

    /// <summary>Days between steps, 7–14 (default 14).</summary>
    public int? DaysPerStep { get; init; }

    /// <summary>The dose to stop at (default 0: taper off).</summary>
    public decimal? FloorMg { get; init; }

    /// <summary>The first step's date (default: one step from today).</summary>
    public string? StartDate { get; init; }

    public string? OverrideReason { get; init; }
    public string? Reason { get; init; }
}

public sealed record StatusChange
{
    public string? Reason { get; init; }
}

public sealed record OrderView(
    Guid Id, Guid LineageId, int Version, string Medication, decimal DoseMg, string Schedule, IReadOnlyList<decimal> SplitDosesMg,
    DateOnly StartDate, DateOnly? StopDate, string Status, string? Instructions, string Prescriber, string? OverrideReason,
    IReadOnlyList<RuleFinding> Findings, string? ChangeReason, string? StatusReason, DateTimeOffset CreatedAt);

/// <summary>An order as placed; <paramref name="Replayed"/> when it was placed earlier with the same Idempotency-Key.</summary>
public sealed record PlacedOrder(OrderView Order, bool Replayed);

/// <summary>
/// Medication orders with their safety rules (<see cref="OrderRules"/>): a prescriber places an order; every
/// rule it breaks is listed (422) unless a warning is overridden with a recorded reason; hard stops cannot be
/// overridden. Changes are new versions; holds and discontinuations keep the order.
/// </summary>
public sealed class MedicationOrders(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public static readonly string[] Schedules = ["daily", "split", "every-4-weeks", "once"];

    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    public static string Name(Moud m) => m.ToString().ToLowerInvariant();

    public static string Name(OrderStatus s) => s.ToString().ToLowerInvariant();

    /// <summary>methadone, buprenorphine or naltrexone (any case); null for anything else.</summary>
    public static Moud? ParseMedication(string? text) =>
        Enum.GetValues<Moud>().Cast<Moud?>().FirstOrDefault(m => Name(m!.Value) == text?.Trim().ToLowerInvariant());

    /// <summary>
    /// Places an order, or the next version of the active one for that medication. With an <paramref name="idempotencyKey"/>
    /// (an API client's retry, a form sent twice) an order already placed with the key is given back, marked as replayed,
    /// instead of a second version.
    /// </summary>
    public async Task<Outcome<PlacedOrder>> PlaceAsync(Guid patientId, PlaceOrder request, string? idempotencyKey, CancellationToken ct)
    {
        if (idempotencyKey is { Length: > 100 })
        {
            return Refusal.Invalid("Idempotency-Key", "The Idempotency-Key is longer than 100 characters.");
        }

        if (user.Role != Roles.Prescriber)
        {
            return Refusal.Forbidden("Only a prescriber places medication orders.");
        }

        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "a medication order", clock.LocalTimeZone, ct) is { } died)
        {
            return died;
        }

        // Under the write lock before the enrollment check and the patient's orders are read: of two orders placed at the
        // same moment (a form sent twice) the second sees the first and becomes its next version, never a second active
        // line dosed apart; an enrollment hold set meanwhile is seen.
        await using var tx = await db.BeginLockedWriteAsync(ct);
        if (await Admissions.DuplicateEnrollment.BlockingCheckAsync(db, patientId, ct) is { } enrollmentHold)
        {
            return Refusal.Conflict(enrollmentHold.Resolution == Admissions.EnrollmentResolution.EnrolledElsewhere
                ? $"{patient.Mrn} is enrolled at another program (confirmed by {enrollmentHold.ResolvedBy}): no second medication order."
                : $"The enrollment check of {enrollmentHold.CheckedAt:yyyy-MM-dd} found a possible enrollment at another program; a clinician must resolve it before a medication order.");
        }

        var errors = new FieldErrors();
        var medication = ParseMedication(request.Medication);
        if (medication is null)
        {
            errors.Add("medication", "medication must be methadone, buprenorphine or naltrexone.");
        }

        if (request.DoseMg is not { } dose)
        {
            errors.Add("doseMg", "doseMg is required (mg per day; for XR-naltrexone the injection dose).");
        }

        var start = Date(errors, "startDate", request.StartDate, required: true);
        var stop = Date(errors, "stopDate", request.StopDate, required: false);
        if (start is { } s && stop is { } e && e < s)
        {
            errors.Add("stopDate", "stopDate is before startDate.");
        }

        var schedule = request.Schedule?.Trim().ToLowerInvariant() ?? (request.SplitDosesMg is { Count: > 0 } ? "split" : medication == Moud.Naltrexone ? "every-4-weeks" : "daily");
        if (!Schedules.Contains(schedule))
        {
            errors.Add("schedule", $"schedule must be one of {string.Join(", ", Schedules)}.");
        }

        if (request.OverrideReason is { Length: > 1000 })
        {
            errors.Add("overrideReason", "overrideReason is longer than 1000 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (idempotencyKey is not null
            && await db.MedicationOrders.AsNoTracking().SingleOrDefaultAsync(o => o.PatientId == patientId && o.IdempotencyKey == idempotencyKey, ct) is { } placed)
        {
            // The same order sent again gives the placed order back. With an order that differs in anything an order keeps (a
            // split, stop date or instruction changed after going back in the browser) it is refused, never taken for the first.
            return SameOrder(placed, medication!.Value, request, schedule, start!.Value, stop)
                ? new PlacedOrder(View(placed), Replayed: true)
                : Refusal.Conflict(KeyReused);
        }

        var previous = await db.MedicationOrders
            .Where(o => o.PatientId == patientId && o.Medication == medication!.Value)
            .ToListAsync(ct);
        var active = previous.Where(o => o.Status is OrderStatus.Active or OrderStatus.Held).OrderByDescending(o => o.Version).FirstOrDefault();
        var context = await ContextAsync(patientId, medication!.Value, request, previous, active, ct);
        var proposed = new ProposedOrder
        {
            Medication = medication.Value,
            DoseMg = request.DoseMg!.Value,
            StartDate = start!.Value,
            SplitDosesMg = request.SplitDosesMg ?? [],
        };
        var findings = OrderRules.Check(proposed, context);
        var blocking = findings.Where(f => f.Severity == RuleSeverity.HardStop
            || (f.Severity == RuleSeverity.Warning && string.IsNullOrWhiteSpace(request.OverrideReason))).ToList();
        if (blocking.Count > 0)
        {
            var hardStop = blocking.Any(f => f.Severity == RuleSeverity.HardStop);
            return new Refusal(RefusalKind.Unprocessable,
                (hardStop ? "The order breaks a rule that cannot be overridden: " : "The order breaks rules; give overrideReason to place it anyway: ")
                + string.Join(" ", blocking.Select(f => $"[{f.RuleId}] {f.Message} (limit: {f.Limit})")),
                Violations: findings);
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var order = new MedicationOrder
        {
            Id = id,
            PatientId = patientId,
            SiteId = patient.SiteId,
            LineageId = active?.LineageId ?? id,
            Version = active is null ? 1 : previous.Where(o => o.LineageId == active.LineageId).Max(o => o.Version) + 1,
            Medication = medication.Value,
            DoseMg = proposed.DoseMg,
            Schedule = schedule,
            SplitDoses = proposed.SplitDosesMg.Count == 0 ? null : JsonSerializer.Serialize(proposed.SplitDosesMg, Json),
            StartDate = proposed.StartDate,
            StopDate = stop,
            Status = OrderStatus.Active,
            Instructions = Blank(request.Instructions),
            PrescriberId = user.UserId,
            Prescriber = user.Username ?? "",
            OverrideReason = findings.Any(f => f.Severity == RuleSeverity.Warning) ? request.OverrideReason!.Trim() : Blank(request.OverrideReason),
            Findings = JsonSerializer.Serialize(findings, Json),
            ChangeReason = Blank(request.ChangeReason),
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
        };
        if (active is not null)
        {
            order.Version = previous.Where(o => o.LineageId == active.LineageId).Max(o => o.Version) + 1;
            foreach (var replaced in previous.Where(o => o.LineageId == active.LineageId && o.Status is OrderStatus.Active or OrderStatus.Held or OrderStatus.Scheduled))
            {
                replaced.Status = OrderStatus.Superseded;
                replaced.StatusChangedAt = now;
                replaced.StatusChangedBy = user.Username;
                replaced.StatusReason = $"replaced by version {order.Version}";
            }
        }

        db.MedicationOrders.Add(order);
        audit.Record(AuditActions.Create, "MedicationRequest", order.Id.ToString(), patientId, patient.SiteId,
            $"{Name(order.Medication)} {order.DoseMg.ToString(CultureInfo.InvariantCulture)} mg {schedule} from {order.StartDate:yyyy-MM-dd}, version {order.Version}"
            + (order.OverrideReason is null ? "" : $"; override: {order.OverrideReason}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PlacedOrder(View(order), Replayed: false);
    }

    public async Task<Outcome<IReadOnlyList<OrderView>>> ListAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var orders = await OfPatientAsync(patientId, ct);
        await audit.RecordNowAsync(AuditActions.Read, "MedicationRequest", patientId: patientId, siteId: patient.SiteId, detail: $"{orders.Count} orders", ct: ct);
        return orders;
    }

    internal async Task<List<OrderView>> OfPatientAsync(Guid patientId, CancellationToken ct) =>
        (await db.MedicationOrders.AsNoTracking().Where(o => o.PatientId == patientId).ToListAsync(ct))
            .OrderBy(o => o.Status switch { OrderStatus.Active or OrderStatus.Held => 0, OrderStatus.Scheduled => 1, _ => 2 })
            .ThenBy(o => o.Status == OrderStatus.Scheduled ? o.StartDate : DateOnly.MinValue).ThenByDescending(o => o.CreatedAt)
            .Select(View).ToList();

    /// <summary>Holds (for the prescriber's review, e.g. signs of sedation), resumes or discontinues an order; the reason is kept.</summary>
    public async Task<Outcome<OrderView>> ChangeStatusAsync(Guid patientId, Guid orderId, OrderStatus to, StatusChange request, CancellationToken ct)
    {
        // The status is read under the write lock: a hold, a resume and a discontinuation at the same moment, or a resume
        // and a new version, apply one after the other, each to what the last left.
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var order = await db.MedicationOrders.SingleOrDefaultAsync(o => o.Id == orderId && o.PatientId == patientId, ct);
        if (order is null || !await user.MayUseSiteAsync(order.SiteId, ct))
        {
            return Refusal.NotFound($"There is no order {orderId} for this patient at your sites.");
        }

        // A nurse may hold a dose for the prescriber's review; resuming and discontinuing are the prescriber's.
        if (user.Role != Roles.Prescriber && !(to == OrderStatus.Held && user.Role == Roles.Nurse))
        {
            return Refusal.Forbidden(to == OrderStatus.Held ? "Only a nurse or a prescriber holds an order." : "Only a prescriber resumes or discontinues an order.");
        }

        var allowed = (order.Status, to) switch
        {
            (OrderStatus.Active, OrderStatus.Held) => true,
            (OrderStatus.Held, OrderStatus.Active) => true,
            (OrderStatus.Active or OrderStatus.Held, OrderStatus.Discontinued) => true,
            _ => false,
        };
        if (!allowed)
        {
            return Refusal.Conflict($"An order that is {Name(order.Status)} cannot become {Name(to)}.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 500)
        {
            return Refusal.Invalid("reason", "A reason is required (up to 500 characters).");
        }

        // Taper steps not yet begun that a corrected death left held with their line (Discharge.DeathCorrections).
        var heldSteps = await db.MedicationOrders.Where(o => o.LineageId == order.LineageId && o.Id != order.Id && o.Status == OrderStatus.Held
                                                             && o.StatusReason == Discharge.DeathCorrections.StepReason).ToListAsync(ct);
        if (to == OrderStatus.Discontinued)
        {
            // Scheduled taper steps of a discontinued order never come into force.
            foreach (var step in (await db.MedicationOrders.Where(o => o.LineageId == order.LineageId && o.Status == OrderStatus.Scheduled).ToListAsync(ct)).Concat(heldSteps))
            {
                step.Status = OrderStatus.Discontinued;
                step.StatusReason = $"order discontinued: {request.Reason.Trim()}";
                step.StatusChangedAt = clock.GetUtcNow();
                step.StatusChangedBy = user.Username;
            }
        }
        else if (to == OrderStatus.Active)
        {
            // The prescriber has looked again at the line: its steps still to come are scheduled as before the death.
            var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
            foreach (var step in heldSteps.Where(s => s.StartDate > today))
            {
                step.Status = OrderStatus.Scheduled;
                step.StatusReason = $"scheduled again with its order line: {request.Reason.Trim()}";
                step.StatusChangedAt = clock.GetUtcNow();
                step.StatusChangedBy = user.Username;
                audit.Record(AuditActions.StatusChange, "MedicationRequest", step.Id.ToString(), patientId, step.SiteId, $"held → scheduled with version {order.Version}");
            }
        }

        order.Status = to;
        order.StatusReason = request.Reason.Trim();
        order.StatusChangedAt = clock.GetUtcNow();
        order.StatusChangedBy = user.Username;
        audit.Record(AuditActions.StatusChange, "MedicationRequest", orderId.ToString(), patientId, order.SiteId, $"{Name(to)}: {order.StatusReason}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(order);
    }

    /// <summary>
    /// Generates a methadone taper (<see cref="TaperSchedules.Methadone"/>) as future versions of the order, each in force
    /// from its date. Tapering soon after an overdose is a warning that needs a recorded reason.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<OrderView>>> TaperAsync(Guid patientId, Guid orderId, TaperRequest request, CancellationToken ct)
    {
        if (user.Role != Roles.Prescriber)
        {
            return Refusal.Forbidden("Only a prescriber orders a taper.");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // the line's versions are numbered from what it holds now
        var order = await db.MedicationOrders.SingleOrDefaultAsync(o => o.Id == orderId && o.PatientId == patientId, ct);
        if (order is null || !await user.MayUseSiteAsync(order.SiteId, ct))
        {
            return Refusal.NotFound($"There is no order {orderId} for this patient at your sites.");
        }

        if (order.Status != OrderStatus.Active || order.Medication != Moud.Methadone)
        {
            return Refusal.Conflict("A taper is generated from an active methadone order.");
        }

        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var days = request.DaysPerStep ?? 14;
        var start = Date(errors, "startDate", request.StartDate, required: false) ?? today.AddDays(days);
        if (start <= today)
        {
            errors.Add("startDate", "The first taper step must be after today.");
        }

        IReadOnlyList<ScheduleStep> steps = [];
        if (!errors.Any)
        {
            try
            {
                steps = TaperSchedules.Methadone(order.DoseMg, start, request.PercentPerStep ?? 10m, days, request.FloorMg ?? 0m);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                var field = ex.ParamName switch { "percentPerStep" => "percentPerStep", "daysPerStep" => "daysPerStep", "floorMg" => "floorMg", _ => "taper" };
                errors.Add(field, ex.Message.Split(" (Parameter")[0]);
            }
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var assessment = await db.Assessments.AsNoTracking().Where(a => a.PatientId == patientId && a.Status != AssessmentStatus.Draft)
            .OrderByDescending(a => a.CompletedAt).Select(a => a.Content).FirstOrDefaultAsync(ct);
        var history = assessment is null ? null : JsonSerializer.Deserialize<AssessmentContent>(assessment, Json)?.History;
        var recentOverdose = history?.LastOverdose is { } od && od >= today.AddDays(-90);
        var warnings = TaperSchedules.TaperWarnings(recentPositiveScreen: false, recentOverdose);
        if (warnings.Count > 0 && string.IsNullOrWhiteSpace(request.OverrideReason))
        {
            return new Refusal(RefusalKind.Unprocessable,
                "The taper breaks rules; give overrideReason to order it anyway: " + string.Join(" ", warnings.Select(w => $"[{w.RuleId}] {w.Message}")),
                Violations: warnings);
        }

        var now = clock.GetUtcNow();
        var lineage = await db.MedicationOrders.Where(o => o.LineageId == order.LineageId).ToListAsync(ct);
        foreach (var old in lineage.Where(o => o.Status == OrderStatus.Scheduled))
        {
            old.Status = OrderStatus.Superseded;
            old.StatusReason = "replaced by a new taper";
            old.StatusChangedAt = now;
            old.StatusChangedBy = user.Username;
        }

        var version = lineage.Max(o => o.Version);
        var created = new List<MedicationOrder>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var next = new MedicationOrder
            {
                Id = Guid.CreateVersion7(now),
                PatientId = patientId,
                SiteId = order.SiteId,
                LineageId = order.LineageId,
                Version = ++version,
                Medication = order.Medication,
                DoseMg = step.DoseMg,
                Schedule = order.Schedule,
                StartDate = step.Day,
                Status = OrderStatus.Scheduled,
                Instructions = order.Instructions,
                PrescriberId = user.UserId,
                Prescriber = user.Username ?? "",
                OverrideReason = warnings.Count > 0 ? request.OverrideReason!.Trim() : null,
                Findings = JsonSerializer.Serialize(warnings, Json),
                ChangeReason = $"taper step {i + 1} of {steps.Count}: {step.Note}" + (string.IsNullOrWhiteSpace(request.Reason) ? "" : $" ({request.Reason.Trim()})"),
                CreatedAt = now,
            };
            created.Add(next);
            db.MedicationOrders.Add(next);
        }

        audit.Record(AuditActions.Create, "MedicationRequest", order.LineageId.ToString(), patientId, order.SiteId,
            $"methadone taper from {order.DoseMg.ToString(CultureInfo.InvariantCulture)} mg: {steps.Count} steps, "
            + string.Join(" → ", steps.Select(s => s.DoseMg.ToString(CultureInfo.InvariantCulture))));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return created.Select(View).ToList();
    }

    private async Task<OrderContext> ContextAsync(Guid patientId, Moud medication, PlaceOrder request, List<MedicationOrder> previous, MedicationOrder? active, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var latestCows = await db.FlowsheetEntries.AsNoTracking().Where(f => f.PatientId == patientId && f.Cows != null)
            .OrderByDescending(f => f.At).Select(f => new { f.Cows, f.At }).FirstOrDefaultAsync(ct);
        var lastUse = await db.FlowsheetEntries.AsNoTracking().Where(f => f.PatientId == patientId && f.LastOpioidUseAt != null)
            .OrderByDescending(f => f.At).Select(f => new { f.LastOpioidUseAt, f.LastOpioidSubstance }).FirstOrDefaultAsync(ct);
        var useAt = request.LastOpioidUseAt ?? lastUse?.LastOpioidUseAt;
        var substance = (request.LastOpioidSubstance ?? lastUse?.LastOpioidSubstance ?? "").Trim().ToLowerInvariant();

        var assessment = await db.Assessments.AsNoTracking().Where(a => a.PatientId == patientId && a.Status != AssessmentStatus.Draft)
            .OrderByDescending(a => a.CompletedAt).Select(a => a.Content).FirstOrDefaultAsync(ct);
        var history = assessment is null ? null : JsonSerializer.Deserialize<AssessmentContent>(assessment, Json)?.History;

        var lineage = active is null ? [] : previous.Where(o => o.LineageId == active.LineageId).OrderBy(o => o.Version).ToList();
        DateOnly? lastIncrease = null;
        for (var i = 1; i < lineage.Count; i++)
        {
            if (lineage[i].DoseMg > lineage[i - 1].DoseMg)
            {
                lastIncrease = lineage[i].StartDate;
            }
        }

        var isFentanyl = substance.Contains("fentanyl", StringComparison.Ordinal);
        var isLongActing = substance.Contains("methadone", StringComparison.Ordinal) || substance.Contains("buprenorphine", StringComparison.Ordinal);
        return new OrderContext
        {
            Now = now,
            FirstDay = previous.Count == 0,
            GivenTodayMg = request.GivenTodayMg ?? 0,
            CurrentDoseMg = active?.DoseMg,
            LastIncreaseOn = lastIncrease,
            LatestCows = latestCows?.Cows,
            LatestCowsAt = latestCows?.At,
            LastFentanylUse = isFentanyl ? useAt : null,
            LastLongActingOpioidUse = isLongActing ? useAt : null,
            LastShortActingOpioidUse = !isFentanyl && !isLongActing ? useAt : null,
            OpioidFreeDays = request.OpioidFreeDays ?? (useAt is { } u ? (int)(now - u).TotalDays : null),
            NegativeNaloxoneChallenge = request.NegativeNaloxoneChallenge,
            Pregnant = history?.Pregnancy == PregnancyStatus.Pregnant,
            BenzodiazepineOrSedativeUse = history?.Substances.Any(s => s.Substance == "benzodiazepines") == true,
            AlcoholUse = history?.Substances.Any(s => s.Substance == "alcohol") == true,
            QtcMs = request.QtcMs,
            OtherQtRisk = request.OtherQtRisk,
        };
    }

    private static OrderView View(MedicationOrder o) => new(
        o.Id, o.LineageId, o.Version, Name(o.Medication), o.DoseMg, o.Schedule,
        o.SplitDoses is null ? [] : JsonSerializer.Deserialize<List<decimal>>(o.SplitDoses, Json)!, o.StartDate, o.StopDate, Name(o.Status),
        o.Instructions, o.Prescriber, o.OverrideReason, JsonSerializer.Deserialize<List<RuleFinding>>(o.Findings, Json)!, o.ChangeReason,
        o.StatusReason, o.CreatedAt);

    private static DateOnly? Date(FieldErrors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required, written YYYY-MM-DD.");
            }

            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors.Add(field, $"{field} '{value}' is not a date written YYYY-MM-DD.");
        return null;
    }

    /// <summary>The refusal of an order whose Idempotency-Key an order that differs from it already carries.</summary>
    internal const string KeyReused = "This Idempotency-Key was already used for a different order of this patient, and that order stands; "
        + "nothing more was placed. Send this order with a new key to make it the next version.";

    /// <summary>Whether a request is the order placed earlier with its key, in everything the order keeps.</summary>
    private static bool SameOrder(MedicationOrder placed, Moud medication, PlaceOrder request, string schedule, DateOnly start, DateOnly? stop) =>
        placed.Medication == medication
        && (placed.DoseMg == request.DoseMg || placed.DoseMg == decimal.Round(request.DoseMg!.Value, 2, MidpointRounding.AwayFromZero)) // as PostgreSQL keeps it: 2 decimals, ties away from 0
        && placed.Schedule == schedule && placed.StartDate == start && placed.StopDate == stop
        && placed.SplitDoses == (request.SplitDosesMg is { Count: > 0 } split ? JsonSerializer.Serialize(split, Json) : null)
        && placed.Instructions == Blank(request.Instructions) && placed.ChangeReason == Blank(request.ChangeReason)
        && placed.OverrideReason == Blank(request.OverrideReason);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
