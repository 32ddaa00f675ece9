using Mainstay.Clinical.Recovery;
using Mainstay.Clinical.Screens;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Counseling;
using Mainstay.Features.Patients;
using Mainstay.Features.Screens;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Recovery;

/// <summary>POST /api/v1/patients/{id}/contingency.</summary>
public sealed record EnrollContingency
{
    /// <summary>opioid-negative-screen, stimulant-negative-screen or attendance.</summary>
    public string? Target { get; init; }

    /// <summary>escalating-voucher (default for screens) or fixed-attendance (default for attendance).</summary>
    public string? Schedule { get; init; }

    /// <summary>The most a patient may earn in a year; the program's setting (Contingency:AnnualCap) when empty.</summary>
    public decimal? AnnualCap { get; init; }

    public string? EnrolledOn { get; init; }
}

/// <summary>POST /api/v1/contingency/{id}/rewards.</summary>
public sealed record GiveReward
{
    public decimal? Amount { get; init; }

    /// <summary>voucher, gift-card or item (never cash).</summary>
    public string? Form { get; init; }

    public string? Note { get; init; }
}

public sealed record EndContingency
{
    public string? Reason { get; init; }
}

public sealed record RewardView(Guid Id, decimal Amount, string Form, string? Note, DateTimeOffset GivenAt, string GivenBy);

public sealed record ContingencyView(
    Guid Id, Guid PatientId, string Target, string Schedule, DateOnly EnrolledOn, DateOnly? EndedOn, string? EndReason,
    ContingencySchedule Rules, ContingencyStanding Standing, IReadOnlyList<RewardView> Rewards, decimal Given, decimal Balance);

/// <summary>
/// Contingency management: a patient enrolled for a target behaviour earns by the schedule fixed at enrolment — each
/// negative screen or attended session an opportunity, a positive or missed one resetting the value — never more than
/// the yearly cap. What is earned is replayed from the opportunities (so a corrected mark or a re-read screen changes
/// it honestly); what is handed over is a ledger of rewards, never more than the balance.
/// </summary>
public sealed class ContingencyBook(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, IConfiguration configuration)
{
    public static readonly string[] Forms = ["voucher", "gift-card", "item"];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private decimal ProgramCap => configuration.GetValue("Contingency:AnnualCap", ContingencySchedule.EscalatingVoucher.AnnualCap);

    private bool MayManage => user.Role is Roles.Counselor or Roles.Prescriber;

    public static string Title(ContingencyTarget target) => target switch
    {
        ContingencyTarget.OpioidNegativeScreen => "Opioid-negative screens",
        ContingencyTarget.StimulantNegativeScreen => "Stimulant-negative screens",
        ContingencyTarget.Attendance => "Coming to sessions",
    };

    public async Task<Outcome<ContingencyView>> EnrollAsync(Guid patientId, EnrollContingency request, CancellationToken ct)
    {
        if (!MayManage)
        {
            return Refusal.Forbidden("Counselors and prescribers enrol patients in contingency management.");
        }

        var errors = new FieldErrors();
        var target = errors.Choice<ContingencyTarget>("target", request.Target, required: true);
        var scheduleName = request.Schedule?.Trim().ToLowerInvariant() ?? (target == ContingencyTarget.Attendance ? "fixed-attendance" : "escalating-voucher");
        var schedule = scheduleName switch
        {
            "escalating-voucher" => ContingencySchedule.EscalatingVoucher,
            "fixed-attendance" => ContingencySchedule.FixedAttendance,
            _ => null,
        };
        if (schedule is null)
        {
            errors.Add("schedule", "schedule must be escalating-voucher or fixed-attendance.");
        }

        var cap = request.AnnualCap ?? ProgramCap;
        if (cap <= 0 || cap > ProgramCap)
        {
            errors.Add("annualCap", $"annualCap must be more than 0 and at most the program's yearly limit of {ProgramCap:0.##}.");
        }

        var enrolledOn = errors.Day("enrolledOn", request.EnrolledOn, latest: Today) ?? Today;
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        schedule = schedule! with { AnnualCap = cap };
        foreach (var problem in schedule.Validate())
        {
            errors.Add("schedule", problem);
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "contingency management", clock.LocalTimeZone, ct) is { } died)
        {
            return died;
        }

