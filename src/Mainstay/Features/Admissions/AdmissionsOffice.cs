using System.Text.Json;
using Mainstay.Clinical.Admissions;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Beds;
using Mainstay.Features.Consents;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Admissions;

/// <summary>
/// The path from first contact to admission: inquiries, the pre-admission screen, eligibility and payment, the
/// waitlist with its interim services, the intake appointment, and admission (a chart, an episode, the intake
/// assessment, a bed) or the referral made instead. One transaction and one audit event per action.
/// </summary>
public sealed class AdmissionsOffice(
    MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock, PatientRegistry patients, AssessmentRegistry assessments,
    DuplicateEnrollment enrollment, IConfiguration configuration)
{
    /// <summary>How long an open inquiry may go without a contact before it is flagged: <c>Admissions:StaleHours</c>, 24 by default.</summary>
    public TimeSpan StaleTarget { get; } = configuration.GetValue<double?>("Admissions:StaleHours") is > 0 and var hours
        ? TimeSpan.FromHours(hours)
        : StaleInquiry.DefaultTarget;

    /// <summary>Interim services (45 CFR 96.121, 96.126) and what programs add while a person waits.</summary>
    public static readonly IReadOnlyDictionary<string, string> InterimServices = new Dictionary<string, string>
    {
        ["naloxone"] = "Naloxone kit and overdose teaching",
        ["hiv-tb-education"] = "Counseling and education on HIV and tuberculosis",
        ["needle-safety"] = "Risks of needle sharing; sterile supplies or syringe services referral",
        ["transmission-risk"] = "Risks of transmission to sexual partners and infants",
        ["hiv-tb-referral"] = "Referral for HIV or TB testing and treatment",
        ["prenatal-referral"] = "Counseling on effects on the fetus and referral for prenatal care",
        ["counseling-contact"] = "Counseling contact while waiting",
        ["interim-medication"] = "Interim medication (where the program offers interim treatment)",
        ["other"] = "Other",
    };

    public static readonly string[] ContactMethods = ["phone", "text", "email", "in-person", "letter"];
    public static readonly string[] ContactOutcomes = ["reached", "left-message", "no-answer", "wrong-number"];

    /// <summary>The moves each stage allows. Screening, eligibility, scheduling and admission carry data and have their own actions.</summary>
    public static readonly IReadOnlyDictionary<InquiryStage, InquiryStage[]> NextStages = new Dictionary<InquiryStage, InquiryStage[]>
    {
        [InquiryStage.Inquiry] = [InquiryStage.Screened, InquiryStage.NotAdmitted],
        [InquiryStage.Screened] = [InquiryStage.Eligible, InquiryStage.NotAdmitted],
        [InquiryStage.Eligible] = [InquiryStage.Waitlisted, InquiryStage.Scheduled, InquiryStage.Admitted, InquiryStage.NotAdmitted],
        [InquiryStage.Waitlisted] = [InquiryStage.Scheduled, InquiryStage.Admitted, InquiryStage.NotAdmitted],
        [InquiryStage.Scheduled] = [InquiryStage.Scheduled, InquiryStage.Admitted, InquiryStage.Waitlisted, InquiryStage.Eligible, InquiryStage.NotAdmitted],
        [InquiryStage.Admitted] = [],
        [InquiryStage.NotAdmitted] = [InquiryStage.Inquiry],
    };

    public static bool MayMove(InquiryStage from, InquiryStage to) => NextStages[from].Contains(to);

    private static readonly InquiryStage[] OpenStages =
        [InquiryStage.Inquiry, InquiryStage.Screened, InquiryStage.Eligible, InquiryStage.Waitlisted, InquiryStage.Scheduled];

    private DateTimeOffset Now => clock.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private bool MayWrite => user.Role is Roles.Intake or Roles.Counselor or Roles.Nurse or Roles.Prescriber;

    // ---------------------------------------------------------------- open

    public async Task<Outcome<InquiryDetail>> OpenAsync(NewInquiry request, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Refusal.Forbidden("Only intake coordinators and clinicians take inquiries.");
        }

        return await OpenCoreAsync(request, fromPublic: false, ct);
    }

    /// <summary>
    /// The public call-back form: anyone may ask to be called, at any active site. Only what the form holds is stored;
    /// the caller sees nothing of the program's records.
    /// </summary>
    public async Task<Outcome<string>> RequestCallBackAsync(NewInquiry request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Phone) && string.IsNullOrWhiteSpace(request.Email))
        {
            errors.Add("phone", "Give a phone number (or an e-mail address) so we can reach you.");
        }

        if (request.ConsentToContact != true)
        {
            errors.Add("consentToContact", "Tick the box to let the program contact you; without it we cannot call back.");
        }

        if (request.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId && s.IsActive, ct))
        {
            errors.Add("siteId", "Choose one of the program's sites.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var opened = await OpenCoreAsync(request with
        {
            Source = IntakeForm.Kebab(InquirySource.CallBack),
            ReferrerKind = null,
            ReferrerName = null,
            ReferrerContact = null,
            RequestedAt = null,
            Urgency = null,
            LastOverdose = null,
        }, fromPublic: true, ct);
        return opened.Succeeded ? opened.Value!.Summary.Reference : opened.Refusal!;
    }

    private async Task<Outcome<InquiryDetail>> OpenCoreAsync(NewInquiry request, bool fromPublic, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var source = errors.Choice<InquirySource>("source", request.Source, required: true);
        var referrer = errors.Choice<ReferrerKind>("referrerKind", request.ReferrerKind);
        if (source == InquirySource.Referral && referrer is null && !errors.Any)
        {
            errors.Add("referrerKind", $"A referral names who referred: {Input.Names<ReferrerKind>()}.");
        }

        var given = errors.Text("givenName", request.GivenName, 100, required: true);
        var family = errors.Text("familyName", request.FamilyName, 100, required: true);
        var birth = errors.Day("birthDate", request.BirthDate, latest: Today);
        var sex = Sex(errors, request.Sex);
        var phone = errors.Text("phone", request.Phone, 40);
        if (phone is not null && phone.Count(char.IsAsciiDigit) is < 7 or > 15)
        {
            errors.Add("phone", $"phone '{phone}' does not look like a phone number (7 to 15 digits).");
        }

        var email = errors.Text("email", request.Email, 200);
        if (request.ConsentToContact is null)
        {
            errors.Add("consentToContact", "consentToContact is required: did the person agree to be contacted by the program (true or false)?");
        }

        var requested = errors.Instant("requestedAt", request.RequestedAt, clock.LocalTimeZone) ?? Now;
        if (requested > Now.AddMinutes(5))
        {
            errors.Add("requestedAt", "requestedAt is in the future.");
        }

        var urgency = errors.Choice<Urgency>("urgency", request.Urgency) ?? Urgency.Routine;
        var medication = errors.Choice<PreferredMedication>("preferredMedication", request.PreferredMedication) ?? PreferredMedication.Undecided;
        var level = errors.Choice<LevelOfCare>("levelOfCare", request.LevelOfCare) ?? LevelOfCare.OpioidTreatmentProgram;
        var payer = errors.Choice<Payer>("payer", request.Payer) ?? Payer.Unknown;
        var overdose = errors.Day("lastOverdose", request.LastOverdose, latest: Today);
        var inquiry = new Inquiry
        {
            GivenName = given ?? "",
            FamilyName = family ?? "",
            BirthDate = birth,
            Sex = sex,
            Phone = phone,
            Email = email,
            ConsentToContact = request.ConsentToContact ?? false,
            ContactInstructions = errors.Text("contactInstructions", request.ContactInstructions, 300),
            ReferrerName = errors.Text("referrerName", request.ReferrerName, 100),
            ReferrerContact = errors.Text("referrerContact", request.ReferrerContact, 200),
            Substances = errors.Text("substances", request.Substances, 300),
            PayerDetail = errors.Text("payerDetail", request.PayerDetail, 200),
            Urgency = urgency,
            PreferredMedication = medication,
            LevelOfCareSought = level,
            Payer = payer,
            InjectsDrugs = request.InjectsDrugs,
            Pregnant = request.Pregnant,
            LastOverdose = overdose,
        };
        var note = errors.Text("note", request.Note, 1000);
        if (request.SiteId is not { } siteId)
        {
            errors.Add("siteId", "siteId is required: the site the person is asking to be admitted to.");
        }
        else if (!await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors.Add("siteId", $"There is no site with id {siteId}.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!fromPublic && !await user.MayUseSiteAsync(request.SiteId!.Value, ct))
        {
            return Refusal.Forbidden($"You are not granted site {request.SiteId}.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = Now;
        inquiry.Id = Guid.CreateVersion7(now);
        inquiry.SiteId = request.SiteId!.Value;
        inquiry.Number = await db.NextNumberAsync(Counter.InquiryNumber, ct);
        inquiry.Stage = InquiryStage.Inquiry;
        inquiry.StageSince = now;
        inquiry.Source = source!.Value;
        inquiry.ReferrerKind = referrer;
        inquiry.RequestedAt = requested;
        inquiry.CreatedAt = now;
        inquiry.CreatedBy = fromPublic ? "public call-back form" : user.Username;
        inquiry.Version = 1;
        if (source is InquirySource.Phone or InquirySource.WalkIn)
        {
            // Taking the call or meeting the person at the door is the first contact.
            inquiry.LastContactAt = now;
        }

        db.Inquiries.Add(inquiry);
        Log(inquiry, ActivityKind.Stage, null, InquiryStage.Inquiry, IntakeForm.Kebab(inquiry.Source), null, note);
        audit.Record(AuditActions.Create, "Inquiry", inquiry.Id.ToString(), null, inquiry.SiteId, $"{inquiry.Reference} from {IntakeForm.Kebab(inquiry.Source)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await DetailAsync(inquiry, ct);
    }

    // ---------------------------------------------------------------- read

    public async Task<Outcome<InquiryDetail>> ReadAsync(Guid id, CancellationToken ct)
    {
        var inquiry = await db.Inquiries.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (inquiry is null || !await user.MayUseSiteAsync(inquiry.SiteId, ct))
        {
            return NotFound(id);
        }

        await audit.RecordNowAsync(AuditActions.Read, "Inquiry", id.ToString(), inquiry.PatientId, inquiry.SiteId, ct: ct);
        return await DetailAsync(inquiry, ct);
    }

    /// <summary>Inquiries at the user's sites, priority order first (group, urgency, who asked first).</summary>
    public async Task<Outcome<IReadOnlyList<InquirySummary>>> ListAsync(int? siteId, string? stage, bool openOnly, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var wanted = errors.Choice<InquiryStage>("stage", stage);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var query = await ScopedAsync(siteId, ct);
        if (query is null)
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        if (wanted is { } w)
        {
            query = query.Where(i => i.Stage == w);
        }
        else if (openOnly)
        {
            query = query.Where(i => OpenStages.Contains(i.Stage));
        }

        var rows = await query.OrderBy(i => i.RequestedAt).Take(2000).ToListAsync(ct);
        var matches = await BlockingChecksAsync(rows.Select(r => r.Id).ToList(), ct);
        var list = Order(rows).Select(i => Summarize(i, matches.Contains(i.Id))).ToList();
        await audit.RecordNowAsync(AuditActions.Search, "Inquiry", null, null, siteId, $"{list.Count} inquiries", ct);
        return list;
    }

    /// <summary>The waitlist in the order people should be admitted.</summary>
    public Task<Outcome<IReadOnlyList<InquirySummary>>> WaitlistAsync(int? siteId, CancellationToken ct) =>
        ListAsync(siteId, IntakeForm.Kebab(InquiryStage.Waitlisted), openOnly: true, ct);

    public async Task<Outcome<AdmissionsBoard>> BoardAsync(int? siteId, CancellationToken ct)
    {
        var query = await ScopedAsync(siteId, ct);
        if (query is null)
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var since = Now.AddDays(-30);
        var open = await query.Where(i => OpenStages.Contains(i.Stage)).Take(5000).ToListAsync(ct);
        var closed = await query.Where(i => !OpenStages.Contains(i.Stage) && i.ClosedAt >= since)
            .Select(i => new { i.Stage, i.RequestedAt, i.ClosedAt }).ToListAsync(ct);
        var matches = await BlockingChecksAsync(open.Select(i => i.Id).ToList(), ct);
        var summaries = Order(open).Select(i => Summarize(i, matches.Contains(i.Id))).ToList();
        var columns = OpenStages.Select(stage =>
        {
            var here = summaries.Where(s => s.Stage == stage).ToList();
            return new StageColumn(stage, here.Count, Median(here.Select(s => (double)s.DaysWaiting)), here.Count(s => s.Stale), here);
        }).ToList();
        var admitted = closed.Where(c => c.Stage == InquiryStage.Admitted).ToList();
        await audit.RecordNowAsync(AuditActions.Search, "Inquiry", null, null, siteId, "admissions board", ct);
        return new AdmissionsBoard(Now, columns, admitted.Count, closed.Count - admitted.Count,
            Median(admitted.Select(a => (a.ClosedAt!.Value - a.RequestedAt).TotalDays)), StaleTarget);
    }

    // ---------------------------------------------------------------- steps

    public Task<Outcome<InquiryDetail>> ContactAsync(Guid id, ContactAttempt request, CancellationToken ct) =>
        ChangeAsync(id, null, (inquiry, errors) =>
        {
            var method = errors.Text("method", request.Method, 20, required: true)?.ToLowerInvariant();
            if (method is not null && !ContactMethods.Contains(method))
            {
                errors.Add("method", $"method must be one of {string.Join(", ", ContactMethods)}.");
            }

            var outcome = errors.Text("outcome", request.Outcome, 20, required: true)?.ToLowerInvariant();
            if (outcome is not null && !ContactOutcomes.Contains(outcome))
            {
                errors.Add("outcome", $"outcome must be one of {string.Join(", ", ContactOutcomes)}.");
            }

            var note = errors.Text("note", request.Note, 1000);
            if (errors.Any)
            {
                return null;
            }

            // Any attempt counts as contact for the stale flag: the program tried within its target.
            inquiry.LastContactAt = Now;
            return new Step(ActivityKind.Contact, null, method, outcome, note, "contact");
        }, ct);

    public Task<Outcome<InquiryDetail>> ScreenAsync(Guid id, PreAdmissionScreen request, CancellationToken ct) =>
        ChangeAsync(id, null, (inquiry, errors) =>
        {
            if (inquiry.Stage is InquiryStage.Admitted or InquiryStage.NotAdmitted)
            {
                errors.Add("stage", $"{inquiry.Reference} is closed ({IntakeForm.Kebab(inquiry.Stage)}); reopen it first.");
                return null;
            }

            var withdrawal = errors.Choice<RiskLevel>("withdrawalRisk", request.WithdrawalRisk, required: true);
            var suicide = errors.Choice<RiskLevel>("suicideRisk", request.SuicideRisk, required: true);
            var overdose = errors.Day("lastOverdose", request.LastOverdose, latest: Today);
            var urgency = errors.Choice<Urgency>("urgency", request.Urgency);
            var level = errors.Choice<LevelOfCare>("levelOfCare", request.LevelOfCare);
            var use = errors.Text("currentUse", request.CurrentUse, 500, required: true);
            var note = errors.Text("note", request.Note, 1000);
            if (request.InjectsDrugs is null)
            {
                errors.Add("injectsDrugs", "injectsDrugs is required (true or false): people who inject are a federal priority population.");
            }

            if (request.Pregnant is null)
            {
                errors.Add("pregnant", "pregnant is required (true or false; false when it does not apply).");
            }

            if (errors.Any)
            {
                return null;
            }

            inquiry.ScreenedAt = Now;
            inquiry.ScreenedBy = user.Username;
            inquiry.CurrentUse = use;
            inquiry.InjectsDrugs = request.InjectsDrugs;
            inquiry.Pregnant = request.Pregnant;
            inquiry.LastOverdose = overdose;
            inquiry.WithdrawalRisk = withdrawal;
            inquiry.SuicideRisk = suicide;
            inquiry.ScreenNote = note;
            inquiry.LevelOfCareSought = level ?? inquiry.LevelOfCareSought;
            // A high suicide or withdrawal risk makes the inquiry urgent whatever was said on the first call.
            inquiry.Urgency = urgency ?? inquiry.Urgency;
            if ((suicide == RiskLevel.High || withdrawal == RiskLevel.High) && inquiry.Urgency == Urgency.Routine)
            {
                inquiry.Urgency = Urgency.Urgent;
            }

            inquiry.LastContactAt = Now;
            var to = inquiry.Stage == InquiryStage.Inquiry ? InquiryStage.Screened : (InquiryStage?)null;
            var group = AdmissionPriority.Group(inquiry.PriorityFacts, Today);
            return new Step(ActivityKind.Stage, to, "screen", null,
                $"priority {AdmissionPriority.Describe(group)}; withdrawal risk {IntakeForm.Kebab(withdrawal!.Value)}, suicide risk {IntakeForm.Kebab(suicide!.Value)}"
                + (note is null ? "" : $"; {note}"), "screen");
        }, ct);

    public Task<Outcome<InquiryDetail>> EligibilityAsync(Guid id, EligibilityDecision request, CancellationToken ct) =>
        ChangeAsync(id, null, (inquiry, errors) =>
        {
            if (inquiry.Stage is not (InquiryStage.Screened or InquiryStage.Eligible or InquiryStage.Waitlisted or InquiryStage.Scheduled))
            {
                errors.Add("stage", inquiry.Stage == InquiryStage.Inquiry
                    ? $"{inquiry.Reference} has not been screened yet: the pre-admission screen comes before eligibility."
                    : $"{inquiry.Reference} is closed ({IntakeForm.Kebab(inquiry.Stage)}).");
                return null;
            }

            if (request.Eligible is null)
            {
                errors.Add("eligible", "eligible is required (true or false).");
            }

            var payer = errors.Choice<Payer>("payer", request.Payer, required: request.Eligible == true);
            var detail = errors.Text("payerDetail", request.PayerDetail, 200);
            var consentOn = errors.Day("enrollmentConsentSignedOn", request.EnrollmentConsentSignedOn, latest: Today);
            var consentBy = errors.Text("enrollmentConsentSignedBy", request.EnrollmentConsentSignedBy, 100);
            var birth = errors.Day("birthDate", request.BirthDate, latest: Today);
            var sex = Sex(errors, request.Sex);
            var note = errors.Text("note", request.Note, 1000);
            var referred = errors.Text("referredTo", request.ReferredTo, 300);
            if (request.Eligible == false && note is null)
            {
                errors.Add("note", "Say why the person is not eligible (note).");
            }

            if (errors.Any)
            {
                return null;
            }

            inquiry.BirthDate = birth ?? inquiry.BirthDate;
            inquiry.Sex = sex ?? inquiry.Sex;
            inquiry.EligibilityAt = Now;
            inquiry.EligibilityBy = user.Username;
            inquiry.EligibilityNote = note;
            if (request.Eligible == false)
            {
                Close(inquiry, NotAdmittedReason.NotEligible, referred, note);
                return new Step(ActivityKind.Stage, InquiryStage.NotAdmitted, "not-eligible", null, note + (referred is null ? "" : $"; referred to {referred}"), "not eligible");
            }

            inquiry.Payer = payer!.Value;
            inquiry.PayerDetail = detail;
            if (consentOn is not null)
            {
                inquiry.EnrollmentConsentSignedOn = consentOn;
                inquiry.EnrollmentConsentSignedBy = consentBy ?? $"{inquiry.GivenName} {inquiry.FamilyName}";
            }

            var to = inquiry.Stage == InquiryStage.Screened ? InquiryStage.Eligible : (InquiryStage?)null;
            return new Step(ActivityKind.Stage, to, "eligibility", null, $"eligible; payer {IntakeForm.Kebab(inquiry.Payer)}" + (note is null ? "" : $"; {note}"), "eligibility");
        }, ct);

    public Task<Outcome<InquiryDetail>> ScheduleAsync(Guid id, IntakeAppointment request, CancellationToken ct) =>
        ChangeAsync(id, InquiryStage.Scheduled, (inquiry, errors) =>
        {
            var at = errors.Instant("intakeAt", request.IntakeAt, clock.LocalTimeZone, required: true);
            if (at is { } a && a < Now.AddHours(-12))
            {
                errors.Add("intakeAt", "intakeAt is in the past.");
            }

            var with = errors.Text("with", request.With, 100);
            var note = errors.Text("note", request.Note, 1000);
            if (errors.Any)
            {
                return null;
            }

            inquiry.IntakeAt = at;
            inquiry.IntakeWith = with;
            inquiry.LastContactAt = Now;
            var when = TimeZoneInfo.ConvertTime(at!.Value, clock.LocalTimeZone);
            return new Step(ActivityKind.Stage, InquiryStage.Scheduled, "intake", null,
                $"intake {when:yyyy-MM-dd HH:mm}" + (with is null ? "" : $" with {with}") + (note is null ? "" : $"; {note}"), "intake scheduled");
        }, ct);

    public Task<Outcome<InquiryDetail>> InterimServiceAsync(Guid id, InterimServiceGiven request, CancellationToken ct) =>
        ChangeAsync(id, null, (inquiry, errors) =>
        {
            var service = errors.Text("service", request.Service, 30, required: true)?.ToLowerInvariant();
            if (service is not null && !InterimServices.ContainsKey(service))
            {
                errors.Add("service", $"service must be one of {string.Join(", ", InterimServices.Keys)}.");
            }

            var detail = errors.Text("detail", request.Detail, 1000);
            if (service == "other" && detail is null)
            {
                errors.Add("detail", "Describe the service given (detail).");
            }

            if (inquiry.Stage is InquiryStage.Admitted or InquiryStage.NotAdmitted)
            {
                errors.Add("stage", $"{inquiry.Reference} is closed: interim services are for people still waiting.");
            }

            if (errors.Any)
            {
                return null;
            }

            inquiry.FirstInterimServiceAt ??= Now;
            inquiry.LastContactAt = Now;
            return new Step(ActivityKind.InterimService, null, service, null, detail, $"interim service {service}");
        }, ct);

    /// <summary>Moves that carry no other data: waitlist, back to eligible (appointment cancelled), not admitted, reopen.</summary>
    public Task<Outcome<InquiryDetail>> MoveAsync(Guid id, StageChange request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var to = errors.Choice<InquiryStage>("stage", request.Stage, required: true);
        if (to is InquiryStage.Screened or InquiryStage.Scheduled or InquiryStage.Admitted)
        {
            var action = to switch { InquiryStage.Screened => "screen", InquiryStage.Scheduled => "schedule", _ => "admit" };
            errors.Add("stage", $"Moving to {IntakeForm.Kebab(to.Value)} records more than a stage: POST /api/v1/inquiries/{id}/{action}.");
        }

        if (errors.Any)
        {
            return Task.FromResult<Outcome<InquiryDetail>>(Refusal.Invalid(errors));
        }

        return ChangeAsync(id, to, (inquiry, errs) =>
        {
            var note = errs.Text("note", request.Note, 1000);
            var referred = errs.Text("referredTo", request.ReferredTo, 300);
            switch (to!.Value)
            {
                case InquiryStage.NotAdmitted:
                    var reason = errs.Choice<NotAdmittedReason>("reason", request.Reason, required: true);
                    if (reason is NotAdmittedReason.ReferredElsewhere or NotAdmittedReason.NeedsOtherLevelOfCare && referred is null)
                    {
                        errs.Add("referredTo", "Name the program or service the person was referred to (referredTo).");
                    }

                    if (errs.Any)
                    {
                        return null;
                    }

                    Close(inquiry, reason!.Value, referred, note);
                    return new Step(ActivityKind.Stage, to, IntakeForm.Kebab(reason.Value), null,
                        string.Join("; ", new[] { referred is null ? null : $"referred to {referred}", note }.Where(s => s is not null)), "not admitted");
                case InquiryStage.Inquiry:
                    var why = errs.Text("reason", request.Reason, 300, required: true);
                    if (errs.Any)
                    {
                        return null;
                    }

                    inquiry.ClosedAt = null;
                    inquiry.NotAdmittedReason = null;
                    inquiry.ReferredTo = null;
                    inquiry.CloseNote = null;
                    inquiry.LastContactAt = Now;
                    return new Step(ActivityKind.Stage, to, "reopened", null, why + (note is null ? "" : $"; {note}"), "reopened");
                case InquiryStage.Eligible:
                    if (inquiry.Stage != InquiryStage.Scheduled)
                    {
                        errs.Add("stage", "Moving back to eligible cancels a booked intake; eligibility itself is recorded with POST …/eligibility.");
                        return null;
                    }

                    inquiry.IntakeAt = null;
                    inquiry.IntakeWith = null;
                    return new Step(ActivityKind.Stage, to, "appointment-cancelled", null, note, "appointment cancelled");
                default:
                    if (to == InquiryStage.Waitlisted)
                    {
                        inquiry.IntakeAt = null;
                        inquiry.IntakeWith = null;
                    }

                    return errs.Any ? null : new Step(ActivityKind.Stage, to, null, null, note, IntakeForm.Kebab(to.Value));
            }
        }, ct);
    }

    // ---------------------------------------------------------------- admit

    public async Task<Outcome<AdmissionResult>> AdmitAsync(Guid id, Admission request, CancellationToken ct)
    {
        var outcome = await AdmitCoreAsync(id, request, ct);
        if (!outcome.Succeeded)
        {
            // The transaction rolled back; what it had begun must not be saved by the next action of this request.
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private async Task<Outcome<AdmissionResult>> AdmitCoreAsync(Guid id, Admission request, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Refusal.Forbidden("Only intake coordinators and clinicians admit.");
        }

        var errors = new FieldErrors();
        var level = errors.Choice<LevelOfCare>("levelOfCare", request.LevelOfCare);
        var medication = errors.Choice<PreferredMedication>("plannedMedication", request.PlannedMedication);
        var note = errors.Text("note", request.Note, 1000);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var inquiry = await db.Inquiries.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (inquiry is null || !await user.MayUseSiteAsync(inquiry.SiteId, ct))
        {
            return NotFound(id);
        }

        if (!MayMove(inquiry.Stage, InquiryStage.Admitted))
        {
            return Refusal.Conflict(inquiry.Stage switch
            {
                InquiryStage.Admitted => $"{inquiry.Reference} was already admitted.",
                InquiryStage.NotAdmitted => $"{inquiry.Reference} is closed as not admitted; reopen it first.",
                _ => $"{inquiry.Reference} is at {IntakeForm.Kebab(inquiry.Stage)}: the pre-admission screen and eligibility come before admission.",
            });
        }

        var levelOfCare = level ?? inquiry.LevelOfCareSought;
        var now = Now;
        var newChart = false;
        Patient? patient;
        if ((request.PatientId ?? inquiry.PatientId) is { } existing)
        {
            patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == existing, ct);
            if (patient is null || !await user.MayUseSiteAsync(patient.SiteId, ct))
            {
                return Refusal.Invalid("patientId", $"There is no patient with id {existing} at your sites.");
            }

            if (await Discharge.Deaths.RefuseAsync(db, patient, "an admission", clock.LocalTimeZone, ct) is { } died)
            {
                return died;
            }

            if (await db.TreatmentEpisodes.AnyAsync(e => e.PatientId == patient.Id && e.DischargedAt == null && e.LevelOfCare == levelOfCare, ct))
            {
                return Refusal.Conflict($"{patient.Mrn} already has an open {IntakeForm.Kebab(levelOfCare)} episode; discharge it before admitting again.");
            }
        }
        else
        {
            var registered = await patients.RegisterAsync(new RegisterPatient
            {
                SiteId = inquiry.SiteId,
                GivenName = inquiry.GivenName,
                FamilyName = inquiry.FamilyName,
                BirthDate = inquiry.BirthDate?.ToString("yyyy-MM-dd"),
                SexAtBirth = request.SexAtBirth ?? inquiry.Sex,
                Phone = inquiry.Phone,
                Email = inquiry.Email,
            }, ct);
            if (!registered.Succeeded)
            {
                if (registered.Refusal!.Kind != RefusalKind.Invalid)
                {
                    return registered.Refusal;
                }

                foreach (var (field, messages) in registered.Refusal.Errors!.ToDictionary())
                {
                    foreach (var message in messages)
                    {
                        errors.Add(field, "To register the patient: " + message);
                    }
                }

                return Refusal.Invalid(errors);
            }

            patient = await db.Patients.SingleAsync(p => p.Id == registered.Value!.Id, ct);
            newChart = true;
        }

        var clockNow = AdmissionDeadlines.For(inquiry.RequestedAt, inquiry.FirstInterimServiceAt, now);
        var episode = new TreatmentEpisode
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patient.Id,
            SiteId = inquiry.SiteId,
            LevelOfCare = levelOfCare,
            PlannedMedication = medication ?? inquiry.PreferredMedication,
            AdmittedAt = now,
            AdmittedBy = user.Username ?? "system",
            InquiryId = inquiry.Id,
            Source = inquiry.Source,
            ReferrerKind = inquiry.ReferrerKind,
            DaysWaited = clockNow.DaysWaiting,
        };
        db.TreatmentEpisodes.Add(episode);
        if (patient.Status != PatientStatus.Active)
        {
            PatientRegistry.RecordStatus(db, patient, PatientStatus.Active, $"admitted from {inquiry.Reference}", user, now);
        }

        if (inquiry.EnrollmentConsentSignedOn is { } signedOn)
        {
            db.Consents.Add(DuplicateEnrollment.RegistryConsent(patient, inquiry, signedOn, user.Username, now, db.Sites.Where(s => s.Id == inquiry.SiteId).Select(s => s.Name).Single()));
        }

        await db.EnrollmentChecks.Where(c => c.InquiryId == inquiry.Id && c.PatientId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.PatientId, patient.Id), ct);

        // A bed: the one reserved for this inquiry becomes occupied, or the one asked for.
        var bedId = await OccupyBedAsync(inquiry, patient, request.BedId, levelOfCare, now, ct);
        if (bedId is { Refusal: { } bedRefusal })
        {
            return bedRefusal;
        }

        var from = inquiry.Stage;
        inquiry.Stage = InquiryStage.Admitted;
        inquiry.StageSince = now;
        inquiry.ClosedAt = now;
        inquiry.PatientId = patient.Id;
        inquiry.EpisodeId = episode.Id;
        inquiry.Version++;
        Log(inquiry, ActivityKind.Stage, from, InquiryStage.Admitted, IntakeForm.Kebab(levelOfCare), null,
            $"{patient.Mrn}" + (newChart ? " (new chart)" : " (existing chart)") + $", waited {clockNow.DaysWaiting} days" + (note is null ? "" : $"; {note}"));
        audit.Record("admit", "EpisodeOfCare", episode.Id.ToString(), patient.Id, inquiry.SiteId,
            $"{inquiry.Reference} admitted to {IntakeForm.Kebab(levelOfCare)}; waited {clockNow.DaysWaiting} days");
        await db.SaveChangesAsync(ct);

        var intake = await assessments.StartAsync(patient.Id, new AssessmentContent(), ct);
        if (!intake.Succeeded)
        {
            return intake.Refusal!;
        }

        await tx.CommitAsync(ct);
        return new AdmissionResult(inquiry.Id, patient.Id, patient.Mrn, episode.Id, levelOfCare, bedId?.Value, intake.Value!.Id, clockNow.DaysWaiting, newChart);
    }

    private async Task<Outcome<int>?> OccupyBedAsync(Inquiry inquiry, Patient patient, int? bedId, LevelOfCare level, DateTimeOffset now, CancellationToken ct)
    {
        var reservation = await db.BedStays.SingleOrDefaultAsync(s => s.InquiryId == inquiry.Id && s.Until == null, ct);
        if (reservation is not null && bedId is not null && bedId != reservation.BedId)
        {
            return Refusal.Conflict($"Bed {reservation.BedId} is reserved for {inquiry.Reference}; cancel that reservation or admit to it.");
        }

        var wanted = reservation?.BedId ?? bedId;
        if (wanted is not { } id)
        {
            return null;
        }

        var bed = await db.Beds.SingleOrDefaultAsync(b => b.Id == id && b.SiteId == inquiry.SiteId, ct);
        if (bed is null)
        {
            return Refusal.Invalid("bedId", $"There is no bed {id} at this inquiry's site.");
        }

        var unitLevel = await db.CareUnits.Where(u => u.Id == bed.UnitId).Select(u => u.LevelOfCare).SingleAsync(ct);
        if (unitLevel != level)
        {
            return Refusal.Invalid("bedId", $"Bed {bed.Name} is on a {IntakeForm.Kebab(unitLevel)} unit; the admission is to {IntakeForm.Kebab(level)}.");
        }

        if (reservation is null && bed.Status != BedStatus.Available)
        {
            return Refusal.Conflict($"Bed {bed.Name} is {IntakeForm.Kebab(bed.Status)}; choose an available bed.");
        }

        if (await db.BedStays.AnyAsync(s => s.PatientId == patient.Id && s.Until == null, ct))
        {
            return Refusal.Conflict($"{patient.Mrn} is already in a bed; transfer instead.");
        }

        if (reservation is not null)
        {
            reservation.Until = now;
            reservation.EndReason = BedStayEnd.Admitted;
            reservation.EndedBy = user.Username;
        }

        if (reservation is not null)
        {
            // The reservation's end must reach the database before the new stay takes the bed's one open slot.
            await db.SaveChangesAsync(ct);
        }

        BedBoard.Occupy(db, bed, patient.Id, now, user.Username, $"admitted from {inquiry.Reference}");

        Log(inquiry, ActivityKind.Bed, null, null, "occupied", null, $"bed {bed.Name}");
        return bed.Id;
    }

    // ---------------------------------------------------------------- helpers

    private sealed record Step(ActivityKind Kind, InquiryStage? To, string? What, string? Outcome, string? Detail, string AuditDetail);

    /// <summary>Loads the inquiry under the write lock, checks the move, applies the change and logs it — all or nothing.</summary>
    private async Task<Outcome<InquiryDetail>> ChangeAsync(
        Guid id, InquiryStage? to, Func<Inquiry, FieldErrors, Step?> apply, CancellationToken ct)
    {
        if (!MayWrite)
        {
            return Refusal.Forbidden("Only intake coordinators and clinicians work inquiries.");
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var inquiry = await db.Inquiries.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (inquiry is null || !await user.MayUseSiteAsync(inquiry.SiteId, ct))
        {
            return NotFound(id);
        }

        if (to is { } target && !MayMove(inquiry.Stage, target))
        {
            var allowed = NextStages[inquiry.Stage];
            return Refusal.Conflict($"{inquiry.Reference} is at {IntakeForm.Kebab(inquiry.Stage)} and cannot move to {IntakeForm.Kebab(target)}"
                                    + (allowed.Length == 0 ? "." : $"; from here: {string.Join(", ", allowed.Select(s => IntakeForm.Kebab(s)))}."));
        }

        var errors = new FieldErrors();
        var step = apply(inquiry, errors);
        if (errors.Any || step is null)
        {
            db.ChangeTracker.Clear();
            return errors.Any ? Refusal.Invalid(errors) : Refusal.Invalid("stage", "Nothing to change.");
        }

        var from = inquiry.Stage;
        if (step.To is { } next && next != from)
        {
            inquiry.Stage = next;
            inquiry.StageSince = Now;
        }

        if (step.To == InquiryStage.NotAdmitted)
        {
            await CancelReservationAsync(inquiry, ct);
        }

        inquiry.Version++;
        Log(inquiry, step.Kind, step.To is null ? null : from, step.To, step.What, step.Outcome, step.Detail);
        audit.Record(AuditActions.Update, "Inquiry", inquiry.Id.ToString(), inquiry.PatientId, inquiry.SiteId, $"{inquiry.Reference}: {step.AuditDetail}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await DetailAsync(inquiry, ct);
    }

    private async Task CancelReservationAsync(Inquiry inquiry, CancellationToken ct)
    {
        var reservation = await db.BedStays.SingleOrDefaultAsync(s => s.InquiryId == inquiry.Id && s.Until == null, ct);
        if (reservation is null)
        {
            return;
        }

        reservation.Until = Now;
        reservation.EndReason = BedStayEnd.ReservationCancelled;
        reservation.EndedBy = user.Username;
        var bed = await db.Beds.SingleAsync(b => b.Id == reservation.BedId, ct);
        bed.Status = BedStatus.Available;
        bed.StatusSince = Now;
        bed.Version++;
        Log(inquiry, ActivityKind.Bed, null, null, "reservation-cancelled", null, $"bed {bed.Name} released");
    }

    private void Close(Inquiry inquiry, NotAdmittedReason reason, string? referredTo, string? note)
    {
        inquiry.ClosedAt = Now;
        inquiry.NotAdmittedReason = reason;
        inquiry.ReferredTo = referredTo;
        inquiry.CloseNote = note;
    }

    internal void Log(Inquiry inquiry, ActivityKind kind, InquiryStage? from, InquiryStage? to, string? what, string? outcome, string? detail) =>
        db.InquiryActivities.Add(new InquiryActivity
        {
            InquiryId = inquiry.Id,
            SiteId = inquiry.SiteId,
            At = Now,
            By = user.Username,
            Kind = kind,
            FromStage = from,
            ToStage = to,
            What = what,
            Outcome = outcome,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        });

    private static string? Sex(FieldErrors errors, string? value)
    {
        var sex = errors.Text("sex", value, 16)?.ToLowerInvariant();
        if (sex is not null && !PatientWire.SexNames.ContainsKey(sex))
        {
            errors.Add("sex", $"sex '{sex}' is not one of female, male, intersex, unknown.");
            return null;
        }

        return sex;
    }

    private async Task<IQueryable<Inquiry>?> ScopedAsync(int? siteId, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var query = db.Inquiries.AsNoTracking();
        if (siteId is { } s)
        {
            return scope.Includes(s) ? query.Where(i => i.SiteId == s) : null;
        }

        if (!scope.All)
        {
            var ids = scope.SiteIds.ToList();
            query = query.Where(i => ids.Contains(i.SiteId));
        }

        return query;
    }

    private async Task<HashSet<Guid>> BlockingChecksAsync(List<Guid> inquiryIds, CancellationToken ct)
    {
        if (inquiryIds.Count == 0)
        {
            return [];
        }

        var rows = await db.EnrollmentChecks.AsNoTracking()
            .Where(c => c.InquiryId != null && inquiryIds.Contains(c.InquiryId.Value) && c.Result == EnrollmentCheckResult.PossibleMatch)
            .Select(c => new { c.InquiryId, c.Resolution })
            .ToListAsync(ct);
        return rows.Where(r => r.Resolution is null or EnrollmentResolution.EnrolledElsewhere).Select(r => r.InquiryId!.Value).ToHashSet();
    }

    private IEnumerable<Inquiry> Order(IEnumerable<Inquiry> rows) =>
        rows.OrderBy(i => new WaitlistKey(AdmissionPriority.Group(i.PriorityFacts, Today), i.Urgency, i.RequestedAt, i.Id));

    internal InquirySummary Summarize(Inquiry i, bool enrollmentMatch)
    {
        var now = Now;
        var group = AdmissionPriority.Group(i.PriorityFacts, Today);
        var deadlines = AdmissionDeadlines.For(i.RequestedAt, i.FirstInterimServiceAt, now);
        var open = i.IsOpen;
        return new InquirySummary(
            i.Id, i.Reference, i.SiteId, i.Stage, i.StageSince, i.DisplayName, i.Source, i.ReferrerKind, i.Urgency, i.LevelOfCareSought,
            i.PreferredMedication, i.RequestedAt,
            open ? deadlines.DaysWaiting : (int)Math.Max(0, ((i.ClosedAt ?? now) - i.RequestedAt).TotalDays),
            group, AdmissionPriority.Describe(group),
            open && StaleInquiry.IsStale(i.RequestedAt, i.LastContactAt, now, StaleTarget),
            open && deadlines.InterimServicesLate, open && deadlines.AdmissionLate,
            i.LastContactAt, i.IntakeAt, enrollmentMatch, i.PatientId);
    }

    private async Task<InquiryDetail> DetailAsync(Inquiry i, CancellationToken ct)
    {
        var activity = await db.InquiryActivities.AsNoTracking().Where(a => a.InquiryId == i.Id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new ActivityView(a.At, a.By, a.Kind, a.FromStage, a.ToStage, a.What, a.Outcome, a.Detail))
            .ToListAsync(ct);
        var checks = await enrollment.ChecksForAsync(i.Id, ct);
        var screen = i.ScreenedAt is { } at
            ? new ScreenView(at, i.ScreenedBy, i.CurrentUse, i.InjectsDrugs, i.Pregnant, i.LastOverdose, i.WithdrawalRisk, i.SuicideRisk, i.ScreenNote)
            : null;
        return new InquiryDetail(
            Summarize(i, checks.Any(c => c.Blocks)), i.BirthDate?.ToString("yyyy-MM-dd"), i.Sex, i.Phone, i.Email, i.ConsentToContact, i.ContactInstructions,
            i.ReferrerName, i.ReferrerContact, i.Substances, i.Payer, i.PayerDetail, screen, i.EligibilityNote, i.EnrollmentConsentSignedOn,
            i.IntakeWith, AdmissionPriority.Reasons(i.PriorityFacts, Today), AdmissionDeadlines.For(i.RequestedAt, i.FirstInterimServiceAt, Now),
            i.FirstInterimServiceAt, i.NotAdmittedReason, i.ReferredTo, i.CloseNote, i.EpisodeId, activity, checks, NextStages[i.Stage], i.Version);
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static Refusal NotFound(Guid id) => Refusal.NotFound($"There is no inquiry with id {id} at your sites.");

}
