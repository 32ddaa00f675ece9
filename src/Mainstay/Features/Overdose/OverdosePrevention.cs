using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Alerts;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Overdose;

/// <summary>POST /api/v1/patients/{id}/naloxone-kits.</summary>
public sealed record KitRequest
{
    public string? Product { get; init; }
    public int? Quantity { get; init; }
    public string? Lot { get; init; }
    public string? ExpiresOn { get; init; }
    public string? Recipient { get; init; }
    public bool? EducationGiven { get; init; }
    public string? Note { get; init; }
}

/// <summary>POST /api/v1/patients/{id}/overdoses.</summary>
public sealed record OverdoseReport
{
    public string? OccurredOn { get; init; }
    public bool? NaloxoneUsed { get; init; }
    public string? ReversedBy { get; init; }
    public bool? Hospital { get; init; }
    public string? HospitalName { get; init; }
    public bool? Fatal { get; init; }
    public string? Substances { get; init; }
    public string? Source { get; init; }
    public string? Note { get; init; }
}

public sealed record KitView(Guid Id, string Product, int Quantity, string Lot, DateOnly ExpiresOn, bool Expired, string Recipient, bool EducationGiven,
    DateTimeOffset DispensedAt, string DispensedBy, string? Note);

public sealed record OverdoseView(Guid Id, DateOnly OccurredOn, bool NaloxoneUsed, string ReversedBy, bool Hospital, string? HospitalName, bool Fatal,
    string? Substances, string Source, string? Note, DateTimeOffset ReportedAt, string ReportedBy);

/// <summary>GET /api/v1/patients/{id}/naloxone: the kits, the overdoses, and whether the patient holds an unexpired kit.</summary>
public sealed record NaloxoneRecord(IReadOnlyList<KitView> Kits, IReadOnlyList<OverdoseView> Overdoses, bool HasUnexpiredKit, DateOnly? LastOverdose);

