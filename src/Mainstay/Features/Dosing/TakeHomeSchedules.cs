using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Dosing;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Inventory;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Dosing;

/// <summary>POST /api/v1/patients/{id}/take-home-decisions.</summary>
public sealed record TakeHomeDecisionRequest
{
    public Guid? OrderId { get; init; }

    /// <summary>Attendance days, e.g. ["mon","wed","fri"]; the days between are take-home days.</summary>
    public List<string>? ClinicDays { get; init; }

    /// <summary>Or: attend every N days (2–29).</summary>
    public int? EveryDays { get; init; }

    /// <summary>How many of the take-home days at one pickup are days the clinic is closed (weekend day, holiday).</summary>
    public int? ClosureDays { get; init; }

    public TakeHomeCriteria? Criteria { get; init; }
    public string? EffectiveFrom { get; init; }

    /// <summary>Required to sign a decision with a criterion not met (a Warning).</summary>
    public string? OverrideReason { get; init; }
}

public sealed record ReasonRequest
{
    public string? Reason { get; init; }
}

/// <summary>POST /api/v1/dosing/take-homes: bottles for the days until the next visit.</summary>
public sealed record HandOutRequest
{
    public Guid? PatientId { get; init; }
    public Guid? OrderId { get; init; }
    public string? Lot { get; init; }
}

/// <summary>POST /api/v1/dosing/bottles/{id}/return.</summary>
public sealed record BottleReturnRequest
{
    /// <summary>empty, unused, contents-remaining, tampered or not-returned.</summary>
    public string? Check { get; init; }

    public string? Note { get; init; }

    /// <summary>A second person who saw unused or remaining contents destroyed.</summary>
    public string? Witness { get; init; }
}

public sealed record TakeHomeDecisionView(
    Guid Id, Guid PatientId, Guid OrderLineId, DateOnly EffectiveFrom, int DaysInTreatment, string Schedule, IReadOnlyList<string>? ClinicDays,
    int? EveryDays, int TakeHomeDays, int ClosureDays, int MaximumTakeHomeDays, TakeHomeCriteria Criteria, IReadOnlyList<RuleFinding> Findings,
    string? OverrideReason, string Prescriber, DateTimeOffset CreatedAt, string Status, string? RecallReason, DateTimeOffset? RecalledAt,
    string? RecalledBy, IReadOnlyList<DateOnly> NextPickups);

/// <summary>
/// Take-home doses: the prescriber's decision (limit by days in treatment, the six criteria, approval, attendance
/// schedule), bottles handed out at the window for the days until the next visit (each a dispense with a bottle
/// number, drawn from stock), the returned-bottle check, and recall.
/// </summary>
public sealed class TakeHomeSchedules(MainstayDb db, ClinicUser user, AuditTrail audit, StockLedger ledger, TimeProvider clock)
{
    public static readonly string[] ReturnChecks = ["empty", "unused", "contents-remaining", "tampered", "not-returned"];

    private static readonly string[] WeekDays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The days a pickup on <paramref name="day"/> covers: from the next day until the day before the next visit. Empty when <paramref name="day"/> is not a visit day.</summary>
    public static IReadOnlyList<DateOnly> BottleDays(TakeHomeDecision decision, DateOnly day)
    {
        if (decision.EveryDays is { } every)
        {
            var offset = day.DayNumber - decision.EffectiveFrom.DayNumber;
            return offset >= 0 && offset % every == 0 ? Enumerable.Range(1, every - 1).Select(day.AddDays).ToList() : [];
        }

        var days = ParseDays(decision.ClinicDays);
        if (!days.Contains(day.DayOfWeek))
        {
            return [];
        }

        var result = new List<DateOnly>();
        for (var d = day.AddDays(1); !days.Contains(d.DayOfWeek); d = d.AddDays(1))
        {
            result.Add(d);
        }

        return result;
    }

    /// <summary>The largest number of take-home days at one pickup for an attendance pattern.</summary>
    public static int MaximumSupply(IReadOnlySet<DayOfWeek> clinicDays, int? everyDays) =>
        everyDays is { } every ? every - 1 : clinicDays.Max(d => Enumerable.Range(1, 7).First(k => clinicDays.Contains((DayOfWeek)(((int)d + k) % 7))) - 1);

