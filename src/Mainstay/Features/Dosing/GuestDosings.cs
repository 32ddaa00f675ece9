using System.Globalization;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Dosing;

/// <summary>POST /api/v1/dosing/guests.</summary>
public sealed record GuestDosingRequest
{
    public Guid? PatientId { get; init; }
    public int? HostSiteId { get; init; }
    public string? SendingProgram { get; init; }
    public string? SendingPrescriber { get; init; }
    public string? SendingContact { get; init; }
    public string? Medication { get; init; }
    public decimal? DoseMg { get; init; }
    public string? LastDoseDate { get; init; }
    public string? FromDate { get; init; }
    public string? ToDate { get; init; }

    /// <summary>Who confirmed the order with the sending program, how and when.</summary>
    public string? VerifiedBy { get; init; }
}

public sealed record GuestDosingView(
    Guid Id, Guid PatientId, string Patient, int HomeSiteId, int HostSiteId, Guid OrderId, string SendingProgram, string SendingPrescriber,
    string? SendingContact, string Medication, decimal DoseMg, DateOnly? LastDoseDate, DateOnly FromDate, DateOnly ToDate, string VerifiedBy,
    string CreatedBy, bool Cancelled);

/// <summary>
/// Guest dosing: a patient of another site (or of another program, registered here) dosed at a host site for a
/// while under the sending program's order. The arrangement makes a host-site order that the window doses against;
/// the host nurse sees the guest in the queue without being granted the home site.
/// </summary>
public sealed class GuestDosings(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The longest guest stay one arrangement covers; longer stays are a transfer.</summary>
    public const int MaximumDays = 30;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<GuestDosingView>> ArrangeAsync(GuestDosingRequest request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Nurse or Roles.Prescriber))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber arranges guest dosing.");
        }

        var errors = new FieldErrors();
        if (request.PatientId is null)
        {
            errors.Add("patientId", "patientId is required (register a patient from another program first).");
        }

        if (request.HostSiteId is null)
        {
            errors.Add("hostSiteId", "hostSiteId is required: the site that doses the guest.");
        }

        Require(errors, "sendingProgram", request.SendingProgram, 200);
        Require(errors, "sendingPrescriber", request.SendingPrescriber, 200);
        Require(errors, "verifiedBy", request.VerifiedBy, 300);
        if (request.SendingContact is { Length: > 200 })
        {
            errors.Add("sendingContact", "sendingContact is longer than 200 characters.");
        }

        var medication = MedicationOrders.ParseMedication(request.Medication);
        if (medication is null or Moud.Naltrexone)
        {
            errors.Add("medication", "medication must be methadone or buprenorphine.");
        }

        if (request.DoseMg is not ({ } dose and > 0 and <= 1000))
        {
            errors.Add("doseMg", "doseMg must be more than 0 and at most 1000 mg: the sending program's current daily dose.");
        }

        var from = Dates.Parse(errors, "fromDate", request.FromDate) ?? Today;
        var to = Dates.Parse(errors, "toDate", request.ToDate);
        var last = Dates.Parse(errors, "lastDoseDate", request.LastDoseDate);
        if (to is null && request.ToDate is null)
        {
            errors.Add("toDate", "toDate is required: the last day of the guest stay.");
        }
        else if (to is { } end && (end < from || end.DayNumber - from.DayNumber + 1 > MaximumDays))
        {
            errors.Add("toDate", $"toDate must be on or after fromDate and at most {MaximumDays} days later.");
        }

        if (from < Today)
        {
            errors.Add("fromDate", "fromDate cannot be in the past.");
        }

        if (last is { } l && l >= from)
        {
            errors.Add("lastDoseDate", "lastDoseDate (the sending program's last dose) must be before fromDate.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var patient = await db.VisiblePatientAsync(user, request.PatientId!.Value, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(request.PatientId.Value);
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "guest dosing", clock.LocalTimeZone, ct) is { } died)
        {
            return died;
        }

        var host = request.HostSiteId!.Value;
        if (!await db.Sites.AnyAsync(s => s.Id == host, ct))
        {
            return Refusal.Invalid("hostSiteId", $"There is no site with id {host}.");
        }

        // Under the write lock: an arrangement sent twice finds the first, instead of a second host order dosed apart.
        await using var tx = await db.BeginLockedWriteAsync(ct);
        var overlapping = await db.GuestDosings.AnyAsync(g => g.PatientId == patient.Id && !g.Cancelled && g.FromDate <= to && g.ToDate >= from, ct);
        if (overlapping)
        {
            return Refusal.Conflict("The patient already has a guest arrangement for some of these days.");
        }

        var now = clock.GetUtcNow();
        var orderId = Guid.CreateVersion7(now);
        var program = request.SendingProgram!.Trim();
        var prescriber = request.SendingPrescriber!.Trim();
        db.MedicationOrders.Add(new MedicationOrder
        {
            Id = orderId,
            PatientId = patient.Id,
            SiteId = host,
            LineageId = orderId,
            Version = 1,
            Medication = medication!.Value,
            DoseMg = request.DoseMg!.Value,
            Schedule = "daily",
            StartDate = from,
            StopDate = to,
            Status = OrderStatus.Active,
            Instructions = $"Guest dosing: order of {prescriber} ({program}), verified by {request.VerifiedBy!.Trim()}.",
            Prescriber = $"{prescriber} ({program})",
            Findings = "[]",
            CreatedAt = now,
        });
        var guest = new GuestDosing
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patient.Id,
            HomeSiteId = patient.SiteId,
            HostSiteId = host,
            OrderId = orderId,
            SendingProgram = program,
            SendingPrescriber = prescriber,
            SendingContact = request.SendingContact?.Trim(),
            Medication = medication.Value,
            DoseMg = request.DoseMg.Value,
            LastDoseDate = last,
            FromDate = from,
            ToDate = to!.Value,
            VerifiedBy = request.VerifiedBy!.Trim(),
            CreatedBy = user.Username ?? "unknown",
            CreatedAt = now,
        };
        db.GuestDosings.Add(guest);
        audit.Record("guest-dosing", "GuestDosing", guest.Id.ToString(), patient.Id, host,
            $"{MedicationOrders.Name(guest.Medication)} {guest.DoseMg.ToString(CultureInfo.InvariantCulture)} mg from {program}, {from:yyyy-MM-dd} to {guest.ToDate:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(guest, patient);
    }

    public async Task<Outcome<IReadOnlyList<GuestDosingView>>> ListAsync(int siteId, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var guests = await db.GuestDosings.AsNoTracking().Where(g => g.HostSiteId == siteId && g.ToDate >= Today.AddDays(-30)).ToListAsync(ct);
        var ids = guests.Select(g => g.PatientId).ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        await audit.RecordNowAsync(AuditActions.Read, "GuestDosing", siteId.ToString(CultureInfo.InvariantCulture), siteId: siteId, ct: ct);
        return guests.OrderBy(g => g.FromDate).Select(g => View(g, patients[g.PatientId])).ToList();
    }

    /// <summary>Ends a guest stay early: the host order is discontinued.</summary>
    public async Task<Outcome<GuestDosingView>> CancelAsync(Guid id, ReasonRequest request, CancellationToken ct)
    {
        if (user.Role is not (Roles.Nurse or Roles.Prescriber))
        {
            return Refusal.Forbidden("Only a nurse or a prescriber ends guest dosing.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Refusal.Invalid("reason", "reason is required.");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var guest = await db.GuestDosings.SingleOrDefaultAsync(g => g.Id == id, ct);
        if (guest is null || !(await user.MayUseSiteAsync(guest.HostSiteId, ct) || await user.MayUseSiteAsync(guest.HomeSiteId, ct)))
        {
            return Refusal.NotFound($"There is no guest arrangement {id}.");
        }

        if (guest.Cancelled)
        {
            return Refusal.Conflict("The guest arrangement is already ended.");
        }

        guest.Cancelled = true;
        var order = await db.MedicationOrders.SingleAsync(o => o.Id == guest.OrderId, ct);
        order.Status = OrderStatus.Discontinued;
        order.StatusReason = $"guest dosing ended: {request.Reason.Trim()}";
        order.StatusChangedAt = clock.GetUtcNow();
        order.StatusChangedBy = user.Username;
        audit.Record("guest-dosing-end", "GuestDosing", guest.Id.ToString(), guest.PatientId, guest.HostSiteId, request.Reason.Trim());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == guest.PatientId, ct);
        return View(guest, patient);
    }

    private static void Require(FieldErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (value.Length > max)
        {
            errors.Add(field, $"{field} is longer than {max} characters.");
        }
    }

    private static GuestDosingView View(GuestDosing g, Patient p) => new(
        g.Id, g.PatientId, $"{p.FamilyName}, {p.GivenName}", g.HomeSiteId, g.HostSiteId, g.OrderId, g.SendingProgram, g.SendingPrescriber,
        g.SendingContact, MedicationOrders.Name(g.Medication), g.DoseMg, g.LastDoseDate, g.FromDate, g.ToDate, g.VerifiedBy, g.CreatedBy, g.Cancelled);
}
