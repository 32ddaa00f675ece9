using System.Text.Json;
using Bogus;
using Mainstay.Clinical.Discharge;
using Mainstay.Clinical.Planning;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Assessments;
using Mainstay.Features.Counseling;
using Mainstay.Features.Overdose;
using Mainstay.Features.Patients;
using Mainstay.Features.Plans;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Demo;

/// <summary>
/// The demo program's recent past, so the director's dashboard has something to show on every figure: the discharged
/// patients' episodes (most ended in the last months, one by death after an overdose), the admissions of the last two
/// months as the inquiries they came from with their doses since the first, overdoses over the year, signed treatment
/// plans with their reviews (a few overdue), and three months of weekly individual sessions with their attendance and notes.
/// Drawn after everything else, from its own seed, so the rest of the demo stays as it was.
/// </summary>
internal static class DemoHistory
{
    /// <summary>How far back the window's dose history goes for the newest admissions (the opening stock came before it).</summary>
    public const int DoseHistoryDays = 60;

    public static async Task AddAsync(MainstayDb db, List<Site> sites, DateTimeOffset now, CancellationToken ct)
    {
        var f = new Faker("en") { Random = new Randomizer(DemoClinic.Seed + 17) };
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await AddDischargesAsync(db, f, now, ct);
        await AddAdmissionsFromInquiriesAsync(db, f, now, today, ct);
        await AddOverdosesAsync(db, f, now, today, ct);
        await AddPlansAsync(db, f, now, today, ct);
        await AddIndividualSessionsAsync(db, f, sites[0].Id, now, ct);
        await BackdateRegistrationsAsync(db, f, now, ct);
    }