    public static string Describe(TakeHomeDecision d) => d.EveryDays is { } every
        ? $"visit every {every} days, {d.TakeHomeDays} take-home(s)"
        : $"visits {d.ClinicDays?.Replace(",", ", ", StringComparison.Ordinal)}, up to {d.TakeHomeDays} take-home(s)";

    private static HashSet<DayOfWeek> ParseDays(string? csv) =>
        (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => (DayOfWeek)Array.IndexOf(WeekDays, d)).ToHashSet();

    public async Task<Outcome<TakeHomeDecisionView>> DecideAsync(Guid patientId, TakeHomeDecisionRequest request, CancellationToken ct)
    {
        if (user.Role != Roles.Prescriber)
        {
            return Refusal.Forbidden("Only a prescriber decides take-home doses.");
        }

        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var errors = new FieldErrors();
        var clinicDays = new HashSet<DayOfWeek>();
        foreach (var d in request.ClinicDays ?? [])
        {
            var i = Array.IndexOf(WeekDays, (d ?? "").Trim().ToLowerInvariant() is { Length: >= 3 } w ? w[..3] : "");
            if (i < 0)
            {
                errors.Add("clinicDays", $"'{d}' is not a day of the week (mon, tue, wed, thu, fri, sat, sun).");
            }
            else
            {
                clinicDays.Add((DayOfWeek)i);
            }
        }

        if (request.EveryDays is not null && request.ClinicDays is { Count: > 0 })
        {
            errors.Add("everyDays", "Give either clinicDays or everyDays, not both.");
        }
        else if (request.EveryDays is { } every && every is < 2 or > 29)
        {
            errors.Add("everyDays", "everyDays must be from 2 to 29 (29 = 28 take-home doses between visits).");
        }
        else if (request.EveryDays is null && clinicDays.Count == 0 && !errors.Any)
        {
            errors.Add("clinicDays", "Give the attendance schedule: clinicDays (e.g. [\"mon\",\"wed\",\"fri\"]) or everyDays.");
        }

        if (request.ClosureDays is < 0)
        {
            errors.Add("closureDays", "closureDays must be 0 or more.");
        }

        if (request.Criteria is null)
        {
            errors.Add("criteria", "criteria is required: judge each of the six take-home criteria (42 CFR 8.12(i)(2)).");
        }

        var from = Dates.Parse(errors, "effectiveFrom", request.EffectiveFrom) ?? Today;
        if (from < Today)
        {
            errors.Add("effectiveFrom", "effectiveFrom cannot be in the past.");
        }

        if (request.OrderId is null)
        {
            errors.Add("orderId", "orderId is required.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        // Under the write lock: of two decisions (or a decision and a recall) at the same moment, the second sees the first,
        // so one decision is active at a time and a recall is never undone by a decision read before it.
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var order = await db.MedicationOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OrderId && o.PatientId == patient.Id, ct);
        if (order is null)
        {
            return Refusal.NotFound($"There is no order {request.OrderId} for this patient.");
        }

        if (order.Status is not (OrderStatus.Active or OrderStatus.Scheduled))
        {
            return Refusal.Conflict($"The order is {MedicationOrders.Name(order.Status)}; take-homes need an active order.");
        }

        var firstDay = await db.MedicationOrders.AsNoTracking().Where(o => o.PatientId == patient.Id).MinAsync(o => o.StartDate, ct);
        var daysInTreatment = Math.Max(1, from.DayNumber - firstDay.DayNumber + 1);
        var supply = MaximumSupply(clinicDays, request.EveryDays);
        var closure = request.ClosureDays ?? 0;
        if (closure > supply)
        {
            return Refusal.Invalid("closureDays", $"closureDays ({closure}) cannot be more than the take-home days of the schedule ({supply}).");
        }

        var check = TakeHomes.Check(order.Medication, daysInTreatment, supply - closure, request.Criteria!, prescriberApproved: true, closure);
        if (check.Findings.Any(f => f.Severity == RuleSeverity.HardStop))
        {
            return new Refusal(RefusalKind.Unprocessable, "The take-home decision breaks a rule that cannot be overridden.", Violations: check.Findings);
        }

        var reason = request.OverrideReason?.Trim();
        if (check.Findings.Any(f => f.Severity == RuleSeverity.Warning) && string.IsNullOrEmpty(reason))
        {
            return new Refusal(RefusalKind.Unprocessable,
                "A take-home criterion is not met: give overrideReason to sign the decision anyway.", Violations: check.Findings);
        }

        var now = clock.GetUtcNow();
        foreach (var previous in await db.TakeHomeDecisions.Where(t => t.LineageId == order.LineageId && t.Status == "active").ToListAsync(ct))
        {
            previous.Status = "superseded";
        }

        var decision = new TakeHomeDecision
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patient.Id,
            SiteId = order.SiteId,
            LineageId = order.LineageId,
            EffectiveFrom = from,
            DaysInTreatment = daysInTreatment,
            ClinicDays = request.EveryDays is null ? string.Join(",", clinicDays.Order().Select(d => WeekDays[(int)d])) : null,
            EveryDays = request.EveryDays,
            TakeHomeDays = supply,
            ClosureDays = closure,
            MaximumTakeHomeDays = check.MaximumTakeHomeDays,
            Criteria = JsonSerializer.Serialize(request.Criteria, Json),
            Findings = JsonSerializer.Serialize(check.Findings, Json),
            OverrideReason = check.Findings.Any(f => f.Severity == RuleSeverity.Warning) ? reason : null,
            Prescriber = user.Username ?? "unknown",
            CreatedAt = now,
            Status = "active",
        };
        db.TakeHomeDecisions.Add(decision);
        audit.Record("take-home-decision", "TakeHomeDecision", decision.Id.ToString(), patient.Id, order.SiteId,
            $"{Describe(decision)}; day {daysInTreatment} of treatment, limit {check.MaximumTakeHomeDays}"
            + (decision.OverrideReason is null ? "" : $"; override: {decision.OverrideReason}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(decision);
    }

    public async Task<Outcome<IReadOnlyList<TakeHomeDecisionView>>> ListAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var decisions = await db.TakeHomeDecisions.AsNoTracking().Where(t => t.PatientId == patientId).ToListAsync(ct);
        await audit.RecordNowAsync(AuditActions.Read, "TakeHomeDecision", patientId.ToString(), patientId, patient.SiteId, ct: ct);
        return decisions.OrderByDescending(t => t.CreatedAt).Select(View).ToList();
    }

    /// <summary>Ends take-homes now (positive screen, diversion concern, ...): the bottles out are listed to be brought back.</summary>
    public async Task<Outcome<TakeHomeDecisionView>> RecallAsync(Guid patientId, Guid decisionId, ReasonRequest request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Prescriber or Roles.Nurse))
        {
            return Refusal.Forbidden("Only a prescriber or a nurse recalls take-home doses.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Refusal.Invalid("reason", "reason is required: why the take-homes are recalled (e.g. positive screen for fentanyl).");
        }

        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var decision = await db.TakeHomeDecisions.SingleOrDefaultAsync(t => t.Id == decisionId && t.PatientId == patientId, ct);
        if (decision is null)
        {
            return Refusal.NotFound($"There is no take-home decision {decisionId} for this patient.");
        }

        if (decision.Status != "active")
        {
            return Refusal.Conflict($"The decision is already {decision.Status}.");
        }

        decision.Status = "recalled";
        decision.RecallReason = request.Reason.Trim();
        decision.RecalledAt = clock.GetUtcNow();
        decision.RecalledBy = user.Username;
        var outstanding = await db.Dispenses.CountAsync(d => d.DecisionId == decision.Id && d.ReturnCheck == null, ct);
        audit.Record("take-home-recall", "TakeHomeDecision", decision.Id.ToString(), patient.Id, decision.SiteId,
            $"{decision.RecallReason}; {outstanding} bottle(s) to bring back");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(decision);
    }

