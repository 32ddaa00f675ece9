using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Dosing;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Dosing;

/// <summary>POST /api/v1/dosing/dispenses.</summary>
public sealed record DispenseRequest
{
    public Guid? PatientId { get; init; }
    public Guid? OrderId { get; init; }

    /// <summary>The amount taken; defaults to the ordered dose (or the slot's split dose).</summary>
    public decimal? AmountMg { get; init; }

    /// <summary>1 for a single daily dose; 1, 2, ... for split doses.</summary>
    public int? Slot { get; init; }

    /// <summary>refused-part, spilled or vomited: required when the amount is less than ordered.</summary>
    public string? PartialReason { get; init; }

    /// <summary>Required for spilled and vomited doses.</summary>
    public string? Witness { get; init; }

    public string? Lot { get; init; }
    public bool? Observed { get; init; }

    /// <summary>Signs of intoxication or sedation: the dose is not given and the order is held for the prescriber.</summary>
    public bool SedationSigns { get; init; }
}

public sealed record DispenseView(
    Guid Id, Guid PatientId, Guid OrderId, DateOnly DoseDate, int Slot, string Medication, decimal OrderedMg, decimal AmountMg,
    string? PartialReason, string? Witness, string? Lot, bool Observed, DateTimeOffset At, string? Nurse);

public sealed record QueueRow(
    Guid PatientId, string Patient, string Mrn, DateOnly BirthDate, Guid OrderId, string Medication, decimal DoseMg,
    IReadOnlyList<decimal> SplitDosesMg, string OrderStatus, IReadOnlyList<DispenseView> DosedToday, bool Complete,
    int MissedDays, string MissedDoseAction, string? MissedDoseMessage, IReadOnlyList<string> Alerts);

