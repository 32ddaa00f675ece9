using System.Globalization;
using System.Text.Json;
using Mainstay.Clinical.Assessment;
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

    /// <summary>The nurse looked for intoxication or sedation and saw none: required after missed days.</summary>
    public bool? SedationChecked { get; init; }
}

public sealed record DispenseView(
    Guid Id, Guid PatientId, Guid OrderId, DateOnly DoseDate, int Slot, string Medication, decimal OrderedMg, decimal AmountMg,
    string? PartialReason, string? Witness, string? Lot, bool Observed, DateTimeOffset At, string? Nurse,
    bool TakeHome, string? BottleNumber, string? ReturnCheck, bool Voided);

/// <param name="TakeHomeDays">Take-home bottles to hand out today under the decision in force (0 when today is not a pickup day).</param>
/// <param name="BottlesHandedOutToday">Take-home bottles already handed out today (for later days).</param>
/// <param name="GuestFrom">The sending program, when the patient is dosed here as a guest.</param>
public sealed record QueueRow(
    Guid PatientId, string Patient, string Mrn, DateOnly BirthDate, bool HasPhoto, Guid OrderId, string Medication, decimal DoseMg,
    IReadOnlyList<decimal> SplitDosesMg, string OrderStatus, IReadOnlyList<DispenseView> DosedToday, bool Complete,
    int MissedDays, string MissedDoseAction, string? MissedDoseMessage, int TakeHomeDays, int BottlesHandedOutToday, string? TakeHomeSchedule, string? GuestFrom,
    IReadOnlyList<string> Alerts)
{
    /// <summary>The missed-dose rule holds the next dose until the prescriber reviews (a new order today); the window shows no Dose button.</summary>
    public bool NeedsPrescriberReview { get; init; }
}

/// <summary>
/// The dosing window: who is due today at a site, and dispensing — one transaction that records the dose,
/// takes it out of the lot's stock with a ledger line, and writes the audit event. The database refuses a
/// second dose of the same order line, day and slot, also under concurrent requests from several stations.
/// </summary>
public sealed class DosingWindow(MainstayDb db, ClinicUser user, AuditTrail audit, DoseRecorder recorder, Alerts.AlertBook alertBook, TimeProvider clock)
{
    public static readonly string[] PartialReasons = ["refused-part", "spilled", "vomited"];

