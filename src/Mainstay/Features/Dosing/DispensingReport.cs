using System.Globalization;
using System.Text;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Inventory;
using Mainstay.Features.Orders;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Dosing;

public sealed record DispensingDay(DateOnly Day, string Medication, int Observed, int Partial, int TakeHomeBottles, decimal TotalMg);

public sealed record DispensingLogLine(
    DateOnly DoseDate, DateTimeOffset At, string Mrn, string Patient, string Medication, decimal OrderedMg, decimal AmountMg, string? Lot,
    string? Nurse, bool TakeHome, string? BottleNumber, string? PartialReason, string? Witness, string? ReturnCheck, bool Guest);

public sealed record DispensingReportView(int SiteId, DateOnly From, DateOnly To, IReadOnlyList<DispensingDay> Days, IReadOnlyList<DispensingLogLine> Log);

/// <summary>The dispensing log of a site for a period (by the day the dose was handed out) and its daily totals per medication.</summary>
public sealed class DispensingReport(MainstayDb db, ClinicUser user, AuditTrail audit)
{
    /// <summary>The longest period one report covers.</summary>
    public const int MaximumDays = 92;

    public async Task<Outcome<DispensingReportView>> BuildAsync(int siteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (!await user.MayUseSiteAsync(siteId, ct))
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        if (to < from || to.DayNumber - from.DayNumber >= MaximumDays)
        {
            return Refusal.Invalid("to", $"to must be on or after from, and the period at most {MaximumDays} days.");
        }

        // Handed out in the period: observed doses by their day; bottles by the day they left the window.
        var rows = await db.Dispenses.AsNoTracking()
            .Where(d => d.SiteId == siteId && ((!d.TakeHome && d.DoseDate >= from && d.DoseDate <= to) || (d.TakeHome && d.DoseDate >= from && d.DoseDate <= to.AddDays(29))))
            .Join(db.Patients, d => d.PatientId, p => p.Id, (d, p) => new { d, p.Mrn, p.FamilyName, p.GivenName })
            .ToListAsync(ct);
        var log = rows
            .Select(r => new { r, Day = r.d.TakeHome ? DateOnly.FromDateTime(r.d.At.ToLocalTime().DateTime) : r.d.DoseDate })
            .Where(x => x.Day >= from && x.Day <= to)
            .OrderBy(x => x.Day).ThenBy(x => x.r.d.At)
            .Select(x => new DispensingLogLine(x.Day, x.r.d.At, x.r.Mrn, $"{x.r.FamilyName}, {x.r.GivenName}", MedicationOrders.Name(x.r.d.Medication),
                x.r.d.OrderedMg, x.r.d.AmountMg, x.r.d.Lot, x.r.d.Nurse, x.r.d.TakeHome, x.r.d.BottleNumber, x.r.d.PartialReason, x.r.d.Witness,
                x.r.d.ReturnCheck, x.r.d.GuestDosingId is not null))
            .ToList();
        var days = log.GroupBy(l => (l.DoseDate, l.Medication)).OrderBy(g => g.Key.DoseDate).ThenBy(g => g.Key.Medication)
            .Select(g => new DispensingDay(g.Key.DoseDate, g.Key.Medication, g.Count(l => !l.TakeHome), g.Count(l => l.PartialReason is not null),
                g.Count(l => l.TakeHome), g.Sum(l => l.AmountMg)))
            .ToList();
        await audit.RecordNowAsync(AuditActions.Read, "DispensingReport", siteId.ToString(CultureInfo.InvariantCulture), siteId: siteId,
            detail: $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}: {log.Count} lines", ct: ct);
        return new DispensingReportView(siteId, from, to, days, log);
    }

    public static string ToCsv(DispensingReportView report)
    {
        var csv = new StringBuilder("date,time,mrn,patient,medication,ordered_mg,amount_mg,lot,nurse,take_home,bottle,partial_reason,witness,return_check,guest\n");
        foreach (var l in report.Log)
        {
            csv.AppendJoin(',', l.DoseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.At.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                Csv.Field(l.Mrn), Csv.Field(l.Patient), l.Medication, StockLedger.Mg(l.OrderedMg), StockLedger.Mg(l.AmountMg), Csv.Field(l.Lot), Csv.Field(l.Nurse),
                l.TakeHome ? "yes" : "no", Csv.Field(l.BottleNumber), Csv.Field(l.PartialReason), Csv.Field(l.Witness), Csv.Field(l.ReturnCheck), l.Guest ? "yes" : "no")
                .Append('\n');
        }

        return csv.ToString();
    }
}