    /// <summary>
    /// Each patient registered when the program first met them (their first inquiry, admission, assessment, withdrawal
    /// episode or order), not on the day the demo was made: the chart's "Registered" and the home page's recently registered
    /// read it. Those the program has not treated were registered in the last month (the waiting list) or the last year.
    /// </summary>
    private static async Task BackdateRegistrationsAsync(MainstayDb db, Faker f, DateTimeOffset now, CancellationToken ct)
    {
        var firsts = new Dictionary<Guid, DateTimeOffset>();
        void Met(Guid patientId, DateTimeOffset at)
        {
            if (!firsts.TryGetValue(patientId, out var seen) || at < seen)
            {
                firsts[patientId] = at;
            }
        }

        foreach (var e in await db.TreatmentEpisodes.AsNoTracking().Select(e => new { e.PatientId, e.AdmittedAt }).ToListAsync(ct))
        {
            Met(e.PatientId, e.AdmittedAt);
        }

        foreach (var i in await db.Inquiries.AsNoTracking().Where(i => i.PatientId != null).Select(i => new { i.PatientId, i.RequestedAt }).ToListAsync(ct))
        {
            Met(i.PatientId!.Value, i.RequestedAt);
        }

        foreach (var a in await db.Assessments.AsNoTracking().Select(a => new { a.PatientId, a.StartedAt }).ToListAsync(ct))
        {
            Met(a.PatientId, a.StartedAt);
        }

        foreach (var w in await db.WithdrawalEpisodes.AsNoTracking().Select(w => new { w.PatientId, w.StartedAt }).ToListAsync(ct))
        {
            Met(w.PatientId, w.StartedAt);
        }

        foreach (var o in await db.MedicationOrders.AsNoTracking().Select(o => new { o.PatientId, o.CreatedAt }).ToListAsync(ct))
        {
            Met(o.PatientId, o.CreatedAt);
        }

        foreach (var patient in await db.Patients.OrderBy(p => p.Mrn).ToListAsync(ct))
        {
            var registered = firsts.TryGetValue(patient.Id, out var first)
                ? first.AddMinutes(-f.Random.Int(10, 90))
                : now.AddDays(patient.Status == PatientStatus.Waitlist ? -f.Random.Int(1, 30) : -f.Random.Int(30, 365)).AddMinutes(-f.Random.Int(0, 600));
            if (registered < patient.CreatedAt)
            {
                patient.UpdatedAt = patient.UpdatedAt == patient.CreatedAt ? registered : patient.UpdatedAt;
                patient.CreatedAt = registered;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Every discharged patient's last episode: 3 weeks to 14 months of treatment that ended 1–170 days ago, for the reasons
    /// programs see most (leaving early first). The third of them died of an overdose, which the program learned of the next day.
    /// </summary>
    private static async Task AddDischargesAsync(MainstayDb db, Faker f, DateTimeOffset now, CancellationToken ct)
    {
        var discharged = await db.Patients.Where(p => p.Status == PatientStatus.Discharged).OrderBy(p => p.Mrn).ToListAsync(ct);
        foreach (var (patient, i) in discharged.Select((p, i) => (p, i)))
        {
            var died = i == 2;
            var dischargedAt = now.AddDays(died ? -41 : -f.Random.Int(1, 170)).AddHours(-f.Random.Int(1, 6));
            var admittedAt = dischargedAt.AddDays(-f.Random.Int(21, 420));
            var reason = died ? DischargeReason.Died : DemoIntakes.AnyDischargeReason(f);
            var methadone = f.Random.Bool(0.6f);
            var episode = DemoIntakes.Discharged(new TreatmentEpisode
            {
                Id = Guid.CreateVersion7(admittedAt),
                PatientId = patient.Id,
                SiteId = patient.SiteId,
                LevelOfCare = LevelOfCare.OpioidTreatmentProgram,
                PlannedMedication = methadone ? PreferredMedication.Methadone : PreferredMedication.Buprenorphine,
                AdmittedAt = admittedAt,
                AdmittedBy = "intake",
                Source = f.PickRandom(InquirySource.Phone, InquirySource.WalkIn, InquirySource.Referral),
                DaysWaited = f.Random.Int(0, 14),
            }, reason, dischargedAt);
            if (reason == DischargeReason.Transferred)
            {
                episode.ContinuityDetail = "Miami Valley Treatment Center takes over the medication; last dose confirmed";
            }
            else if (died)
            {
                episode.DischargeNote = "Died of an overdose (fentanyl), reported by the family the next day.";
            }

            db.TreatmentEpisodes.Add(episode);
            patient.StatusReason = $"discharged: {episode.DischargeReason}"; // as a discharge sets it (Deaths.PatientStatusReason for the death)
            if (f.Random.Int(1, 8) != 1)
            {
                db.Assessments.Add(DemoIntakes.IntakeAssessment(f, patient, episode));
            }

            if (died)
            {
                db.OverdoseEvents.Add(new OverdoseEvent
                {
                    Id = Guid.CreateVersion7(dischargedAt),
                    PatientId = patient.Id,
                    SiteId = patient.SiteId,
                    OccurredOn = DateOnly.FromDateTime(dischargedAt.AddDays(-1).UtcDateTime),
                    NaloxoneUsed = true,
                    ReversedBy = "not-reversed",
                    Hospital = true,
                    HospitalName = "Riverbend General",
                    Fatal = true,
                    Substances = "fentanyl",
                    Source = "family",
                    ReportedAt = dischargedAt,
                    ReportedBy = "counselor",
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The methadone and buprenorphine patients admitted in the last <see cref="DoseHistoryDays"/> days came through the
    /// admissions office: each episode gets the inquiry it began as (asked for treatment the days it waited before), and the
    /// window's record goes back to the first dose, on the day of admission, with a missed day now and then.
    /// </summary>
    private static async Task AddAdmissionsFromInquiriesAsync(MainstayDb db, Faker f, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var since = today.AddDays(-DoseHistoryDays);
        var recent = await (from o in db.MedicationOrders
                            join p in db.Patients on o.PatientId equals p.Id
                            where o.StartDate >= since
                            orderby p.Mrn
                            select new { Order = o, Patient = p }).ToListAsync(ct);
        var episodes = await db.TreatmentEpisodes.Where(e => e.DischargedAt == null && e.LevelOfCare == LevelOfCare.OpioidTreatmentProgram).ToListAsync(ct);
        var lots = await db.StockLots.ToDictionaryAsync(l => (l.SiteId, l.Medication), ct);
        var firstWindowDay = today.AddDays(-7);
        var number = await db.Counters.Where(c => c.Name == Counter.InquiryNumber).Select(c => c.Value).SingleAsync(ct);
        foreach (var r in recent)
        {
            var episode = episodes.Single(e => e.PatientId == r.Patient.Id);
            var requested = episode.AdmittedAt.AddDays(-(episode.DaysWaited ?? 0)).AddHours(-f.Random.Int(1, 20));
            var source = f.PickRandom(InquirySource.Phone, InquirySource.Phone, InquirySource.WalkIn, InquirySource.Referral);
            var step = TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, (episode.AdmittedAt - requested).Ticks / 3)); // screened, then eligible, before admission
            var inquiry = new Inquiry
            {
                Id = Guid.CreateVersion7(requested),
                SiteId = r.Patient.SiteId,
                Number = ++number,
                Stage = InquiryStage.Admitted,
                StageSince = episode.AdmittedAt,
                Source = source,
                ReferrerKind = source == InquirySource.Referral ? f.PickRandom(ReferrerKind.EmergencyDepartment, ReferrerKind.Court, ReferrerKind.PrimaryCare) : null,
                RequestedAt = requested,
                CreatedAt = requested,
                CreatedBy = "intake",
                GivenName = r.Patient.GivenName,
                FamilyName = r.Patient.FamilyName,
                BirthDate = r.Patient.BirthDate,
                Phone = r.Patient.Phone,
                ConsentToContact = true,
                PreferredMedication = episode.PlannedMedication,
                Payer = f.PickRandom(Payer.Medicaid, Payer.Medicaid, Payer.PrivateInsurance, Payer.Uninsured),
                Sex = PatientWire.Name(r.Patient.SexAtBirth),
                Substances = f.PickRandom("fentanyl, smoked, daily", "heroin and fentanyl, injected", "oxycodone pills, then fentanyl", "pressed pills (M30s), daily"),
                ScreenedAt = requested + step,
                ScreenedBy = "intake",
                InjectsDrugs = f.Random.Bool(0.35f),
                Pregnant = r.Patient.SexAtBirth == SexAtBirth.Female ? false : null,
                WithdrawalRisk = f.PickRandom(RiskLevel.Low, RiskLevel.Moderate, RiskLevel.Moderate),
                SuicideRisk = RiskLevel.Low,
                EligibilityAt = requested + (2 * step),
                EligibilityBy = "intake",
                EnrollmentConsentSignedOn = DateOnly.FromDateTime((requested + (2 * step)).UtcDateTime),
                EnrollmentConsentSignedBy = "intake",
                IntakeAt = episode.AdmittedAt,
                IntakeWith = "counselor",
                LastContactAt = requested + (2 * step),
                PatientId = r.Patient.Id,
                EpisodeId = episode.Id,
                ClosedAt = episode.AdmittedAt,
                Version = 1,
            };
            inquiry.CurrentUse = inquiry.Substances;
            db.Inquiries.Add(inquiry);
            db.InquiryActivities.Add(new InquiryActivity
            {
                InquiryId = inquiry.Id,
                SiteId = inquiry.SiteId,
                At = requested,
                By = "intake",
                Kind = ActivityKind.Stage,
                ToStage = InquiryStage.Inquiry,
                What = IntakeForm.Kebab(source),
            });
            db.InquiryActivities.Add(new InquiryActivity
            {
                InquiryId = inquiry.Id,
                SiteId = inquiry.SiteId,
                At = inquiry.EligibilityAt.Value,
                By = "intake",
                Kind = ActivityKind.Stage,
                FromStage = InquiryStage.Inquiry,
                ToStage = InquiryStage.Scheduled,
                What = "screened, eligible, intake booked",
            });
            db.InquiryActivities.Add(new InquiryActivity
            {
                InquiryId = inquiry.Id,
                SiteId = inquiry.SiteId,
                At = episode.AdmittedAt,
                By = "intake",
                Kind = ActivityKind.Stage,
                FromStage = InquiryStage.Scheduled,
                ToStage = InquiryStage.Admitted,
                What = IntakeForm.Kebab(LevelOfCare.OpioidTreatmentProgram),
                Detail = $"{r.Patient.Mrn}, waited {episode.DaysWaited ?? 0} days",
            });
            episode.InquiryId = inquiry.Id;
            episode.Source = source;
            episode.ReferrerKind = inquiry.ReferrerKind;

            // The first dose on the day of admission, after the intake; then most mornings until the week the demo already holds.
            var lot = lots[(r.Order.SiteId, r.Order.Medication)];
            for (var day = r.Order.StartDate; day < firstWindowDay; day = day.AddDays(1))
            {
                var first = day == r.Order.StartDate;
                if (!first && f.Random.Double() < 0.06)
                {
                    continue;
                }

                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(first ? 10 : 7, 0)), TimeSpan.Zero).AddMinutes(f.Random.Int(0, 240));
                DemoClinic.AddDose(db, r.Order, lot, day, at);
            }
        }

        await db.Counters.Where(c => c.Name == Counter.InquiryNumber).ExecuteUpdateAsync(u => u.SetProperty(c => c.Value, number), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>About one overdose a month among the patients in treatment, survived (naloxone from a bystander, family or EMS), none in the last month.</summary>
    private static async Task AddOverdosesAsync(MainstayDb db, Faker f, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var patients = await db.Patients.AsNoTracking().Where(p => p.Status == PatientStatus.Active).OrderBy(p => p.Mrn).Select(p => new { p.Id, p.SiteId }).ToListAsync(ct);
        for (var back = 330; back >= 35; back -= f.Random.Int(18, 45))
        {
            var p = f.PickRandom(patients);
            var on = today.AddDays(-back);
            var hospital = f.Random.Bool(0.6f);
            db.OverdoseEvents.Add(new OverdoseEvent
            {
                Id = Guid.CreateVersion7(now.AddDays(-back)),
                PatientId = p.Id,
                SiteId = p.SiteId,
                OccurredOn = on,
                NaloxoneUsed = true,
                ReversedBy = f.PickRandom("bystander", "family", "ems", "ems"),
                Hospital = hospital,
                HospitalName = hospital ? "Riverbend General" : null,
                Substances = f.PickRandom("fentanyl", "fentanyl pressed pill", "heroin and fentanyl", "fentanyl and xylazine"),
                Source = hospital ? "hospital" : "patient",
                ReportedAt = now.AddDays(-back + 1),
                ReportedBy = "nurse",
            });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A signed plan, drafted from the intake assessment, for everyone in opioid treatment who has one, acknowledged by the
    /// patient, and reviewed on the program's default schedule since; about one review in seven that fell due in the last 45
    /// days has not been done yet, which leaves that plan overdue.
    /// </summary>
    private static async Task AddPlansAsync(MainstayDb db, Faker f, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var rule = new ReviewRule();
        var open = await (from e in db.TreatmentEpisodes
                          join p in db.Patients on e.PatientId equals p.Id
                          where e.DischargedAt == null && e.LevelOfCare == LevelOfCare.OpioidTreatmentProgram
                          orderby p.Mrn
                          select e).AsNoTracking().ToListAsync(ct);
        var patientIds = open.Select(e => e.PatientId).ToList();
        var assessments = (await db.Assessments.AsNoTracking().Where(a => patientIds.Contains(a.PatientId) && a.Status == AssessmentStatus.Completed).ToListAsync(ct))
            .GroupBy(a => a.PatientId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.CompletedAt)!);
        foreach (var episode in open)
        {
            if (!assessments.TryGetValue(episode.PatientId, out var assessment))
            {
                continue;
            }

            var startsOn = DateOnly.FromDateTime(episode.AdmittedAt.UtcDateTime).AddDays(f.Random.Int(1, 3));
            if (startsOn >= today)
            {
                continue;
            }

            var problems = PlanDrafter.Draft(TreatmentPlans.DraftInput(assessment, startsOn)).Problems;
            var content = JsonSerializer.Serialize(problems, AssessmentRegistry.Json);
            var signedAt = new DateTimeOffset(startsOn.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
            var plan = new TreatmentPlan
            {
                Id = Guid.CreateVersion7(signedAt),
                PatientId = episode.PatientId,
                SiteId = episode.SiteId,
                AssessmentId = assessment.Id,
                Status = PlanStatus.Signed,
                Version = 1,
                Content = content,
                StartsOn = startsOn,
                CreatedAt = signedAt.AddHours(-2),
                CreatedBy = "counselor",
                UpdatedAt = signedAt,
                UpdatedBy = "counselor",
                SignedAt = signedAt,
                SignedBy = "counselor",
                AcknowledgementMethod = "signature-on-screen",
                AcknowledgedBy = "patient",
                AcknowledgedAt = signedAt.AddMinutes(10),
            };
            db.TreatmentPlans.Add(plan);
            db.TreatmentPlanVersions.Add(new TreatmentPlanVersion
            {
                PlanId = plan.Id,
                PatientId = plan.PatientId,
                SiteId = plan.SiteId,
                Version = 1,
                Content = content,
                SignedAt = signedAt,
                SignedBy = "counselor",
                ChangeSummary = "first signed version",
            });

            var next = PlanReviews.NextReview(startsOn, startsOn, rule);
            while (next < today && !(next >= today.AddDays(-45) && f.Random.Double() < 0.15))
            {
                var reviewedOn = next.AddDays(-f.Random.Int(0, 3));
                var progress = problems.ToDictionary(p => p.Code, _ => f.Random.WeightedRandom(["progressing", "met", "not-progressing"], [0.7f, 0.15f, 0.15f]), StringComparer.Ordinal);
                next = PlanReviews.NextReview(startsOn, reviewedOn, rule);
                db.PlanReviews.Add(new PlanReview
                {
                    Id = Guid.CreateVersion7(new DateTimeOffset(reviewedOn.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero)),
                    PlanId = plan.Id,
                    PatientId = plan.PatientId,
                    SiteId = plan.SiteId,
                    ReviewedOn = reviewedOn,
                    ReviewedBy = "counselor",
                    Progress = JsonSerializer.Serialize(progress, AssessmentRegistry.Json),
                    NextReviewOn = next,
                    CreatedAt = new DateTimeOffset(reviewedOn.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero),
                });
            }

            plan.NextReviewOn = next;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Twelve weeks of weekly individual sessions at the downtown site for ten patients (not the groups' members): most came,
    /// some late, about one in ten did not, never twice in a row (two in a row raise an alert the demo does not hold), and
    /// the program cancelled one now and then.
    /// </summary>
    private static async Task AddIndividualSessionsAsync(MainstayDb db, Faker f, int siteId, DateTimeOffset now, CancellationToken ct)
    {
        var zone = TimeZoneInfo.Local;
        var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var patients = await db.Patients.AsNoTracking().Where(p => p.SiteId == siteId && p.Status == PatientStatus.Active)
            .OrderBy(p => p.Mrn).Skip(12).Take(10).Select(p => p.Id).ToListAsync(ct);
        var kinds = new[] { SessionKind.Cbt, SessionKind.MotivationalInterviewing, SessionKind.TraumaFocused, SessionKind.CaseManagement };
        var plans = (await db.TreatmentPlans.AsNoTracking().Where(p => patients.Contains(p.PatientId)).Select(p => new { p.PatientId, p.Content }).ToListAsync(ct))
            .ToDictionary(p => p.PatientId, p => JsonSerializer.Deserialize<List<PlanProblem>>(p.Content, AssessmentRegistry.Json)!.Select(x => x.Code).ToList());
        foreach (var (patientId, i) in patients.Select((p, i) => (p, i)))
        {
            var kind = CounselingCalendar.IntakeKebab(kinds[i % kinds.Length]);
            var series = Guid.CreateVersion7(now);
            var hour = 9 + (i % 4) * 2;
            var missedLast = false;
            for (var week = 12; week >= 1; week--)
            {
                var day = localToday.AddDays(-7 * week + (i % 5) - 2);
                if (day >= localToday)
                {
                    continue;
                }

                var local = day.ToDateTime(new TimeOnly(hour, 0));
                var starts = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
                var cancelled = f.Random.Double() < 0.04;
                var session = new CounselingSession
                {
                    Id = Guid.CreateVersion7(starts),
                    SiteId = siteId,
                    Kind = kind,
                    PatientId = patientId,
                    SeriesId = series,
                    Room = "Counseling room " + (3 + (i % 2)),
                    Facilitator = "counselor",
                    StartsAt = starts,
                    EndsAt = starts.AddMinutes(50),
                    Status = cancelled ? "cancelled" : "held",
                    CancelReason = cancelled ? "counselor out sick" : null,
                    CreatedAt = starts.AddDays(-7 * (12 - week) - 1),
                    CreatedBy = "counselor",
                };
                db.CounselingSessions.Add(session);
                if (cancelled)
                {
                    continue;
                }

                var mark = !missedLast && f.Random.Double() < 0.1 ? "no-show" : f.Random.Double() < 0.1 ? "late" : "attended";
                missedLast = mark == "no-show";
                db.SessionAttendance.Add(new SessionAttendance
                {
                    Id = Guid.CreateVersion7(starts),
                    SessionId = session.Id,
                    PatientId = patientId,
                    SiteId = siteId,
                    SessionStartsAt = starts,
                    Mark = mark,
                    MinutesLate = mark == "late" ? f.Random.Int(5, 20) : null,
                    RecordedAt = session.EndsAt,
                    RecordedBy = "counselor",
                });
                if (mark != "no-show")
                {
                    db.ProgressNotes.Add(SessionNote(f, session, day, plans.GetValueOrDefault(patientId)));
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static readonly string[] NoteData =
    [
        "Reported two days of cravings after a call with a relative; did not use. Practised urge surfing in session.",
        "Talked about work hours and getting to the clinic before shift; wants to keep daily dosing for now.",
        "Went over last week's triggers log: payday and one neighbour. Named two people to call instead.",
        "Sleep poor this week; stress about housing paperwork. Used no illicit opioids, per report and screen.",
        "Attended two mutual-help meetings. Discussed what made the second one feel safer.",
    ];

    private static readonly string[] NoteAssessments =
    [
        "Engaged; insight into the trigger is growing. Motivation steady.",
        "Ambivalent about reducing the dose; no safety concerns raised.",
        "Stress is high but coping skills are in use. Progress toward the plan's goals.",
        "Tired and guarded at first, more open by the end. No risk indicators.",
    ];

    private static readonly string[] NotePlans =
    [
        "Keep the craving log; next session reviews it. Naloxone kit checked.",
        "Case manager to help with the housing form this week. Same time next week.",
        "Practise the refusal skill twice before next session.",
        "Bring the work schedule to discuss take-home eligibility with the prescriber.",
    ];

    /// <summary>The counselor's signed DAP note of a held session, signed an hour after it, naming one or two of the plan's goals.</summary>
    private static ProgressNote SessionNote(Faker f, CounselingSession session, DateOnly day, List<string>? goals)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["data"] = f.PickRandom(NoteData),
            ["assessment"] = f.PickRandom(NoteAssessments),
            ["plan"] = f.PickRandom(NotePlans),
        };
        return new ProgressNote
        {
            Id = Guid.CreateVersion7(session.EndsAt),
            PatientId = session.PatientId!.Value,
            SiteId = session.SiteId,
            SessionId = session.Id,
            Format = "dap",
            Content = JsonSerializer.Serialize(sections, NoteJson),
            Goals = goals is { Count: > 0 } ? string.Join(",", f.PickRandom(goals, Math.Min(2, goals.Count)).Distinct()) : null,
            ServiceDate = day,
            Status = "signed",
            CreatedAt = session.EndsAt.AddMinutes(20),
            Author = "counselor",
            SignedAt = session.EndsAt.AddHours(1),
            SignedBy = "counselor",
        };
    }

    private static readonly JsonSerializerOptions NoteJson = new(JsonSerializerDefaults.Web);
}