    /// <summary>Hands out the bottles for the days until the next visit, after today's observed dose, in one transaction.</summary>
    public async Task<Outcome<IReadOnlyList<DispenseView>>> HandOutAsync(HandOutRequest request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Nurse or Roles.Prescriber))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber hands out take-home doses.");
        }

        var errors = DosingWindow.Required(request.PatientId, request.OrderId);

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var patient = await db.VisiblePatientAsync(user, request.PatientId!.Value, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(request.PatientId.Value);
        }

        var order = await db.MedicationOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OrderId && o.PatientId == patient.Id, ct);
        if (order is null)
        {
            return Refusal.NotFound($"There is no order {request.OrderId} for this patient.");
        }

        if (order.Status != OrderStatus.Active)
        {
            return Refusal.Conflict($"The order is {MedicationOrders.Name(order.Status)}: no take-home doses.");
        }

        var day = Today;
        var decision = await db.TakeHomeDecisions.AsNoTracking()
            .Where(t => t.LineageId == order.LineageId && t.Status == "active" && t.EffectiveFrom <= day).OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        if (decision is null)
        {
            var recalled = await db.TakeHomeDecisions.AsNoTracking().AnyAsync(t => t.LineageId == order.LineageId && t.Status == "recalled", ct);
            return Refusal.Conflict(recalled
                ? "Take-homes for this patient were recalled: daily observed dosing until the prescriber decides again."
                : "There is no take-home decision in force: the prescriber must decide take-homes first.");
        }

        var observedToday = await db.Dispenses.AsNoTracking()
            .AnyAsync(d => d.LineageId == order.LineageId && d.DoseDate == day && !d.TakeHome && d.ClaimedSlot != null, ct);
        if (!observedToday)
        {
            return Refusal.Conflict("Give today's observed dose first: take-homes are handed out at an observed visit.");
        }

        var days = BottleDays(decision, day);
        if (days.Count == 0)
        {
            return Refusal.Conflict($"Today is not a pickup day in the schedule ({Describe(decision)}).");
        }

        var splits = order.SplitDoses is null ? [] : JsonSerializer.Deserialize<List<decimal>>(order.SplitDoses, Json) ?? [];
        var doses = splits.Count == 0 ? [order.DoseMg] : splits;
        var now = clock.GetUtcNow();
        var bottles = new List<Dispense>();
        var mrnDigits = new string(patient.Mrn.Where(char.IsDigit).ToArray());
        foreach (var date in days)
        {
            for (var slot = 1; slot <= doses.Count; slot++)
            {
                var bottle = new Dispense
                {
                    Id = Guid.CreateVersion7(now),
                    PatientId = patient.Id,
                    SiteId = order.SiteId,
                    OrderId = order.Id,
                    LineageId = order.LineageId,
                    DoseDate = date,
                    Slot = slot,
                    ClaimedSlot = slot,
                    Medication = order.Medication,
                    OrderedMg = doses[slot - 1],
                    AmountMg = doses[slot - 1],
                    Observed = false,
                    TakeHome = true,
                    BottleNumber = $"{mrnDigits}-{date:yyMMdd}" + (doses.Count > 1 ? $"-{slot}" : ""),
                    DecisionId = decision.Id,
                    At = now,
                    Nurse = user.Username,
                };
                var refused = await DosingWindow.TakeFromStockAsync(ledger, bottle, request.Lot, user.Username, now, ct);
                if (refused is not null)
                {
                    return refused;
                }

                db.Dispenses.Add(bottle);
                bottles.Add(bottle);
            }
        }

        audit.Record("take-home", "MedicationDispense", decision.Id.ToString(), patient.Id, order.SiteId,
            $"{bottles.Count} bottle(s) of {MedicationOrders.Name(order.Medication)} for {days[0]:yyyy-MM-dd} to {days[^1]:yyyy-MM-dd}, lot {bottles[0].Lot}");
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DosingWindow.IsUniqueViolation(ex))
        {
            return Refusal.Conflict("Some of these days already have a dose or a bottle: nothing was handed out.");
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict("The stock changed at the same moment; try again.");
        }

        return bottles.Select(DosingWindow.View).ToList();
    }

    /// <summary>
    /// The returned-bottle check. An unused bottle for today or later is voided (its day can be dosed at the window);
    /// unused or remaining contents are destroyed before a witness; anything but an empty bottle opens a follow-up for
    /// the prescriber (possible diversion).
    /// </summary>
    public async Task<Outcome<DispenseView>> ReturnAsync(Guid bottleId, BottleReturnRequest request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Nurse or Roles.Prescriber))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber checks returned bottles.");
        }

        var check = request.Check?.Trim().ToLowerInvariant();
        var errors = new FieldErrors();
        if (check is null || !ReturnChecks.Contains(check))
        {
            errors.Add("check", $"check must be one of {string.Join(", ", ReturnChecks)}.");
        }

        if (check is "unused" or "contents-remaining" && string.IsNullOrWhiteSpace(request.Witness))
        {
            errors.Add("witness", "Returned contents are destroyed before a witness: give the witness.");
        }

        if (request.Note is { Length: > 1000 })
        {
            errors.Add("note", "note is longer than 1000 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // a bottle is checked in once, whoever scans it first
        var bottle = await db.Dispenses.SingleOrDefaultAsync(d => d.Id == bottleId && d.TakeHome, ct);
        var patient = bottle is null ? null : await db.VisiblePatientAsync(user, bottle.PatientId, ct);
        if (bottle is null || patient is null)
        {
            return Refusal.NotFound($"There is no take-home bottle {bottleId}.");
        }

        if (bottle.ReturnCheck is not null)
        {
            return Refusal.Conflict($"Bottle {bottle.BottleNumber} was already checked in ({bottle.ReturnCheck}).");
        }

        var now = clock.GetUtcNow();
        bottle.ReturnCheck = check;
        bottle.ReturnedAt = now;
        bottle.ReturnedBy = user.Username;
        bottle.ReturnNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        bottle.Witness = string.IsNullOrWhiteSpace(request.Witness) ? bottle.Witness : request.Witness.Trim();
        if (check == "unused" && bottle.DoseDate >= Today)
        {
            bottle.ClaimedSlot = null; // the day is free again for an observed dose
        }

        if (check != "empty")
        {
            db.FollowUps.Add(new FollowUp
            {
                Id = Guid.CreateVersion7(now),
                PatientId = bottle.PatientId,
                SiteId = bottle.SiteId,
                Code = "take-home-return",
                Text = $"Take-home bottle {bottle.BottleNumber} (due {bottle.DoseDate:yyyy-MM-dd}) returned {check}"
                    + (bottle.ReturnNote is null ? "" : $": {bottle.ReturnNote}") + ". Review take-homes (possible diversion or missed doses).",
                DueOn = Today,
                Priority = check is "tampered" or "not-returned" ? "danger" : "warning",
                Status = FollowUpStatus.Open,
                CreatedAt = now,
            });
        }

        audit.Record("bottle-return", "MedicationDispense", bottle.Id.ToString(), bottle.PatientId, bottle.SiteId,
            $"bottle {bottle.BottleNumber}: {check}" + (bottle.ClaimedSlot is null ? " (voided, day free for dosing)" : ""));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return DosingWindow.View(bottle);
    }

    /// <summary>Bottles for the label sheet: the ones handed out to a patient today (or the given ids).</summary>
    public async Task<Outcome<(Patient Patient, IReadOnlyList<Dispense> Bottles)>> LabelsAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var since = clock.GetUtcNow().AddHours(-24);
        var bottles = (await db.Dispenses.AsNoTracking().Where(d => d.PatientId == patientId && d.TakeHome && d.ReturnCheck == null).ToListAsync(ct))
            .Where(d => d.At >= since).OrderBy(d => d.DoseDate).ThenBy(d => d.Slot).ToList();
        await audit.RecordNowAsync(AuditActions.Read, "TakeHomeLabels", patientId.ToString(), patientId, patient.SiteId, ct: ct);
        return (patient, bottles);
    }

    private TakeHomeDecisionView View(TakeHomeDecision d)
    {
        var pickups = new List<DateOnly>();
        if (d.Status == "active")
        {
            var start = d.EffectiveFrom > Today ? d.EffectiveFrom : Today;
            for (var day = start; day < start.AddDays(28) && pickups.Count < 6; day = day.AddDays(1))
            {
                if (BottleDays(d, day).Count > 0)
                {
                    pickups.Add(day);
                }
            }
        }

        return new(d.Id, d.PatientId, d.LineageId, d.EffectiveFrom, d.DaysInTreatment, Describe(d), d.ClinicDays?.Split(','), d.EveryDays, d.TakeHomeDays,
            d.ClosureDays, d.MaximumTakeHomeDays, JsonSerializer.Deserialize<TakeHomeCriteria>(d.Criteria, Json)!,
            JsonSerializer.Deserialize<List<RuleFinding>>(d.Findings, Json)!, d.OverrideReason, d.Prescriber, d.CreatedAt, d.Status, d.RecallReason,
            d.RecalledAt, d.RecalledBy, pickups);
    }
}
