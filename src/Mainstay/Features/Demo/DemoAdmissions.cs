using Bogus;
using Mainstay.Clinical.Admissions;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Beds;
using Mainstay.Features.Patients;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Demo;

/// <summary>
/// The demo's admissions: a withdrawal unit and a residential house at the downtown site, episodes for everyone on
/// medication, a few patients in beds, and inquiries at every stage — one stale, one past its deadline, one who
/// resembles a patient already enrolled (for the duplicate-enrollment check).
/// </summary>
internal static class DemoAdmissions
{
    public static async Task AddAsync(MainstayDb db, List<Site> sites, DateTimeOffset now, CancellationToken ct)
    {
        var f = new Faker("en") { Random = new Randomizer(DemoClinic.Seed + 7) };
        var downtown = sites[0].Id;
        var detox = new CareUnit { SiteId = downtown, Building = "North building", Name = "Withdrawal unit", LevelOfCare = LevelOfCare.WithdrawalManagement };
        var house = new CareUnit { SiteId = downtown, Building = "Cedar House", Name = "Residential", LevelOfCare = LevelOfCare.Residential };
        db.CareUnits.AddRange(detox, house);
        await db.SaveChangesAsync(ct);
        var beds = new List<Bed>();
        foreach (var (unit, layout) in new[] { (detox, "101:A,B; 102:A,B; 103:A,B"), (house, "201:A,B; 202:A,B; 203:A; 204:A") })
        {
            foreach (var (room, label) in BedBoard.ParseLayout(new Web.FieldErrors(), layout, null))
            {
                beds.Add(new Bed { UnitId = unit.Id, SiteId = downtown, Room = room, Label = label, StatusSince = now, Version = 1 });
            }
        }

        beds[5].Status = BedStatus.OutOfService;
        beds[5].StatusNote = "mattress being replaced";
        beds[9].Status = BedStatus.Cleaning;
        db.Beds.AddRange(beds);
        await db.SaveChangesAsync(ct);

        // Everyone on medication has an open episode from the day the order started.
        var onMedication = await db.MedicationOrders.AsNoTracking().Select(o => new { o.PatientId, o.SiteId, o.StartDate, o.Medication }).ToListAsync(ct);
        foreach (var o in onMedication)
        {
            db.TreatmentEpisodes.Add(new TreatmentEpisode
            {
                Id = Guid.CreateVersion7(now),
                PatientId = o.PatientId,
                SiteId = o.SiteId,
                LevelOfCare = LevelOfCare.OpioidTreatmentProgram,
                PlannedMedication = o.Medication == Clinical.Medication.Moud.Methadone ? PreferredMedication.Methadone : PreferredMedication.Buprenorphine,
                AdmittedAt = new DateTimeOffset(o.StartDate.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
                AdmittedBy = "intake",
                DaysWaited = f.Random.Int(0, 12),
            });
        }

        // Three people withdrawing on the unit and two in the house, admitted over the last days.
        var waiting = await db.Patients.Where(p => p.SiteId == downtown && p.Status == PatientStatus.Waitlist).OrderBy(p => p.Mrn).Take(5).ToListAsync(ct);
        var bedOrder = new[] { 0, 1, 3, 6, 7 };
        for (var i = 0; i < waiting.Count; i++)
        {
            var p = waiting[i];
            var bed = beds[bedOrder[i]];
            var level = i < 3 ? LevelOfCare.WithdrawalManagement : LevelOfCare.Residential;
            var admitted = now.AddDays(-(i + 1) * 2).AddHours(-3);
            p.Status = PatientStatus.Active;
            p.StatusReason = "admitted";
            db.TreatmentEpisodes.Add(new TreatmentEpisode
            {
                Id = Guid.CreateVersion7(now),
                PatientId = p.Id,
                SiteId = downtown,
                LevelOfCare = level,
                PlannedMedication = PreferredMedication.Buprenorphine,
                AdmittedAt = admitted,
                AdmittedBy = "intake",
                DaysWaited = i,
            });
            db.BedStays.Add(new BedStay
            {
                Id = Guid.CreateVersion7(now),
                BedId = bed.Id,
                UnitId = bed.UnitId,
                SiteId = downtown,
                PatientId = p.Id,
                Kind = BedStayKind.Occupied,
                From = admitted,
                StartedBy = "intake",
            });
            bed.Status = BedStatus.Occupied;
            bed.StatusSince = admitted;
        }

        // A patient already enrolled, for the look-alike inquiry below.
        var enrolled = await db.Patients.AsNoTracking().Where(p => p.SiteId == sites[1].Id && p.Status == PatientStatus.Active).OrderBy(p => p.Mrn).FirstAsync(ct);

        var number = 1000L;
        Inquiry Add(InquiryStage stage, InquirySource source, double hoursAgo, Action<Inquiry>? shape = null)
        {
            var given = f.Name.FirstName();
            var inquiry = new Inquiry
            {
                Id = Guid.CreateVersion7(now),
                SiteId = downtown,
                Number = ++number,
                Stage = stage,
                StageSince = now.AddHours(-hoursAgo / 2),
                Source = source,
                RequestedAt = now.AddHours(-hoursAgo),
                CreatedAt = now.AddHours(-hoursAgo),
                CreatedBy = "intake",
                GivenName = given,
                FamilyName = f.Name.LastName(),
                BirthDate = DemoClinic.ReferenceDate.AddYears(-f.Random.Int(20, 55)).AddDays(-f.Random.Int(0, 364)),
                Phone = f.Phone.PhoneNumber("(937) 555-####"),
                ConsentToContact = true,
                Substances = f.PickRandom("fentanyl, smoked, daily", "heroin and fentanyl, injected", "oxycodone pills, then fentanyl", "pressed pills (M30s), daily"),
                PreferredMedication = f.PickRandom(PreferredMedication.Methadone, PreferredMedication.Buprenorphine, PreferredMedication.Undecided),
                Payer = f.PickRandom(Payer.Medicaid, Payer.Medicaid, Payer.PrivateInsurance, Payer.Uninsured),
                LastContactAt = source == InquirySource.CallBack ? null : now.AddHours(-hoursAgo),
                Version = 1,
            };
            if (stage != InquiryStage.Inquiry)
            {
                inquiry.ScreenedAt = now.AddHours(-hoursAgo + 1);
                inquiry.ScreenedBy = "intake";
                inquiry.CurrentUse = inquiry.Substances;
                inquiry.InjectsDrugs = f.Random.Bool(0.4f);
                inquiry.Pregnant = false;
                inquiry.WithdrawalRisk = RiskLevel.Moderate;
                inquiry.SuicideRisk = RiskLevel.Low;
            }

            if (stage is InquiryStage.Eligible or InquiryStage.Waitlisted or InquiryStage.Scheduled)
            {
                inquiry.EligibilityAt = now.AddHours(-hoursAgo + 2);
                inquiry.EligibilityBy = "intake";
                inquiry.EnrollmentConsentSignedOn = DateOnly.FromDateTime(now.AddHours(-hoursAgo + 2).UtcDateTime);
            }

            shape?.Invoke(inquiry);
            db.Inquiries.Add(inquiry);
            db.InquiryActivities.Add(new InquiryActivity
            {
                InquiryId = inquiry.Id,
                SiteId = downtown,
                At = inquiry.CreatedAt,
                By = "intake",
                Kind = ActivityKind.Stage,
                ToStage = InquiryStage.Inquiry,
                What = Assessments.IntakeForm.Kebab(source),
            });
            if (stage != InquiryStage.Inquiry)
            {
                db.InquiryActivities.Add(new InquiryActivity
                {
                    InquiryId = inquiry.Id,
                    SiteId = downtown,
                    At = inquiry.StageSince,
                    By = "intake",
                    Kind = ActivityKind.Stage,
                    FromStage = InquiryStage.Inquiry,
                    ToStage = stage,
                    What = "demo",
                });
            }

            return inquiry;
        }

        Add(InquiryStage.Inquiry, InquirySource.CallBack, 30);
        Add(InquiryStage.Inquiry, InquirySource.Referral, 3, i => { i.ReferrerKind = ReferrerKind.EmergencyDepartment; i.ReferrerName = "Riverbend General ED"; i.Urgency = Urgency.Urgent; i.LastOverdose = DateOnly.FromDateTime(now.AddDays(-2).UtcDateTime); });
        Add(InquiryStage.Screened, InquirySource.Phone, 20, i => { i.GivenName = "Marisol"; i.Pregnant = true; i.InjectsDrugs = true; i.Sex = "female"; });
        Add(InquiryStage.Screened, InquirySource.WalkIn, 6);
        Add(InquiryStage.Eligible, InquirySource.Phone, 50, i =>
        {
            // Looks like a patient already enrolled at Eastside: same person, day and month typed the other way round.
            i.GivenName = enrolled.GivenName;
            i.FamilyName = enrolled.FamilyName;
            i.BirthDate = enrolled.BirthDate.Day <= 12 ? new DateOnly(enrolled.BirthDate.Year, enrolled.BirthDate.Day, enrolled.BirthDate.Month) : enrolled.BirthDate;
            i.Sex = PatientWire.Name(enrolled.SexAtBirth);
        });
        Add(InquiryStage.Waitlisted, InquirySource.Referral, 24 * 10, i => { i.ReferrerKind = ReferrerKind.Court; i.ReferrerName = "Riverbend drug court"; i.InjectsDrugs = true; i.FirstInterimServiceAt = i.RequestedAt.AddHours(20); });
        Add(InquiryStage.Waitlisted, InquirySource.Phone, 24 * 16, i => { i.InjectsDrugs = true; i.LevelOfCareSought = LevelOfCare.Residential; });
        Add(InquiryStage.Scheduled, InquirySource.Phone, 40, i => { i.IntakeAt = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(14), TimeSpan.Zero); i.IntakeWith = "counselor"; });
        Add(InquiryStage.NotAdmitted, InquirySource.Phone, 24 * 12, i => { i.ClosedAt = now.AddDays(-9); i.NotAdmittedReason = NotAdmittedReason.NeedsOtherLevelOfCare; i.ReferredTo = "St. Luke's inpatient psychiatry"; });
        await db.Counters.Where(c => c.Name == Counter.InquiryNumber).ExecuteUpdateAsync(u => u.SetProperty(c => c.Value, number), ct);
        await db.SaveChangesAsync(ct);
    }
}