        var targetText = CounselingCalendar.IntakeKebab(target!.Value);
        if (await db.ContingencyEnrollments.AnyAsync(e => e.PatientId == patientId && e.Target == targetText && e.EndedOn == null, ct))
        {
            return Refusal.Conflict($"{patient.DisplayName} is already enrolled for {Title(target.Value).ToLowerInvariant()}.");
        }

        var enrollment = new ContingencyEnrollment
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            PatientId = patientId,
            SiteId = patient.SiteId,
            Target = targetText,
            ScheduleName = scheduleName,
            FirstReward = schedule.FirstReward,
            Increment = schedule.Increment,
            MaximumReward = schedule.MaximumReward,
            BonusEvery = schedule.BonusEvery,
            Bonus = schedule.Bonus,
            RecoverAfter = schedule.RecoverAfter,
            AnnualCap = schedule.AnnualCap,
            EnrolledOn = enrolledOn,
            EnrolledBy = user.Username ?? "system",
        };
        db.ContingencyEnrollments.Add(enrollment);
        audit.Record(AuditActions.Create, "ContingencyEnrollment", enrollment.Id.ToString(), patientId, patient.SiteId, $"{targetText}, {scheduleName}, cap {cap:0.##}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(enrollment, ct);
    }

    public async Task<Outcome<IReadOnlyList<ContingencyView>>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var list = await StandingsAsync(patientId, ct);
        await audit.RecordNowAsync(AuditActions.Read, "ContingencyEnrollment", patientId: patientId, siteId: patient.SiteId, detail: $"{list.Count} enrolments", ct: ct);
        return list.ToList();
    }

    /// <summary>Every enrolment of the patient with its standing, running ones first (no audit: the caller records the read).</summary>
    internal async Task<IReadOnlyList<ContingencyView>> StandingsAsync(Guid patientId, CancellationToken ct)
    {
        var enrollments = await db.ContingencyEnrollments.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(ct);
        var views = new List<ContingencyView>();
        foreach (var e in enrollments.OrderBy(e => e.EndedOn != null).ThenByDescending(e => e.EnrolledOn))
        {
            views.Add(await ViewAsync(e, ct));
        }

        return views;
    }

    public async Task<Outcome<ContingencyView>> GiveAsync(Guid enrollmentId, GiveReward request, CancellationToken ct)
    {
        if (!MayManage && user.Role != Roles.Nurse)
        {
            return Refusal.Forbidden("Counselors, prescribers and nurses hand over rewards.");
        }

        var errors = new FieldErrors();
        if (request.Amount is not { } amount || amount <= 0 || amount > 1000 || decimal.Round(amount, 2) != amount)
        {
            errors.Add("amount", "amount is required: more than 0, in dollars and cents.");
            amount = 0;
        }

        var form = request.Form?.Trim().ToLowerInvariant();
        if (form is null || !Forms.Contains(form))
        {
            errors.Add("form", "form must be voucher, gift-card or item: contingency rewards are never cash.");
        }

        var note = errors.Text("note", request.Note, 300);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var enrollment = await VisibleAsync(enrollmentId, ct);
        if (enrollment is null)
        {
            return NoEnrollment(enrollmentId);
        }

        var view = await ViewAsync(enrollment, ct);
        if (amount > view.Balance)
        {
            return Refusal.Conflict($"Only {view.Balance:0.00} is earned and not yet handed over; {amount:0.00} is more than that.");
        }

        var reward = new ContingencyReward
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            EnrollmentId = enrollment.Id,
            PatientId = enrollment.PatientId,
            SiteId = enrollment.SiteId,
            Amount = amount,
            Form = form!,
            Note = note,
            GivenAt = clock.GetUtcNow(),
            GivenBy = user.Username ?? "system",
        };
        db.ContingencyRewards.Add(reward);
        audit.Record(AuditActions.Create, "ContingencyReward", reward.Id.ToString(), enrollment.PatientId, enrollment.SiteId, $"{amount:0.00} as {form}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(enrollment, ct);
    }

    public async Task<Outcome<ContingencyView>> EndAsync(Guid enrollmentId, EndContingency request, CancellationToken ct)
    {
        if (!MayManage)
        {
            return Refusal.Forbidden("Counselors and prescribers end contingency management.");
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 500, required: true);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var enrollment = await db.ContingencyEnrollments.SingleOrDefaultAsync(e => e.Id == enrollmentId, ct);
        if (enrollment is null || !await user.MayUseSiteAsync(enrollment.SiteId, ct))
        {
            return NoEnrollment(enrollmentId);
        }

        if (enrollment.EndedOn is not null)
        {
            return Refusal.Conflict($"The enrolment ended on {enrollment.EndedOn:yyyy-MM-dd}.");
        }

        enrollment.EndedOn = Today;
        enrollment.EndReason = reason;
        audit.Record(AuditActions.Update, "ContingencyEnrollment", enrollment.Id.ToString(), enrollment.PatientId, enrollment.SiteId, $"ended: {reason}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(enrollment, ct);
    }

    /// <summary>An attendance mark as an opportunity for a patient enrolled for attendance (in the caller's unit of work).</summary>
    internal Task RecordAttendanceAsync(Guid patientId, CounselingSession session, DateOnly day, AttendanceMark mark, CancellationToken ct)
    {
        var (result, detail) = mark switch
        {
            AttendanceMark.Attended => (OpportunityResult.Success, "attended"),
            AttendanceMark.Late => (OpportunityResult.Success, "came late"),
            AttendanceMark.NoShow => (OpportunityResult.Failure, "did not come"),
            AttendanceMark.Cancelled => (OpportunityResult.Excused, "cancelled"),
            AttendanceMark.Excused => (OpportunityResult.Excused, "excused"),
        };
        return RecordAsync(patientId, day, [ContingencyTarget.Attendance], $"session:{session.Id}", _ => (result, $"{session.Kind} session {detail}"), ct);
    }

    /// <summary>
    /// A resulted screen as an opportunity for screen targets. A specimen that cannot be read as negative (dilute,
    /// substituted, adulterated) counts as not negative, as a missed specimen does in the voucher protocols; a panel that
    /// did not test the target's substances is excused.
    /// </summary>
    internal Task RecordScreenAsync(DrugScreen screen, DateOnly day, IReadOnlyDictionary<Analyte, AnalyteResult> analytes, ScreenReading reading, CancellationToken ct) =>
        RecordAsync(screen.PatientId, day, [ContingencyTarget.OpioidNegativeScreen, ContingencyTarget.StimulantNegativeScreen], $"screen:{screen.Id}", target =>
        {
            if (target == ContingencyTarget.OpioidNegativeScreen)
            {
                return reading.IllicitOpioidUse ? (OpportunityResult.Failure, "screen showed illicit opioid use")
                    : reading.OpioidNegative ? (OpportunityResult.Success, "opioid-negative screen")
                    : reading.Validity != SpecimenValidity.Valid ? (OpportunityResult.Failure, $"specimen {ScreenInterpretation.Code(reading.Validity)}")
                    : (OpportunityResult.Excused, "panel did not test opioids");
            }

            Analyte[] stimulants = [Analyte.Cocaine, Analyte.Amphetamines];
            var tested = stimulants.Where(analytes.ContainsKey).ToList();
            return tested.Any(a => analytes[a] == AnalyteResult.Positive) ? (OpportunityResult.Failure, "stimulant-positive screen")
                : tested.Count == 0 ? (OpportunityResult.Excused, "panel did not test stimulants")
                : reading.Validity != SpecimenValidity.Valid ? (OpportunityResult.Failure, $"specimen {ScreenInterpretation.Code(reading.Validity)}")
                : (OpportunityResult.Success, "stimulant-negative screen");
        }, ct);

    /// <summary>
    /// A scheduled specimen the patient refused or did not give: a failure for every screen target (the manual: "failure to
    /// submit a scheduled specimen is treated as a cocaine positive"), in the caller's unit of work.
    /// </summary>
    internal Task RecordMissedScreenAsync(DrugScreen screen, DateOnly day, string reason, CancellationToken ct) =>
        RecordAsync(screen.PatientId, day, [ContingencyTarget.OpioidNegativeScreen, ContingencyTarget.StimulantNegativeScreen], $"screen:{screen.Id}",
            _ => (OpportunityResult.Failure, $"no specimen given: {reason}"), ct);

    private async Task RecordAsync(Guid patientId, DateOnly day, ContingencyTarget[] targets, string key, Func<ContingencyTarget, (OpportunityResult Result, string Detail)> judge, CancellationToken ct)
    {
        var names = targets.Select(t => CounselingCalendar.IntakeKebab(t)).ToList();
        var running = await db.ContingencyEnrollments.AsNoTracking()
            .Where(e => e.PatientId == patientId && names.Contains(e.Target) && e.EnrolledOn <= day && (e.EndedOn == null || e.EndedOn >= day))
            .ToListAsync(ct);
        foreach (var enrollment in running)
        {
            var target = targets[names.IndexOf(enrollment.Target)];
            var (result, detail) = judge(target);
            var text = CounselingCalendar.IntakeKebab(result);
            var existing = db.ChangeTracker.Entries<ContingencyOpportunityRecord>().Select(e => e.Entity)
                               .FirstOrDefault(o => o.EnrollmentId == enrollment.Id && o.SourceKey == key)
                           ?? await db.ContingencyOpportunities.SingleOrDefaultAsync(o => o.EnrollmentId == enrollment.Id && o.SourceKey == key, ct);
            if (existing is null)
            {
                db.ContingencyOpportunities.Add(new ContingencyOpportunityRecord
                {
                    Id = Guid.CreateVersion7(clock.GetUtcNow()),
                    EnrollmentId = enrollment.Id,
                    PatientId = patientId,
                    SiteId = enrollment.SiteId,
                    On = day,
                    Result = text,
                    SourceKey = key,
                    Detail = detail,
                    RecordedAt = clock.GetUtcNow(),
                });
            }
            else if (existing.Result != text)
            {
                existing.Result = text;
                existing.Detail = $"{detail} (corrected)";
                existing.RecordedAt = clock.GetUtcNow();
            }
        }
    }

    private async Task<ContingencyView> ViewAsync(ContingencyEnrollment e, CancellationToken ct)
    {
        var schedule = Schedule(e);
        var opportunities = await db.ContingencyOpportunities.AsNoTracking().Where(o => o.EnrollmentId == e.Id).ToListAsync(ct);
        var rewards = await db.ContingencyRewards.AsNoTracking().Where(r => r.EnrollmentId == e.Id).ToListAsync(ct);
        var standing = ContingencyLedger.Run(schedule, e.EnrolledOn,
            [.. opportunities.OrderBy(o => o.On).ThenBy(o => o.RecordedAt).Select(o => new ContingencyOpportunity(o.On, Enum.Parse<OpportunityResult>(o.Result, ignoreCase: true), o.SourceKey))],
            e.EndedOn is { } ended && ended < Today ? ended : Today);
        var given = rewards.Sum(r => r.Amount);
        return new ContingencyView(e.Id, e.PatientId, e.Target, e.ScheduleName, e.EnrolledOn, e.EndedOn, e.EndReason, schedule, standing,
            [.. rewards.OrderByDescending(r => r.GivenAt).Select(r => new RewardView(r.Id, r.Amount, r.Form, r.Note, r.GivenAt, r.GivenBy))],
            given, standing.TotalEarned - given);
    }

    private static ContingencySchedule Schedule(ContingencyEnrollment e) =>
        new(e.FirstReward, e.Increment, e.MaximumReward, e.BonusEvery, e.Bonus, e.RecoverAfter, e.AnnualCap);

    private async Task<ContingencyEnrollment?> VisibleAsync(Guid id, CancellationToken ct)
    {
        var e = await db.ContingencyEnrollments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        return e is not null && await user.MayUseSiteAsync(e.SiteId, ct) ? e : null;
    }

    private static Refusal NoEnrollment(Guid id) => Refusal.NotFound($"There is no contingency enrolment {id} at your sites.");
}
