using Mainstay.Clinical.Recovery;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Alerts;
using Mainstay.Features.Audit;
using Mainstay.Features.Counseling;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Recovery;

/// <summary>POST /api/v1/patients/{id}/check-ins (staff, from paper) and the portal's own check-in.</summary>
public sealed record RecordCheckIn
{
    /// <summary>When it was filled in; now when empty (2026-11-23T08:10 clinic time, or ISO 8601 with an offset).</summary>
    public string? At { get; init; }

    /// <summary>0 (none) to 10 (the strongest ever).</summary>
    public int? Craving { get; init; }

    /// <summary>1 (very low) to 5 (very good).</summary>
    public int? Mood { get; init; }

    /// <summary>1 (hardly slept) to 5 (slept well).</summary>
    public int? Sleep { get; init; }

    /// <summary>0 (calm) to 10 (overwhelmed).</summary>
    public int? Stress { get; init; }

    /// <summary>people, places, feelings, pain, stress, boredom, conflict, money, sleep, other.</summary>
    public IReadOnlyList<string>? Triggers { get; init; }

    public bool? UsedSinceLast { get; init; }
    public string? Substances { get; init; }
    public string? Note { get; init; }

    /// <summary>A check-in from an HTML form, where an unticked "used" box sends nothing.</summary>
    public static RecordCheckIn FromForm(int? craving, int? mood, int? sleep, int? stress, string[]? triggers, bool usedSinceLast, string? substances, string? note) => new()
    {
        Craving = craving,
        Mood = mood,
        Sleep = sleep,
        Stress = stress,
        Triggers = triggers,
        UsedSinceLast = usedSinceLast,
        Substances = substances,
        Note = note,
    };
}

public sealed record CheckInView(
    Guid Id, DateTimeOffset At, DateOnly On, string Source, int Craving, int Mood, int Sleep, int Stress, IReadOnlyList<string> Triggers,
    bool UsedSinceLast, string? Substances, string? Note, string RecordedBy)
{
    /// <summary>Whether this check-in put an alert on the counselor's work list (or one was already open for it).</summary>
    public bool CounselorAlerted { get; init; }
}

/// <summary>A patient's check-ins over a period, the craving signal, and the triggers named most.</summary>
public sealed record CheckInSeries(
    Guid PatientId, DateOnly From, DateOnly To, IReadOnlyList<CheckInView> CheckIns, CravingSignal Signal,
    IReadOnlyList<TriggerCount> Triggers, double? MeanCraving, int DaysUsed);

public sealed record TriggerCount(string Trigger, int Count);