/// <summary>Naloxone distribution and overdose reports for one patient.</summary>
public sealed class OverdosePrevention(MainstayDb db, ClinicUser user, AuditTrail audit, AlertBook alerts, TimeProvider clock)
{
    public static readonly string[] Products = ["nasal-4mg", "nasal-8mg", "intramuscular-0.4mg", "other"];
    public static readonly string[] Recipients = ["patient", "family", "friend", "other"];
    public static readonly string[] ReversedByOptions = ["bystander", "family", "ems", "staff", "self", "not-reversed", "unknown"];
    public static readonly string[] Sources = ["patient", "family", "hospital", "ems", "staff", "other"];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<NaloxoneRecord>> ReadAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var record = await RecordOfAsync(patientId, ct);
        await audit.RecordNowAsync(AuditActions.Read, "Naloxone", patientId: patientId, siteId: patient.SiteId,
            detail: $"{record.Kits.Count} kits, {record.Overdoses.Count} overdoses", ct: ct);
        return record;
    }

    public async Task<Outcome<KitView>> DispenseKitAsync(Guid patientId, KitRequest request, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (user.Role is not (Roles.Prescriber or Roles.Nurse or Roles.Counselor))
        {
            return Refusal.Forbidden("Only a prescriber, nurse or counselor hands out naloxone.");
        }

        var errors = new FieldErrors();
        var product = OneOf(request.Product, Products, "product", errors);
        var recipient = OneOf(request.Recipient ?? "patient", Recipients, "recipient", errors);
        if (request.Quantity is not (>= 1 and <= 10))
        {
            errors.Add("quantity", "quantity must be 1 to 10 kits.");
        }

        if (string.IsNullOrWhiteSpace(request.Lot) || request.Lot.Trim().Length > 40)
        {
            errors.Add("lot", "lot is required (up to 40 characters).");
        }

        var expires = Dates.Parse(errors, "expiresOn", request.ExpiresOn);
        if (request.ExpiresOn is null)
        {
            errors.Add("expiresOn", "expiresOn is required (YYYY-MM-DD).");
        }
        else if (expires is { } e && e < Today)
        {
            errors.Add("expiresOn", $"This kit expired on {e:yyyy-MM-dd}; hand out an unexpired one.");
        }

        if (request.Note?.Length > 1000)
        {
            errors.Add("note", "note is up to 1000 characters.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var kit = new NaloxoneKit
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = patient.SiteId,
            Product = product!,
            Quantity = request.Quantity!.Value,
            Lot = request.Lot!.Trim(),
            ExpiresOn = expires!.Value,
            Recipient = recipient!,
            EducationGiven = request.EducationGiven ?? false,
            DispensedAt = now,
            DispensedBy = user.Username ?? "unknown",
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
        };
        db.NaloxoneKits.Add(kit);
        audit.Record(AuditActions.Create, "NaloxoneKit", kit.Id.ToString(), patientId, patient.SiteId, $"{kit.Quantity} × {kit.Product} lot {kit.Lot} to {kit.Recipient}");
        await db.SaveChangesAsync(ct);
        return View(kit, Today);
    }

    /// <summary>
    /// Records an overdose; raises a danger alert for the prescriber and brings the plan review forward to today
    /// (an overdose is the strongest predictor of the next one).
    /// </summary>
    public async Task<Outcome<OverdoseView>> ReportAsync(Guid patientId, OverdoseReport request, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (user.Role is not (Roles.Prescriber or Roles.Nurse or Roles.Counselor or Roles.Intake))
        {
            return Refusal.Forbidden("Only clinical staff report overdoses.");
        }

        var errors = new FieldErrors();
        var occurred = Dates.Parse(errors, "occurredOn", request.OccurredOn);
        if (request.OccurredOn is null)
        {
            errors.Add("occurredOn", "occurredOn is required (YYYY-MM-DD).");
        }
        else if (occurred is { } o && (o > Today || o < Today.AddYears(-5)))
        {
            errors.Add("occurredOn", "occurredOn must be today or within the last five years.");
        }

        var reversedBy = OneOf(request.ReversedBy ?? "unknown", ReversedByOptions, "reversedBy", errors);
        var source = OneOf(request.Source ?? "patient", Sources, "source", errors);
        if (request.Fatal == true && reversedBy is not ("not-reversed" or "unknown"))
        {
            errors.Add("reversedBy", "A fatal overdose was not reversed: reversedBy must be not-reversed or unknown.");
        }

        foreach (var (field, value, max) in new[] { ("hospitalName", request.HospitalName, 200), ("substances", request.Substances, 500), ("note", request.Note, 1000) })
        {
            if (value?.Length > max)
            {
                errors.Add(field, $"{field} is up to {max} characters.");
            }
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var overdose = new OverdoseEvent
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            SiteId = patient.SiteId,
            OccurredOn = occurred!.Value,
            NaloxoneUsed = request.NaloxoneUsed ?? false,
            ReversedBy = reversedBy!,
            Hospital = request.Hospital ?? false,
            HospitalName = Clean(request.HospitalName),
            Fatal = request.Fatal ?? false,
            Substances = Clean(request.Substances),
            Source = source!,
            Note = Clean(request.Note),
            ReportedAt = now,
            ReportedBy = user.Username ?? "unknown",
        };
        db.OverdoseEvents.Add(overdose);
        audit.Record(AuditActions.Create, "OverdoseEvent", overdose.Id.ToString(), patientId, patient.SiteId,
            $"{overdose.OccurredOn:yyyy-MM-dd}{(overdose.Fatal ? " fatal" : "")}, reversed by {overdose.ReversedBy}");

        var plan = await db.TreatmentPlans.SingleOrDefaultAsync(p => p.PatientId == patientId, ct);
        var planNote = "";
        if (plan is not null && !overdose.Fatal && (plan.NextReviewOn is null || plan.NextReviewOn > Today))
        {
            plan.NextReviewOn = Today;
            planNote = " The treatment-plan review is due today.";
            audit.Record(AuditActions.Update, "TreatmentPlan", plan.Id.ToString(), patientId, patient.SiteId, "review brought forward: overdose reported");
        }

        var kit = await db.NaloxoneKits.AnyAsync(k => k.PatientId == patientId && k.ExpiresOn >= Today, ct);
        var reason = overdose.Fatal
            ? $"Fatal overdose on {overdose.OccurredOn:yyyy-MM-dd} reported by {overdose.Source}. Review the record and notify as the program requires."
            : $"Overdose on {overdose.OccurredOn:yyyy-MM-dd} ({(overdose.NaloxoneUsed ? "naloxone given" : "no naloxone")}, reversed by {overdose.ReversedBy}"
              + $"{(overdose.Hospital ? ", hospital" : "")}). Risk of another overdose is high: review the medication and dose, "
              + $"{(kit ? "check the naloxone kit is still at hand" : "hand out naloxone (no unexpired kit on record)")}, and review the plan.{planNote}";
        await alerts.RaiseAsync(new AlertDraft(patientId, patient.SiteId, "overdose", "danger", reason, Roles.Prescriber, $"overdose:{overdose.Id}"), ct);
        await db.SaveChangesAsync(ct);
        return View(overdose);
    }

    private async Task<NaloxoneRecord> RecordOfAsync(Guid patientId, CancellationToken ct)
    {
        var today = Today;
        var kits = await db.NaloxoneKits.AsNoTracking().Where(k => k.PatientId == patientId).ToListAsync(ct);
        var overdoses = await db.OverdoseEvents.AsNoTracking().Where(o => o.PatientId == patientId).ToListAsync(ct);
        return new NaloxoneRecord(
            [.. kits.OrderByDescending(k => k.DispensedAt).Select(k => View(k, today))],
            [.. overdoses.OrderByDescending(o => o.OccurredOn).Select(View)],
            kits.Any(k => k.ExpiresOn >= today),
            overdoses.Count == 0 ? null : overdoses.Max(o => o.OccurredOn));
    }

    private static string? OneOf(string? value, string[] options, string field, FieldErrors errors)
    {
        var v = value?.Trim().ToLowerInvariant();
        if (v is not null && options.Contains(v))
        {
            return v;
        }

        errors.Add(field, $"{field} must be one of: {string.Join(", ", options)}.");
        return null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static KitView View(NaloxoneKit k, DateOnly today) =>
        new(k.Id, k.Product, k.Quantity, k.Lot, k.ExpiresOn, k.ExpiresOn < today, k.Recipient, k.EducationGiven, k.DispensedAt, k.DispensedBy, k.Note);

    private static OverdoseView View(OverdoseEvent o) =>
        new(o.Id, o.OccurredOn, o.NaloxoneUsed, o.ReversedBy, o.Hospital, o.HospitalName, o.Fatal, o.Substances, o.Source, o.Note, o.ReportedAt, o.ReportedBy);
}