    /// <summary>Why a dose checked against one version of the order is refused when the line changed before it was written.</summary>
    internal const string OrderChanged = "The order changed while the dose was being checked (held, replaced or stopped): open the patient again.";

    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<IReadOnlyList<QueueRow>>> QueueAsync(int siteId, DateOnly? date, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var day = date ?? Today;
        var (inForce, starts) = await OrdersInForceAsync(siteId, day, ct);
        var lineageIds = inForce.Select(o => o.LineageId).ToList();
        var patientIds = inForce.Select(o => o.PatientId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id) && p.Status != PatientStatus.EnteredInError)
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.Mrn, p.BirthDate, p.SiteId }).ToDictionaryAsync(p => p.Id, ct);
        var withPhoto = (await db.PatientPhotos.AsNoTracking().Where(ph => patientIds.Contains(ph.PatientId)).Select(ph => ph.PatientId).ToListAsync(ct)).ToHashSet();
        var dosedBefore = await RecentDoseDaysAsync(patientIds, day, ct);
        var todays = (await db.Dispenses.AsNoTracking().Where(d => lineageIds.Contains(d.LineageId) && d.DoseDate == day && d.ClaimedSlot != null).ToListAsync(ct))
            .ToLookup(d => d.LineageId);
        var until = day.AddDays(29);
        var handedOut = (await db.Dispenses.AsNoTracking()
            .Where(d => lineageIds.Contains(d.LineageId) && d.TakeHome && d.DoseDate > day && d.DoseDate <= until)
            .Select(d => new { d.LineageId, d.At }).ToListAsync(ct))
            .Where(d => DateOnly.FromDateTime(d.At.ToLocalTime().DateTime) == day).CountBy(d => d.LineageId).ToDictionary(c => c.Key, c => c.Value);
        var guests = (await db.GuestDosings.AsNoTracking().Where(g => g.HostSiteId == siteId && !g.Cancelled && g.FromDate <= day && g.ToDate >= day).ToListAsync(ct))
            .ToDictionary(g => g.OrderId);
        var awayAsGuest = (await db.GuestDosings.AsNoTracking()
            .Where(g => patientIds.Contains(g.PatientId) && g.HostSiteId != siteId && !g.Cancelled && g.FromDate <= day && g.ToDate >= day)
            .Select(g => new { g.PatientId, g.HostSiteId, g.ToDate }).ToListAsync(ct)).ToLookup(g => g.PatientId);
        var decisions = (await db.TakeHomeDecisions.AsNoTracking().Where(t => lineageIds.Contains(t.LineageId) && t.Status != "superseded").ToListAsync(ct))
            .GroupBy(t => t.LineageId).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.CreatedAt).First());
        var bottlesOut = (await db.Dispenses.AsNoTracking()
            .Where(d => patientIds.Contains(d.PatientId) && d.TakeHome && d.ReturnCheck == null && d.DoseDate < day)
            .Select(d => d.PatientId).ToListAsync(ct)).CountBy(p => p).ToDictionary(c => c.Key, c => c.Value);
        var alerts = await ChartAlertsAsync(patientIds, day, ct);

        var rows = new List<QueueRow>();
        foreach (var o in inForce.Where(o => patients.ContainsKey(o.PatientId)))
        {
            var p = patients[o.PatientId];
            var today = todays[o.LineageId].OrderBy(d => d.Slot).Select(View).ToList();
            var splits = Splits(o);
            var slots = Math.Max(1, splits.Count);
            var guest = guests.GetValueOrDefault(o.Id);
            var dosed = dosedBefore[o.PatientId].ToHashSet();
            if (guest?.LastDoseDate is { } sentLast)
            {
                dosed.Add(sentLast);
            }

            var missed = MissedDoses.ConsecutiveMissed(dosed, day, starts[o.LineageId]);
            var advice = MissedDoses.Advise(o.Medication, missed, o.DoseMg);
            var rowAlerts = new List<string>();
            if (o.Status == OrderStatus.Held)
            {
                rowAlerts.Add($"Order held: {o.StatusReason}");
            }

            if (advice.Action != MissedDoseAction.DoseAsOrdered)
            {
                rowAlerts.Add(advice.Message);
            }

            if (guest is not null)
            {
                rowAlerts.Add($"Guest from {guest.SendingProgram} until {guest.ToDate:yyyy-MM-dd} (order of {guest.SendingPrescriber}, verified: {guest.VerifiedBy}).");
            }

            foreach (var away in awayAsGuest[o.PatientId])
            {
                rowAlerts.Add($"Dosing as a guest at site {away.HostSiteId} until {away.ToDate:yyyy-MM-dd}.");
            }

            var decision = decisions.GetValueOrDefault(o.LineageId);
            if (decision?.Status == "recalled")
            {
                rowAlerts.Add($"Take-homes recalled: {decision.RecallReason}");
            }

            if (bottlesOut.GetValueOrDefault(o.PatientId) is > 0 and var outstanding)
            {
                rowAlerts.Add($"{outstanding} take-home bottle(s) to check back in.");
            }

            rowAlerts.AddRange(alerts[o.PatientId]);
            var takeHomeDays = decision is { Status: "active" } && decision.EffectiveFrom <= day ? TakeHomeSchedules.BottleDays(decision, day).Count : 0;
            rows.Add(new QueueRow(o.PatientId, $"{p.FamilyName}, {p.GivenName}", p.Mrn, p.BirthDate, withPhoto.Contains(p.Id), o.Id, MedicationOrders.Name(o.Medication), o.DoseMg,
                splits, MedicationOrders.Name(o.Status), today, today.Count >= slots, missed, IntakeForm.Kebab(advice.Action),
                advice.Action == MissedDoseAction.DoseAsOrdered ? null : advice.Message, takeHomeDays, handedOut.GetValueOrDefault(o.LineageId),
                decision is { Status: "active" } ? TakeHomeSchedules.Describe(decision) : null, guest?.SendingProgram, rowAlerts)
            {
                NeedsPrescriberReview = advice.Action is MissedDoseAction.PrescriberReviewReducedDose or MissedDoseAction.ReInduction
                                        && DateOnly.FromDateTime(o.CreatedAt.ToLocalTime().DateTime) != day,
            });
        }

        await audit.RecordNowAsync(AuditActions.Read, "DosingQueue", siteId.ToString(CultureInfo.InvariantCulture), siteId: siteId,
            detail: $"{day:yyyy-MM-dd}: {rows.Count} patients", ct: ct);
        return rows.OrderBy(r => r.Complete).ThenBy(r => r.Patient, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// The order version in force today for each order line at the site (active, held, or a scheduled step that has
    /// begun), and the first day of each line (missed days never count before it).
    /// </summary>
    private async Task<(List<MedicationOrder> InForce, Dictionary<Guid, DateOnly> Starts)> OrdersInForceAsync(int siteId, DateOnly day, CancellationToken ct)
    {
        var orders = await db.MedicationOrders.AsNoTracking()
            .Where(o => o.SiteId == siteId && (o.Status == OrderStatus.Active || o.Status == OrderStatus.Held || o.Status == OrderStatus.Scheduled)
                        && o.StartDate <= day && (o.StopDate == null || o.StopDate >= day))
            .ToListAsync(ct);
        var inForce = orders.GroupBy(o => o.LineageId).Select(g => g.OrderByDescending(o => o.Version).First()).ToList();
        var lineageIds = inForce.Select(o => o.LineageId).ToList();
        var starts = (await db.MedicationOrders.AsNoTracking().Where(o => lineageIds.Contains(o.LineageId))
            .Select(o => new { o.LineageId, o.StartDate }).ToListAsync(ct)).GroupBy(o => o.LineageId).ToDictionary(g => g.Key, g => g.Min(o => o.StartDate));
        return (inForce, starts);
    }

    /// <summary>
    /// Raises a missed-doses alert for the prescriber for every patient at the site whose run of missed days needs a
    /// prescriber review or re-induction (the missed-dose rule), once per run. Run by the hourly watch and on request.
    /// </summary>
    public async Task<Outcome<int>> RaiseMissedDoseAlertsAsync(int siteId, DateOnly? date, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        if (user.Role is not (Roles.Nurse or Roles.Prescriber or Roles.Director))
        {
            return Refusal.Forbidden("Only a nurse, a prescriber or the director runs the missed-dose check.");
        }

        return await SweepMissedDosesAsync(siteId, date ?? Today, ct);
    }

    /// <summary>The missed-dose check without an access check (the hourly watch runs it for every site).</summary>
    internal async Task<int> SweepMissedDosesAsync(int siteId, DateOnly day, CancellationToken ct)
    {
        var (all, starts) = await OrdersInForceAsync(siteId, day, ct);
        var inForce = all.Where(o => o.Status != OrderStatus.Held).ToList();
        var patientIds = inForce.Select(o => o.PatientId).Distinct().ToList();
        var dosedBefore = await RecentDoseDaysAsync(patientIds, day, ct);
        var guestLastDose = (await db.GuestDosings.AsNoTracking().Where(g => g.HostSiteId == siteId && !g.Cancelled && g.LastDoseDate != null)
            .Select(g => new { g.OrderId, g.LastDoseDate }).ToListAsync(ct)).ToDictionary(g => g.OrderId, g => g.LastDoseDate!.Value);
        var drafts = new List<Alerts.AlertDraft>();
        foreach (var o in inForce)
        {
            var dosed = dosedBefore[o.PatientId].ToHashSet();
            if (guestLastDose.TryGetValue(o.Id, out var sentLast))
            {
                dosed.Add(sentLast);
            }

            var missed = MissedDoses.ConsecutiveMissed(dosed, day, starts[o.LineageId]);
            var advice = MissedDoses.Advise(o.Medication, missed, o.DoseMg);
            if (advice.Action is not (MissedDoseAction.PrescriberReviewReducedDose or MissedDoseAction.ReInduction))
            {
                continue;
            }

            var lastDosed = day.AddDays(-missed - 1);
            var reInduction = advice.Action == MissedDoseAction.ReInduction;
            drafts.Add(new Alerts.AlertDraft(o.PatientId, siteId, "missed-doses", reInduction ? "danger" : "warning",
                $"{missed} consecutive missed {MedicationOrders.Name(o.Medication)} doses (none since {lastDosed:yyyy-MM-dd}): {advice.Message} Reach the patient: missed doses mean lost tolerance and overdose risk.",
                Roles.Prescriber, $"missed:{o.LineageId}:{lastDosed:yyyy-MM-dd}"));
        }

        // A patient who stays away keeps the same alert key from hour to hour: the ones raised already are left out in one
        // read, without the lock. The doses were read without it too (the window keeps dosing meanwhile); which of the rest
        // are new is decided under it, so a sweep asked for by hand while the hourly watch runs raises each alert once.
        var keys = drafts.Select(d => d.SourceKey).ToList();
        var patients = drafts.Select(d => d.PatientId).Distinct().ToList();
        var raisedBefore = (await db.PatientAlerts.AsNoTracking().Where(a => patients.Contains(a.PatientId) && a.Kind == "missed-doses" && keys.Contains(a.SourceKey))
            .Select(a => new { a.PatientId, a.SourceKey }).ToListAsync(ct)).Select(a => (a.PatientId, a.SourceKey)).ToHashSet();
        drafts.RemoveAll(d => raisedBefore.Contains((d.PatientId, d.SourceKey)));
        if (drafts.Count == 0)
        {
            return 0;
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var raised = 0;
        foreach (var draft in drafts)
        {
            if (await alertBook.RaiseAsync(draft, ct))
            {
                raised++;
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return raised;
    }

    /// <summary>
    /// What the nurse must see before dosing, from the rest of the chart: open danger follow-ups, pregnancy (latest
    /// assessment), a plan review overdue, unresolved alerts (positive screens, overdoses), a consent expiring within 14 days.
    /// </summary>
    private async Task<ILookup<Guid, string>> ChartAlertsAsync(List<Guid> patientIds, DateOnly day, CancellationToken ct)
    {
        var alerts = new List<(Guid Patient, string Text)>();
        alerts.AddRange((await db.FollowUps.AsNoTracking()
            .Where(f => patientIds.Contains(f.PatientId) && f.Status == FollowUpStatus.Open && f.Priority == "danger")
            .Select(f => new { f.PatientId, f.Text }).ToListAsync(ct)).Select(f => (f.PatientId, f.Text)));

        // Only the latest completed assessment of each patient counts: pick its id from a narrow read, then load just those contents.
        var latestIds = (await db.Assessments.AsNoTracking()
            .Where(a => patientIds.Contains(a.PatientId) && a.Status != AssessmentStatus.Draft)
            .Select(a => new { a.Id, a.PatientId, a.CompletedAt }).ToListAsync(ct))
            .GroupBy(a => a.PatientId).Select(g => g.OrderByDescending(a => a.CompletedAt).First().Id).ToList();
        var latestAssessments = await db.Assessments.AsNoTracking().Where(a => latestIds.Contains(a.Id))
            .Select(a => new { a.PatientId, a.Content }).ToListAsync(ct);
        foreach (var a in latestAssessments)
        {
            if (JsonSerializer.Deserialize<AssessmentContent>(a.Content, Json)?.History?.Pregnancy == PregnancyStatus.Pregnant)
            {
                alerts.Add((a.PatientId, "Pregnant."));
            }
        }

        var plans = await db.TreatmentPlans.AsNoTracking()
            .Where(t => patientIds.Contains(t.PatientId) && t.Status == Plans.PlanStatus.Signed && t.NextReviewOn != null && t.NextReviewOn < day)
            .Select(t => new { t.PatientId, t.NextReviewOn }).ToListAsync(ct);
        alerts.AddRange(plans.Select(t => (t.PatientId, $"Treatment plan review overdue since {t.NextReviewOn:yyyy-MM-dd}.")));

        // Unresolved alerts (a positive screen, an overdose, possible diversion); missed doses are already shown from the rule.
        var open = await db.PatientAlerts.AsNoTracking()
            .Where(a => patientIds.Contains(a.PatientId) && a.Status != "resolved" && a.Kind != "missed-doses")
            .Select(a => new { a.PatientId, a.Kind, a.Reason }).ToListAsync(ct);
        alerts.AddRange(open.Select(a => (a.PatientId, $"Alert ({a.Kind}): {a.Reason}")));

        var soon = day.AddDays(14);
        var consents = await db.Consents.AsNoTracking()
            .Where(c => patientIds.Contains(c.PatientId) && c.RevokedAt == null && c.ExpiresOn != null && c.ExpiresOn >= day && c.ExpiresOn <= soon)
            .Select(c => new { c.PatientId, c.Recipient, c.ExpiresOn }).ToListAsync(ct);
        alerts.AddRange(consents.Select(c => (c.PatientId, $"Consent to disclose to {c.Recipient} expires {c.ExpiresOn:yyyy-MM-dd}.")));
        return alerts.ToLookup(a => a.Patient, a => a.Text);
    }

    public async Task<Outcome<(DispenseView Dispense, bool Replayed)>> DispenseAsync(DispenseRequest request, string? idempotencyKey, CancellationToken ct)
    {
        if (user.Role is not (Roles.Nurse or Roles.Prescriber))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber dispenses.");
        }

        var errors = Required(request.PatientId, request.OrderId);

        if (idempotencyKey is { Length: > 100 })
        {
            errors.Add("Idempotency-Key", "The Idempotency-Key header is longer than 100 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        // The checks read committed rows without the write lock: stations check in parallel, and a refused dose never
        // queues. One connection for all of them (opening one from the pool for each read cost a tenth of a dose's CPU).
        var day = Today;
        Outcome<DoseCheck> checkedDose;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (idempotencyKey is not null && await DoseByKey.For(db)(db, idempotencyKey) is { } earlier)
            {
                return earlier.PatientId == request.PatientId && earlier.OrderId == request.OrderId
                    ? (View(earlier), true)
                    : Refusal.Conflict(KeyReused);
            }

            checkedDose = await CheckAsync(request, day, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (checkedDose.Refusal is not null)
        {
            return checkedDose.Refusal;
        }

        var (patient, order, guest, slot, ordered, amount, partial) = checkedDose.Value!;

        if (request.SedationSigns)
        {
            return await HoldForSedationAsync(patient, order, day, ct);
        }

        var now = clock.GetUtcNow();
        var dispense = new Dispense
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patient.Id,
            SiteId = order.SiteId,
            OrderId = order.Id,
            LineageId = order.LineageId,
            DoseDate = day,
            Slot = slot,
            ClaimedSlot = slot,
            GuestDosingId = guest?.Id,
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

        // Stations hand the checked dose to the recorder, which writes the doses queued together in one transaction and
        // checks again under the write lock what another writer may have changed meanwhile (the order line, the slot,
        // the lot's balance).
        var doseEvent = audit.Draft("dispense", "MedicationAdministration", dispense.Id.ToString(), patient.Id, order.SiteId);
        if (await recorder.RecordAsync(dispense, order.Status, request.Lot, doseEvent) is not { } refused)
        {
            return (View(dispense), false);
        }

        // A station that sent the same request again while the first was still waiting for the writer: the first was
        // recorded meanwhile and took the slot. The retry gets that dose back, as it would have had it come a moment later.
        if (idempotencyKey is not null && refused.Kind == RefusalKind.Conflict && await DoseByKey.For(db)(db, idempotencyKey) is { } first
            && first.PatientId == request.PatientId && first.OrderId == request.OrderId)
        {
            return (View(first), true);
        }

        return refused;
    }

    /// <summary>What the audit event of a dose says: the medication, amount of ordered, slot, lot and any partial reason.</summary>
    internal static string AuditDetail(Dispense d) =>
        $"{MedicationOrders.Name(d.Medication)} {d.AmountMg.ToString(CultureInfo.InvariantCulture)} of {d.OrderedMg.ToString(CultureInfo.InvariantCulture)} mg, slot {d.Slot}, lot {d.Lot}"
        + (d.PartialReason is null ? "" : $", partial: {d.PartialReason}");

    /// <summary>Signs of intoxication or sedation: no dose, and the order is held for the prescriber (if it is still the one checked).</summary>
    private async Task<Refusal> HoldForSedationAsync(Patient patient, MedicationOrder order, DateOnly day, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var lineageNow = await db.MedicationOrders.AsNoTracking().Where(o => o.LineageId == order.LineageId).ToListAsync(ct);
        if (OrderInForce(lineageNow, day) is not { } stillInForce || stillInForce.Id != order.Id || stillInForce.Status != order.Status)
        {
            return Refusal.Conflict(OrderChanged);
        }

        db.MedicationOrders.Attach(order); // read without tracking by the checks
        order.Status = OrderStatus.Held;
        order.StatusReason = "signs of intoxication or sedation at the dosing window";
        order.StatusChangedAt = clock.GetUtcNow();
        order.StatusChangedBy = user.Username;
        audit.Record(AuditActions.StatusChange, "MedicationRequest", order.Id.ToString(), patient.Id, patient.SiteId, "held at the window: sedation signs");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Refusal.Conflict("The dose was not given: the order is now held for the prescriber's review (signs of intoxication or sedation).");
    }

    /// <summary>What a dose is checked against before it is given, read without the write lock.</summary>
    private sealed record DoseCheck(Patient Patient, MedicationOrder Order, GuestDosing? Guest, int Slot, decimal OrderedMg, decimal AmountMg, string? PartialReason);

    /// <summary>A dose the checks look at: its order line, day, and what covers it.</summary>
    private sealed record DoseOnFile(Guid LineageId, DateOnly DoseDate, bool TakeHome, string? BottleNumber);

    // The reads of a dose, compiled once: the dosing window is the hot path, and translating a LINQ query again for every
    // dose cost a sixth of its CPU.
    private static readonly PerProvider<Func<MainstayDb, string, Task<Dispense?>>> DoseByKey = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, string key) => db.Dispenses.AsNoTracking().SingleOrDefault(d => d.IdempotencyKey == key)));

    private static readonly PerProvider<Func<MainstayDb, Guid, Guid, DateOnly, Task<GuestDosing?>>> GuestArrangement = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, Guid patientId, Guid orderId, DateOnly day) => db.GuestDosings.AsNoTracking()
            .SingleOrDefault(g => g.PatientId == patientId && g.OrderId == orderId && !g.Cancelled && g.FromDate <= day && g.ToDate >= day)));

    private static readonly PerProvider<Func<MainstayDb, Guid, Task<Patient?>>> PatientById = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, Guid id) => db.Patients.AsNoTracking().SingleOrDefault(p => p.Id == id)));

    private static readonly PerProvider<Func<MainstayDb, Guid, Guid, IAsyncEnumerable<MedicationOrder>>> LineageOf = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, Guid orderId, Guid patientId) =>
            from named in db.MedicationOrders.AsNoTracking()
            where named.Id == orderId && named.PatientId == patientId
            join version in db.MedicationOrders.AsNoTracking() on named.LineageId equals version.LineageId
            select version));

    private static readonly PerProvider<Func<MainstayDb, Guid, DateOnly, DateOnly, IAsyncEnumerable<DoseOnFile>>> DosesSince = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, Guid patientId, DateOnly from, DateOnly to) => db.Dispenses.AsNoTracking()
            .Where(d => d.PatientId == patientId && d.DoseDate >= from && d.DoseDate <= to && d.ClaimedSlot != null)
            .Select(d => new DoseOnFile(d.LineageId, d.DoseDate, d.TakeHome, d.BottleNumber))));

    /// <summary>
    /// The patient (site wall or guest arrangement), the order version in force and not held, the missed-dose rule, the
    /// day's slot and the amount. With sedation signs only the order is checked: the dose is not given.
    /// </summary>
    private async Task<Outcome<DoseCheck>> CheckAsync(DispenseRequest request, DateOnly day, CancellationToken ct)
    {
        var guest = await GuestArrangement.For(db)(db, request.PatientId!.Value, request.OrderId!.Value, day) is { } arranged && await user.MayUseSiteAsync(arranged.HostSiteId, ct)
            ? arranged
            : null;
        var patient = await PatientById.For(db)(db, request.PatientId!.Value);
        if (patient is null || (guest is null && (patient.Status == PatientStatus.EnteredInError || !await user.MayUseSiteAsync(patient.SiteId, ct))))
        {
            return PatientAccess.NotVisible(request.PatientId.Value);
        }

        // The order line the order belongs to, every version, in one read.
        var lineage = await LineageOf.For(db)(db, request.OrderId!.Value, patient.Id).ToListAsync(ct);
        var order = lineage.SingleOrDefault(o => o.Id == request.OrderId);
        if (order is null)
        {
            var anyActive = await db.MedicationOrders.AnyAsync(o => o.PatientId == patient.Id && o.Status == OrderStatus.Active, ct);
            return anyActive
                ? Refusal.NotFound($"There is no order {request.OrderId} for this patient.")
                : new Refusal(RefusalKind.Unprocessable, "This patient has no active medication order: nothing can be dispensed.");
        }

        var inForce = OrderInForce(lineage, day);
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
            return new DoseCheck(patient, order, guest, 0, 0, 0, null);
        }

        // The patient's doses of the last 14 days and today (at any site), in one read: missed days, and today's slots.
        var fortnight = await DosesSince.For(db)(db, patient.Id, day.AddDays(-14), day).ToListAsync(ct);
        var doses = fortnight.Where(d => d.DoseDate == day && d.LineageId == order.LineageId).ToList();
        var dosedDays = fortnight.Where(d => d.DoseDate < day).Select(d => d.DoseDate).ToHashSet();
        if (guest?.LastDoseDate is { } sentLast)
        {
            dosedDays.Add(sentLast);
        }

        var missed = MissedDoses.ConsecutiveMissed(dosedDays, day, lineage.Min(o => o.StartDate));
        var advice = MissedDoses.Advise(order.Medication, missed, order.DoseMg);
        var reviewedToday = DateOnly.FromDateTime(order.CreatedAt.ToLocalTime().DateTime) == day;
        if (advice.Action is MissedDoseAction.PrescriberReviewReducedDose or MissedDoseAction.ReInduction && !reviewedToday)
        {
            return Refusal.Conflict($"{missed} consecutive missed doses: {advice.Message} The prescriber must review (a new order today) before the next dose.");
        }

        if (advice.Action == MissedDoseAction.DoseIfNotIntoxicated && !reviewedToday && request.SedationChecked != true)
        {
            return Refusal.Invalid("sedationChecked",
                $"{missed} consecutive missed doses: confirm there are no signs of intoxication or sedation (sedationChecked: true) before dosing.");
        }

        var splits = Splits(order);
        var slot = request.Slot ?? (doses.Count + 1);
        if (slot < 1 || slot > Math.Max(1, splits.Count))
        {
            return doses.Count > 0
                ? Refusal.Conflict(doses.Any(d => d.TakeHome)
                    ? $"Today is covered by take-home bottle {doses.First(d => d.TakeHome).BottleNumber}; return it unused before dosing here."
                    : "Today's dose of this order was already given.")
                : Refusal.Invalid("slot", $"slot must be from 1 to {Math.Max(1, splits.Count)}.");
        }

        var errors = new FieldErrors();
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

        return new DoseCheck(patient, order, guest, slot, ordered, amount, partial);
    }


    /// <summary>Takes the dose out of a lot at the site (the named lot, else the earliest-expiring with enough stock) with its ledger line.</summary>
    internal static async Task<Refusal?> TakeFromStockAsync(StockLedger ledger, Dispense dispense, string? lotName, string? by, DateTimeOffset now, CancellationToken ct)
    {
        var chosen = await ledger.ChooseLotAsync(dispense.SiteId, dispense.Medication, dispense.AmountMg, lotName, ct);
        if (chosen.Refusal is not null)
        {
            return chosen.Refusal;
        }

        if (chosen.Value is not { } lot)
        {
            return null;
        }

        dispense.LotId = lot.Id;
        dispense.Lot = lot.Lot;
        return await ledger.PostAsync(lot, new InventoryEntry
        {
            Kind = dispense.TakeHome ? "take-home" : "dispense",
            QuantityMg = -dispense.AmountMg,
            DispenseId = dispense.Id,
            By = by,
            At = now,
        }, ct);
    }

    /// <summary>The days each patient had a dose (observed, partial or take-home; not voided bottles) in the 14 days before <paramref name="day"/>, at any site.</summary>
    internal async Task<ILookup<Guid, DateOnly>> RecentDoseDaysAsync(IReadOnlyCollection<Guid> patientIds, DateOnly day, CancellationToken ct)
    {
        var since = day.AddDays(-14);
        var rows = await db.Dispenses.AsNoTracking()
            .Where(d => patientIds.Contains(d.PatientId) && d.DoseDate >= since && d.DoseDate < day && d.ClaimedSlot != null)
            .Select(d => new { d.PatientId, d.DoseDate }).ToListAsync(ct);
        return rows.ToLookup(r => r.PatientId, r => r.DoseDate);
    }

    /// <summary>Every dosing action names the patient and the order line.</summary>
    internal static FieldErrors Required(Guid? patientId, Guid? orderId)
    {
        var errors = new FieldErrors();
        if (patientId is null)
        {
            errors.Add("patientId", "patientId is required.");
        }

        if (orderId is null)
        {
            errors.Add("orderId", "orderId is required.");
        }

        return errors;
    }

    /// <summary>The refusal of a dose whose order line, day and slot another dose already holds.</summary>
    internal const string AlreadyGiven = "This dose was already given today (another station recorded it first).";

    /// <summary>The refusal of a dose whose Idempotency-Key a different dose already carries.</summary>
    internal const string KeyReused = "This Idempotency-Key was already used for another dose.";

    /// <summary>
    /// A unique index or primary key refused the row: someone wrote the same thing at the same moment. Other constraint
    /// failures (a foreign key, NOT NULL, CHECK) are not this and stay errors: SQLite's extended codes tell them apart, its
    /// primary code 19 does not.
    /// </summary>
    internal static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        Npgsql.PostgresException pg => pg.SqlState == "23505",
        _ => false,
    };

    /// <summary>The unique index that refused the row is the Idempotency-Key's (SQLite names the column, PostgreSQL the index).</summary>
    internal static bool IsKeyReused(DbUpdateException ex) => IsUniqueViolation(ex) && ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.Message.Contains("Dispenses.IdempotencyKey", StringComparison.Ordinal),
        Npgsql.PostgresException pg => pg.ConstraintName == "UX_Dispenses_IdempotencyKey",
        _ => false,
    };

    /// <summary>The version of an order line in force on a day: active, held, or a scheduled step that has begun; the latest such.</summary>
    internal static MedicationOrder? OrderInForce(IEnumerable<MedicationOrder> lineage, DateOnly day) =>
        lineage.Where(o => o.Status is OrderStatus.Active or OrderStatus.Held or OrderStatus.Scheduled && o.StartDate <= day && (o.StopDate is null || o.StopDate >= day))
            .OrderByDescending(o => o.Version).FirstOrDefault();

    private static List<decimal> Splits(MedicationOrder o) =>
        o.SplitDoses is null ? [] : JsonSerializer.Deserialize<List<decimal>>(o.SplitDoses, Json) ?? [];

    internal static DispenseView View(Dispense d) => new(d.Id, d.PatientId, d.OrderId, d.DoseDate, d.Slot, MedicationOrders.Name(d.Medication),
        d.OrderedMg, d.AmountMg, d.PartialReason, d.Witness, d.Lot, d.Observed, d.At, d.Nurse, d.TakeHome, d.BottleNumber, d.ReturnCheck, d.ClaimedSlot is null);
}