/// <summary>
/// Daily check-ins: recorded by the patient (portal) or by staff from paper, each one read for rising or high craving
/// and reported use, which raise an alert for the counselor. One alert stays open for a run of high readings rather
/// than one per day.
/// </summary>
public sealed class CheckIns(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, AlertBook alerts)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private bool MayRecordForPatient => user.Role is Roles.Counselor or Roles.Prescriber or Roles.Nurse or Roles.Intake;

    /// <summary>Staff recording a paper check-in for a patient at their sites.</summary>
    public async Task<Outcome<CheckInView>> RecordAsync(Guid patientId, RecordCheckIn request, CancellationToken ct)
    {
        if (!MayRecordForPatient)
        {
            return Refusal.Forbidden("Staff who see the patient record paper check-ins.");
        }

        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        return patient is null ? PatientAccess.NotVisible(patientId) : await SaveAsync(patient, request, "staff", ct);
    }

    /// <summary>A check-in for <paramref name="patient"/>, already known to be the caller's own record or visible to them.</summary>
    internal async Task<Outcome<CheckInView>> SaveAsync(Patient patient, RecordCheckIn request, string source, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var now = clock.GetUtcNow();
        var at = errors.Instant("at", request.At, clock.LocalTimeZone) ?? now;
        if (at > now.AddMinutes(5) || at < now.AddDays(-30))
        {
            errors.Add("at", "at must be within the last 30 days and not in the future.");
        }

        var craving = errors.Whole("craving", request.Craving, 0, 10, required: true);
        var mood = errors.Whole("mood", request.Mood, 1, 5, required: true);
        var sleep = errors.Whole("sleep", request.Sleep, 1, 5, required: true);
        var stress = errors.Whole("stress", request.Stress, 0, 10, required: true);
        var triggers = new List<string>();
        foreach (var (t, i) in (request.Triggers ?? []).Select((t, i) => (t, i)))
        {
            if (errors.Choice<Trigger>($"triggers[{i}]", t, required: true) is { } trigger)
            {
                triggers.Add(CounselingCalendar.IntakeKebab(trigger));
            }
        }

        var substances = errors.Text("substances", request.Substances, 200);
        var note = errors.Text("note", request.Note, 1000);
        if (request.UsedSinceLast is null)
        {
            errors.Add("usedSinceLast", "usedSinceLast is required: true or false.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var checkIn = new CheckIn
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patient.Id,
            SiteId = patient.SiteId,
            At = at,
            On = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, clock.LocalTimeZone).DateTime),
            Source = source,
            Craving = craving!.Value,
            Mood = mood!.Value,
            Sleep = sleep!.Value,
            Stress = stress!.Value,
            Triggers = triggers.Count == 0 ? null : string.Join(",", triggers.Distinct()),
            UsedSinceLast = request.UsedSinceLast!.Value,
            Substances = request.UsedSinceLast == true ? substances : null,
            Note = note,
            RecordedBy = user.Username ?? "system",
        };
        await using var tx = await db.BeginLockedWriteAsync(ct);
        db.CheckIns.Add(checkIn);
        audit.Record(AuditActions.Create, "CheckIn", checkIn.Id.ToString(), patient.Id, patient.SiteId, $"{source}: craving {checkIn.Craving}, used {checkIn.UsedSinceLast}");
        await db.SaveChangesAsync(ct);

        var recent = await db.CheckIns.AsNoTracking()
            .Where(c => c.PatientId == patient.Id && c.On >= checkIn.On.AddDays(-21) && c.On <= checkIn.On)
            .Select(c => new { c.On, c.Craving }).ToListAsync(ct);
        var signal = CravingTrend.Evaluate([.. recent.Select(r => new CravingReading(r.On, r.Craving))], checkIn.On);
        var alerted = signal.Rising || signal.High || checkIn.UsedSinceLast;
        if ((signal.Rising || signal.High) && !await db.PatientAlerts.AnyAsync(a => a.PatientId == patient.Id && a.Kind == "rising-cravings" && a.Status != "resolved", ct))
        {
            await alerts.RaiseAsync(new AlertDraft(patient.Id, patient.SiteId, "rising-cravings", "warning",
                $"Check-in {checkIn.On:yyyy-MM-dd}: {signal.Reason} Talk it through and review the relapse-prevention plan.", Roles.Counselor, $"check-in:{checkIn.Id}"), ct);
        }

        if (checkIn.UsedSinceLast)
        {
            await alerts.RaiseAsync(new AlertDraft(patient.Id, patient.SiteId, "reported-use", "warning",
                $"Check-in {checkIn.On:yyyy-MM-dd}: reports using since the last check-in{(checkIn.Substances is { } s ? $" ({s})" : "")}. Check naloxone and talk about what happened.",
                Roles.Counselor, $"check-in:{checkIn.Id}"), ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(checkIn) with { CounselorAlerted = alerted };
    }

    public async Task<Outcome<CheckInSeries>> ForPatientAsync(Guid patientId, int days, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var series = await SeriesAsync(patient, days, ct);
        await audit.RecordNowAsync(AuditActions.Read, "CheckIn", patientId: patientId, siteId: patient.SiteId, detail: $"{series.CheckIns.Count} check-ins over {days} days", ct: ct);
        return series;
    }

    /// <summary>The series without an audit record (the caller records the read).</summary>
    internal async Task<CheckInSeries> SeriesAsync(Patient patient, int days, CancellationToken ct)
    {
        var to = Today;
        var from = to.AddDays(-(Math.Clamp(days, 1, 365) - 1));
        var rows = await db.CheckIns.AsNoTracking().Where(c => c.PatientId == patient.Id && c.On >= from && c.On <= to).ToListAsync(ct);
        var views = rows.OrderBy(c => c.At).Select(View).ToList();
        var signal = CravingTrend.Evaluate([.. views.Select(v => new CravingReading(v.On, v.Craving))], to);
        var triggers = views.SelectMany(v => v.Triggers).GroupBy(t => t).Select(g => new TriggerCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Trigger, StringComparer.Ordinal).ToList();
        return new CheckInSeries(patient.Id, from, to, views, signal, triggers,
            views.Count == 0 ? null : Math.Round(views.Average(v => v.Craving), 1), views.Where(v => v.UsedSinceLast).Select(v => v.On).Distinct().Count());
    }

    private static CheckInView View(CheckIn c) => new(
        c.Id, c.At, c.On, c.Source, c.Craving, c.Mood, c.Sleep, c.Stress, c.Triggers?.Split(',') ?? [], c.UsedSinceLast, c.Substances, c.Note, c.RecordedBy);
}
