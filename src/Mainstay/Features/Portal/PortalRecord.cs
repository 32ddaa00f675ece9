using System.Text.Json;
using Mainstay.Clinical.Planning;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Counseling;
using Mainstay.Features.Orders;
using Mainstay.Features.Patients;
using Mainstay.Features.Plans;
using Mainstay.Features.Recovery;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Portal;

public sealed record PortalMedication(string Medication, decimal DoseMg, DateOnly Since, string? Instructions);

public sealed record PortalDose(DateTimeOffset At, decimal AmountMg, string Medication);

/// <summary>The take-home arrangement in force: the days to come in, and the take-home bottles already handed out.</summary>
public sealed record PortalTakeHomes(string Schedule, IReadOnlyList<DateOnly> BottlesFor, bool TodayIsTakeHome);

public sealed record PortalAppointment(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Title, string? Room, string With);

/// <summary>One problem of the signed plan, in the words it was written in.</summary>
public sealed record PortalPlanProblem(string Statement, string Goal, IReadOnlyList<PlanObjective> Steps, IReadOnlyList<string> Support);

public sealed record PortalRewards(string Target, int Streak, decimal NextReward, decimal EarnedThisYear, decimal YearlyLimit, decimal ToCollect);

/// <summary>GET /api/v1/me: what the portal shows the patient about their own care.</summary>
public sealed record PortalSummary(
    string GivenName, string Site, string? SitePhone, PortalMedication? Medication, PortalDose? DosedToday, PortalTakeHomes? TakeHomes,
    IReadOnlyList<PortalAppointment> Appointments, DateOnly? PlanSignedOn, IReadOnlyList<PortalPlanProblem> Plan, IReadOnlyList<PortalRewards> Rewards,
    CheckInSeries CheckIns, bool CheckedInToday);