/// <summary>
/// The dosing window: who is due today at a site, and dispensing — one transaction that records the dose,
/// takes it out of the lot's stock with a ledger line, and writes the audit event. The database refuses a
/// second dose of the same order line, day and slot, also under concurrent requests from several stations.
/// </summary>
public sealed class DosingWindow(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    public static readonly string[] PartialReasons = ["refused-part", "spilled", "vomited"];

    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<IReadOnlyList<QueueRow>>> QueueAsync(int siteId, DateOnly? date, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var day = date ?? Today;
        var orders = await db.MedicationOrders.AsNoTracking()
            .Where(o => o.SiteId == siteId && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held || o.Status == OrderStatus.Scheduled)
                        && o.StartDate <= day && (o.StopDate == null || o.StopDate >= day))
            .ToListAsync(ct);
        var inForce = orders.GroupBy(o => o.LineageId).Select(g => g.OrderByDescending(o => o.Version).First()).ToList();
        var patientIds = inForce.Select(o => o.PatientId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id) && p.Status != PatientStatus.EnteredInError)
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.Mrn, p.BirthDate }).ToDictionaryAsync(p => p.Id, ct);
        var since = day.AddDays(-14);
        var dispenses = await db.Dispenses.AsNoTracking().Where(d => d.SiteId == siteId && d.DoseDate >= since && d.DoseDate <= day).ToListAsync(ct);
        var byLineage = dispenses.ToLookup(d => d.LineageId);
        var dangerFollowUps = (await db.FollowUps.AsNoTracking()
            .Where(f => patientIds.Contains(f.PatientId) && f.Status == FollowUpStatus.Open && f.Priority == "danger")
            .Select(f => new { f.PatientId, f.Text }).ToListAsync(ct)).ToLookup(f => f.PatientId, f => f.Text);

        var rows = new List<QueueRow>();
        foreach (var o in inForce.Where(o => patients.ContainsKey(o.PatientId)))
        {
            var p = patients[o.PatientId];
            var lineageDoses = byLineage[o.LineageId].ToList();
            var today = lineageDoses.Where(d => d.DoseDate == day).OrderBy(d => d.Slot).Select(View).ToList();
            var splits = Splits(o);
            var slots = Math.Max(1, splits.Count);
            var firstDay = orders.Where(x => x.LineageId == o.LineageId).Min(x => x.StartDate);
            var missed = MissedDoses.ConsecutiveMissed(lineageDoses.Select(d => d.DoseDate).ToHashSet(), day, firstDay);
            var advice = MissedDoses.Advise(o.Medication, missed, o.DoseMg);
            var alerts = new List<string>();
            if (o.Status == OrderStatus.Held)
            {
                alerts.Add($"Order held: {o.StatusReason}");
            }

            if (advice.Action != MissedDoseAction.DoseAsOrdered)
            {
                alerts.Add(advice.Message);
            }

            alerts.AddRange(dangerFollowUps[o.PatientId]);
            rows.Add(new QueueRow(o.PatientId, $"{p.FamilyName}, {p.GivenName}", p.Mrn, p.BirthDate, o.Id, MedicationOrders.Name(o.Medication), o.DoseMg,
                splits, MedicationOrders.Name(o.Status), today, today.Count >= slots, missed, IntakeForm.Kebab(advice.Action),
                advice.Action == MissedDoseAction.DoseAsOrdered ? null : advice.Message, alerts));
        }

        await audit.RecordNowAsync(AuditActions.Read, "DosingQueue", siteId.ToString(CultureInfo.InvariantCulture), siteId: siteId,
            detail: $"{day:yyyy-MM-dd}: {rows.Count} patients", ct: ct);
        return rows.OrderBy(r => r.Complete).ThenBy(r => r.Patient, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<Outcome<(DispenseView Dispense, bool Replayed)>> DispenseAsync(DispenseRequest request, string? idempotencyKey, CancellationToken ct)
    {
        if (user.Role is not (Roles.Nurse or Roles.Prescriber))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber dispenses.");
        }

        var errors = new FieldErrors();
        if (request.PatientId is null)
        {
            errors.Add("patientId", "patientId is required.");
        }

        if (request.OrderId is null)
        {
            errors.Add("orderId", "orderId is required.");
        }

        if (idempotencyKey is { Length: > 100 })
        {
            errors.Add("Idempotency-Key", "The Idempotency-Key header is longer than 100 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (idempotencyKey is not null
            && await db.Dispenses.AsNoTracking().SingleOrDefaultAsync(d => d.IdempotencyKey == idempotencyKey, ct) is { } earlier)
        {
            return earlier.PatientId == request.PatientId && earlier.OrderId == request.OrderId
                ? (View(earlier), true)
                : Refusal.Conflict("This Idempotency-Key was already used for another dose.");
        }

        var patient = await db.VisiblePatientAsync(user, request.PatientId!.Value, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(request.PatientId.Value);
        }

        var order = await db.MedicationOrders.SingleOrDefaultAsync(o => o.Id == request.OrderId && o.PatientId == patient.Id, ct);
        var day = Today;
        if (order is null)
        {
            var anyActive = await db.MedicationOrders.AnyAsync(o => o.PatientId == patient.Id && o.Status == OrderStatus.Active, ct);
            return anyActive
                ? Refusal.NotFound($"There is no order {request.OrderId} for this patient.")
                : new Refusal(RefusalKind.Unprocessable, "This patient has no active medication order: nothing can be dispensed.");
        }

        var lineage = await db.MedicationOrders.AsNoTracking().Where(o => o.LineageId == order.LineageId).ToListAsync(ct);
        var inForce = lineage.Where(o => o.Status is OrderStatus.Active or OrderStatus.Held or OrderStatus.Scheduled && o.StartDate <= day && (o.StopDate is null || o.StopDate >= day))
            .OrderByDescending(o => o.Version).FirstOrDefault();
        if (inForce is null)
        {
            return order.Status is OrderStatus.Discontinued or OrderStatus.Superseded
                ? Refusal.Conflict($"Order version {order.Version} is {MedicationOrders.Name(order.Status)}; nothing can be dispensed on it.")
                : new Refusal(RefusalKind.Unprocessable, "The order is not in force today (it starts later or has ended).");
        }

        if (inForce.Id != order.Id)
        {
            return Refusal.Conflict($"Order version {order.Version} is not the one in force today; version {inForce.Version} is ({inForce.DoseMg.ToString(CultureInfo.InvariantCulture)} mg).");
        }

        if (order.Status == OrderStatus.Held)
        {
            return Refusal.Conflict($"The order is held for the prescriber: {order.StatusReason}");
        }

        if (request.SedationSigns)
        {
            order.Status = OrderStatus.Held;
            order.StatusReason = "signs of intoxication or sedation at the dosing window";
            order.StatusChangedAt = clock.GetUtcNow();
            order.StatusChangedBy = user.Username;
            audit.Record(AuditActions.StatusChange, "MedicationRequest", order.Id.ToString(), patient.Id, patient.SiteId, "held at the window: sedation signs");
            await db.SaveChangesAsync(ct);
            return Refusal.Conflict("The dose was not given: the order is now held for the prescriber's review (signs of intoxication or sedation).");
        }

        var doses = await db.Dispenses.AsNoTracking().Where(d => d.LineageId == order.LineageId && d.DoseDate >= day.AddDays(-14)).ToListAsync(ct);
        var missed = MissedDoses.ConsecutiveMissed(doses.Select(d => d.DoseDate).ToHashSet(), day, lineage.Min(o => o.StartDate));
        var advice = MissedDoses.Advise(order.Medication, missed, order.DoseMg);
        var reviewedToday = DateOnly.FromDateTime(order.CreatedAt.ToLocalTime().DateTime) == day;
        if (advice.Action is MissedDoseAction.PrescriberReviewReducedDose or MissedDoseAction.ReInduction && !reviewedToday)
        {
            return Refusal.Conflict($"{missed} consecutive missed doses: {advice.Message} The prescriber must review (a new order today) before the next dose.");
        }

        var splits = Splits(order);
        var slot = request.Slot ?? (doses.Count(d => d.DoseDate == day) + 1);
        if (slot < 1 || slot > Math.Max(1, splits.Count))
        {
            return doses.Any(d => d.DoseDate == day)
                ? Refusal.Conflict("Today's dose of this order was already given.")
                : Refusal.Invalid("slot", $"slot must be from 1 to {Math.Max(1, splits.Count)}.");
        }

        var ordered = splits.Count == 0 ? order.DoseMg : splits[slot - 1];
        var amount = request.AmountMg ?? ordered;
        var partial = request.PartialReason?.Trim().ToLowerInvariant();
        if (amount <= 0 || amount > ordered)
        {
            errors.Add("amountMg", $"amountMg must be more than 0 and at most the ordered {ordered.ToString(CultureInfo.InvariantCulture)} mg.");
        }
        else if (amount < ordered && partial is null)
        {
            errors.Add("partialReason", "A partial dose needs a reason: refused-part, spilled or vomited.");
        }

        if (partial is not null && !PartialReasons.Contains(partial))
        {
            errors.Add("partialReason", "partialReason must be refused-part, spilled or vomited.");
        }

        if (partial is "spilled" or "vomited" && string.IsNullOrWhiteSpace(request.Witness))
        {
            errors.Add("witness", "A spilled or vomited dose needs a witness.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var dispense = new Dispense
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patient.Id,
            SiteId = patient.SiteId,
            OrderId = order.Id,
            LineageId = order.LineageId,
            DoseDate = day,
            Slot = slot,
            Medication = order.Medication,
            OrderedMg = ordered,
            AmountMg = amount,
            PartialReason = partial,
            Witness = string.IsNullOrWhiteSpace(request.Witness) ? null : request.Witness.Trim(),
            Observed = request.Observed ?? true,
            At = now,
            Nurse = user.Username,
            IdempotencyKey = idempotencyKey,
        };

        var stock = await TakeFromStockAsync(dispense, request.Lot, now, ct);
        if (stock is not null)
        {
            return stock;
        }

        db.Dispenses.Add(dispense);
        audit.Record("dispense", "MedicationAdministration", dispense.Id.ToString(), patient.Id, patient.SiteId,
            $"{MedicationOrders.Name(order.Medication)} {amount.ToString(CultureInfo.InvariantCulture)} of {ordered.ToString(CultureInfo.InvariantCulture)} mg, slot {slot}, lot {dispense.Lot}"
            + (partial is null ? "" : $", partial: {partial}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return Refusal.Conflict("This dose was already given today (another station recorded it first).");
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict("The stock changed at the same moment; try the dose again.");
        }

        return (View(dispense), false);
    }

    /// <summary>Takes the dose out of a lot at the site (the named lot, else the oldest with enough stock) and writes the ledger line.</summary>
    private async Task<Refusal?> TakeFromStockAsync(Dispense dispense, string? lotName, DateTimeOffset now, CancellationToken ct)
    {
        var lots = await db.StockLots.Where(l => l.SiteId == dispense.SiteId && l.Medication == dispense.Medication).ToListAsync(ct);
        if (lots.Count == 0)
        {
            return null; // no stock is kept here for this medication (e.g. prescriptions filled elsewhere)
        }

        var lot = lotName is { Length: > 0 }
            ? lots.SingleOrDefault(l => l.Lot == lotName.Trim())
            : lots.Where(l => l.BalanceMg >= dispense.AmountMg).OrderBy(l => l.ExpiresOn ?? DateOnly.MaxValue).ThenBy(l => l.Lot).FirstOrDefault();
        if (lot is null)
        {
            return lotName is { Length: > 0 }
                ? Refusal.Invalid("lot", $"There is no lot '{lotName}' of {MedicationOrders.Name(dispense.Medication)} at this site.")
                : Refusal.Conflict($"No lot of {MedicationOrders.Name(dispense.Medication)} at this site holds {dispense.AmountMg.ToString(CultureInfo.InvariantCulture)} mg: receive stock first.");
        }

        if (lot.BalanceMg < dispense.AmountMg)
        {
            return Refusal.Conflict($"Lot {lot.Lot} holds only {lot.BalanceMg.ToString(CultureInfo.InvariantCulture)} mg.");
        }

        lot.BalanceMg -= dispense.AmountMg;
        lot.Version++;
        dispense.LotId = lot.Id;
        dispense.Lot = lot.Lot;
        db.InventoryEntries.Add(new InventoryEntry
        {
            SiteId = lot.SiteId,
            LotId = lot.Id,
            Kind = "dispense",
            QuantityMg = -dispense.AmountMg,
            BalanceAfterMg = lot.BalanceMg,
            DispenseId = dispense.Id,
            By = user.Username,
            At = now,
        });
        return null;
    }

    internal static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        Npgsql.PostgresException pg => pg.SqlState == "23505",
        _ => false,
    };

    private static List<decimal> Splits(MedicationOrder o) =>
        o.SplitDoses is null ? [] : JsonSerializer.Deserialize<List<decimal>>(o.SplitDoses, Json) ?? [];

    internal static DispenseView View(Dispense d) => new(d.Id, d.PatientId, d.OrderId, d.DoseDate, d.Slot, MedicationOrders.Name(d.Medication),
        d.OrderedMg, d.AmountMg, d.PartialReason, d.Witness, d.Lot, d.Observed, d.At, d.Nurse);
}