/// <summary>
/// The patient's own record in the portal: found from the signed-in account (never from a request), read in full
/// only for that chart, every view audited.
/// </summary>
public sealed class PortalRecord(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, CheckIns checkIns, ContingencyBook contingency)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The chart of the signed-in patient, or null for anyone else.</summary>
    public async Task<Patient?> CurrentPatientAsync(CancellationToken ct)
    {
        if (user.Role != Roles.Patient || user.UserId is not { } id)
        {
            return null;
        }

        var patientId = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.PatientId).SingleOrDefaultAsync(ct);
        return patientId is { } pid ? await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid && p.Status != PatientStatus.EnteredInError, ct) : null;
    }

    public async Task<Outcome<PortalSummary>> SummaryAsync(CancellationToken ct)
    {
        var patient = await CurrentPatientAsync(ct);
        if (patient is null)
        {
            return NoChart();
        }

        var today = Today;
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == patient.SiteId, ct);
        var order = await db.MedicationOrders.AsNoTracking()
            .Where(o => o.PatientId == patient.Id && o.Status == OrderStatus.Active && o.StartDate <= today && (o.StopDate == null || o.StopDate >= today))
            .OrderByDescending(o => o.StartDate).FirstOrDefaultAsync(ct);
        var doses = await db.Dispenses.AsNoTracking().Where(d => d.PatientId == patient.Id && d.DoseDate >= today && d.ClaimedSlot != null).ToListAsync(ct);
        var dosedToday = doses.Where(d => d.DoseDate == today && !d.TakeHome).OrderBy(d => d.At).LastOrDefault();
        var decision = await db.TakeHomeDecisions.AsNoTracking()
            .Where(t => t.PatientId == patient.Id && t.Status == "active" && t.EffectiveFrom <= today).OrderByDescending(t => t.EffectiveFrom).FirstOrDefaultAsync(ct);
        PortalTakeHomes? takeHomes = decision is null
            ? null
            : new PortalTakeHomes(
                decision.ClinicDays is { } days ? $"Come in on {string.Join(", ", days.Split(',').Select(DayName))}; take-home doses for the days between."
                    : $"Come in every {decision.EveryDays} days; take-home doses for the days between.",
                [.. doses.Where(d => d.TakeHome && d.DoseDate >= today).Select(d => d.DoseDate).Distinct().Order()],
                doses.Any(d => d.TakeHome && d.DoseDate == today));

        var plan = await db.TreatmentPlans.AsNoTracking().SingleOrDefaultAsync(p => p.PatientId == patient.Id, ct);
        var signed = plan is null ? null : await db.TreatmentPlanVersions.AsNoTracking().Where(v => v.PlanId == plan.Id).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        var problems = signed is null ? [] : JsonSerializer.Deserialize<List<PlanProblem>>(signed.Content, Assessments.AssessmentRegistry.Json) ?? [];
        var rewards = (await contingency.StandingsAsync(patient.Id, ct)).Where(c => c.EndedOn is null)
            .Select(c => new PortalRewards(ContingencyBook.Title(Mainstay.Features.Assessments.IntakeForm.FromKebab<ContingencyTarget>(c.Target)),
                c.Standing.Streak, c.Standing.NextReward, c.Standing.EarnedThisYear, c.Rules.AnnualCap, c.Balance)).ToList();
        var series = await checkIns.SeriesAsync(patient, 14, ct);
        var summary = new PortalSummary(
            patient.GivenName, site.Name, site.Phone,
            order is null ? null : new PortalMedication(MedicationOrders.Name(order.Medication), order.DoseMg, order.StartDate, order.Instructions),
            dosedToday is null ? null : new PortalDose(dosedToday.At, dosedToday.AmountMg, MedicationOrders.Name(dosedToday.Medication)),
            takeHomes, await AppointmentsAsync(patient.Id, ct), signed is null ? null : DateOnly.FromDateTime(signed.SignedAt.UtcDateTime),
            [.. problems.OrderBy(p => p.Priority).Select(p => new PortalPlanProblem(p.Statement, p.Goal, p.Objectives,
                [.. p.Interventions.Select(i => $"{i.Text} ({i.Frequency})")]))],
            rewards, series, series.CheckIns.Any(c => c.On == today));
        await audit.RecordNowAsync(AuditActions.Read, "Portal", patient.Id.ToString(), patient.Id, patient.SiteId, "the patient's own summary", ct);
        return summary;
    }

    /// <summary>The patient's own check-in from the portal.</summary>
    public async Task<Outcome<CheckInView>> CheckInAsync(RecordCheckIn request, CancellationToken ct)
    {
        var patient = await CurrentPatientAsync(ct);
        return patient is null ? NoChart() : await checkIns.SaveAsync(patient, request, "portal", ct);
    }

    /// <summary>The next 14 days: individual sessions and the meetings of the groups the patient is on.</summary>
    private async Task<IReadOnlyList<PortalAppointment>> AppointmentsAsync(Guid patientId, CancellationToken ct)
    {
        var from = clock.GetUtcNow().AddHours(-1);
        var to = from.AddDays(14);
        var memberships = await db.GroupMembers.AsNoTracking().Where(m => m.PatientId == patientId).ToListAsync(ct);
        var groups = memberships.Select(m => m.GroupId).Distinct().ToList();
        var candidates = await db.CounselingSessions.AsNoTracking()
            .Where(s => s.Status == "scheduled" && s.StartsAt >= from && s.StartsAt < to && (s.PatientId == patientId || (s.GroupId != null && groups.Contains(s.GroupId.Value))))
            .OrderBy(s => s.StartsAt).ToListAsync(ct);
        // A group meeting counts only on the days the patient is on the roster.
        var sessions = candidates.Where(s => s.GroupId is not { } g || memberships.Any(m =>
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.StartsAt, clock.LocalTimeZone).DateTime);
            return m.GroupId == g && m.JoinedOn <= day && (m.LeftOn == null || m.LeftOn > day);
        })).ToList();
        var names = await db.CounselingGroups.AsNoTracking().Where(g => groups.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        return [.. sessions.Select(s => new PortalAppointment(s.StartsAt, s.EndsAt,
            s.GroupId is { } g ? names.GetValueOrDefault(g, "Group") : CounselingCalendar.Title(Mainstay.Features.Assessments.IntakeForm.FromKebab<SessionKind>(s.Kind)),
            s.Room, s.Facilitator))];
    }

    private static string DayName(string day) => day switch
    {
        "mon" => "Monday",
        "tue" => "Tuesday",
        "wed" => "Wednesday",
        "thu" => "Thursday",
        "fri" => "Friday",
        "sat" => "Saturday",
        "sun" => "Sunday",
        _ => day,
    };

    private static Refusal NoChart() => Refusal.Forbidden("This account is not linked to a patient record. Ask your clinic.");
}
