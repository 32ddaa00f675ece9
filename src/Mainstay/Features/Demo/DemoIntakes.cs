using System.Text.Json;
using Bogus;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Discharge;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Assessments;
using Mainstay.Features.Instruments;
using Mainstay.Features.Patients;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Demo;

/// <summary>
/// Earlier, discharged episodes for some of the demo's patients (readmissions), and completed intake assessments for
/// the demo's admitted patients, done the day before admission: the substances, history
/// and the state-report answers, the DSM-5 criteria and ASAM ratings, scored as the assessment page scores them. About
/// one admission in eight has none, so the state report has records to fix.
/// </summary>
internal static class DemoIntakes
{
    private static readonly string[] Opioids = ["fentanyl", "fentanyl", "fentanyl", "heroin", "heroin", "prescription-opioids"];
    private static readonly string[] Others = ["methamphetamine", "cocaine", "benzodiazepines", "cannabis", "alcohol", "xylazine"];

    private static readonly (DischargeReason Reason, int Weight)[] Reasons =
    [
        (DischargeReason.Completed, 5), (DischargeReason.LeftAgainstAdvice, 7), (DischargeReason.Administrative, 2),
        (DischargeReason.Transferred, 3), (DischargeReason.Incarcerated, 2), (DischargeReason.Other, 1),
    ];

    /// <summary>Why an episode ended, leaving early the most common. Bogus reads weights as shares of 1, so they are divided by their sum.</summary>
    internal static DischargeReason AnyDischargeReason(Faker f)
    {
        var total = (float)Reasons.Sum(r => r.Weight);
        return f.Random.WeightedRandom(Reasons.Select(r => r.Reason).ToArray(), Reasons.Select(r => r.Weight / total).ToArray());
    }

    public static async Task AddAsync(MainstayDb db, DateTimeOffset now, CancellationToken ct)
    {
        await AddEarlierEpisodesAsync(db, now, ct);
        var f = new Faker("en") { Random = new Randomizer(DemoClinic.Seed + 11) };
        var episodes = await InChartOrder(db, db.TreatmentEpisodes.AsNoTracking()).ToListAsync(ct);
        var patientIds = episodes.Select(e => e.PatientId).ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var episode in episodes)
        {
            if (f.Random.Int(1, 8) == 1)
            {
                continue;
            }

            db.Assessments.Add(IntakeAssessment(f, patients[episode.PatientId], episode));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// <paramref name="episode"/> ended at <paramref name="at"/> for <paramref name="reason"/>, as the discharge page records
    /// it: the TEDS code, the medication handed on for a transfer (otherwise nothing arranged), the lost-tolerance warning,
    /// naloxone offered to anyone alive.
    /// </summary>
    internal static TreatmentEpisode Discharged(TreatmentEpisode episode, DischargeReason reason, DateTimeOffset at)
    {
        var continuity = reason == DischargeReason.Transferred ? MedicationContinuity.Transfer : MedicationContinuity.NotArranged;
        episode.DischargedAt = at;
        episode.DischargeReason = IntakeForm.Kebab(reason);
        episode.TedsReason = DischargeRules.TedsReason(reason);
        episode.DischargedBy = "counselor";
        episode.Continuity = continuity == MedicationContinuity.Transfer ? "transfer" : "not-arranged";
        episode.ToleranceWarning = DischargeRules.ToleranceWarning(reason, continuity);
        episode.NaloxoneOffered = reason != DischargeReason.Died;
        return episode;
    }

    /// <summary>A completed intake assessment for <paramref name="episode"/>, done the day before admission and scored as the assessment page scores it.</summary>
    internal static Assessment IntakeAssessment(Faker f, Patient patient, TreatmentEpisode episode)
    {
        var done = episode.AdmittedAt.AddDays(-1);
        var content = Content(f, patient);
        var results = AssessmentScoring.Evaluate(content, patient.SexAtBirth, patient.BirthDate, DateOnly.FromDateTime(done.UtcDateTime));
        return new Assessment
        {
            Id = Guid.CreateVersion7(done),
            PatientId = patient.Id,
            SiteId = episode.SiteId,
            Status = AssessmentStatus.Completed,
            Version = 1,
            Content = JsonSerializer.Serialize(content, AssessmentRegistry.Json),
            Results = JsonSerializer.Serialize(results, AssessmentRegistry.Json),
            StartedAt = done.AddHours(-1),
            StartedBy = "counselor",
            UpdatedAt = done,
            CompletedAt = done,
            CompletedBy = "counselor",
        };
    }

    /// <summary>One patient in four on medication for over five months was here before: an episode of 2–8 months that ended 1–4 months before this one.</summary>
    private static async Task AddEarlierEpisodesAsync(MainstayDb db, DateTimeOffset now, CancellationToken ct)
    {
        var f = new Faker("en") { Random = new Randomizer(DemoClinic.Seed + 13) };
        var current = await InChartOrder(db, db.TreatmentEpisodes.AsNoTracking().Where(e => e.LevelOfCare == LevelOfCare.OpioidTreatmentProgram)).ToListAsync(ct);
        foreach (var episode in current.Where(e => e.AdmittedAt < now.AddDays(-150)))
        {
            if (f.Random.Int(1, 4) != 1)
            {
                continue;
            }

            var discharged = episode.AdmittedAt.AddDays(-f.Random.Int(30, 120)).AddHours(2);
            var admitted = discharged.AddDays(-f.Random.Int(60, 240));
            db.TreatmentEpisodes.Add(Discharged(new TreatmentEpisode
            {
                Id = Guid.CreateVersion7(admitted),
                PatientId = episode.PatientId,
                SiteId = episode.SiteId,
                LevelOfCare = LevelOfCare.OpioidTreatmentProgram,
                PlannedMedication = episode.PlannedMedication,
                AdmittedAt = admitted,
                AdmittedBy = "intake",
                Source = f.PickRandom(InquirySource.Phone, InquirySource.WalkIn, InquirySource.Referral),
                ReferrerKind = f.PickRandom(ReferrerKind.EmergencyDepartment, ReferrerKind.Court, ReferrerKind.PrimaryCare, ReferrerKind.Community),
                DaysWaited = f.Random.Int(0, 20),
            }, AnyDischargeReason(f), discharged));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Episodes by chart number, then admission: the same seed then draws the same history for the same patient on every run (ids made in one instant do not keep an order).</summary>
    private static IQueryable<TreatmentEpisode> InChartOrder(MainstayDb db, IQueryable<TreatmentEpisode> episodes) =>
        from e in episodes join p in db.Patients on e.PatientId equals p.Id orderby p.Mrn, e.AdmittedAt select e;

    private static T Sometimes<T>(Faker f, T value, T unknown, float known = 0.9f) => f.Random.Bool(known) ? value : unknown;

    private static AssessmentContent Content(Faker f, Patient patient)
    {
        var opioid = f.PickRandom(Opioids);
        var routes = opioid == "prescription-opioids" ? ["oral"] : f.Random.Bool(0.45f) ? new[] { "injection" } : f.Random.Bool(0.6f) ? ["smoked"] : ["intranasal"];
        var substances = new List<SubstanceUse> { new(opioid, routes, f.Random.Bool(0.6f) ? UseFrequency.SeveralTimesDaily : UseFrequency.Daily) };
        if (f.Random.Bool(0.55f))
        {
            var other = f.PickRandom(Others);
            substances.Add(new SubstanceUse(other, [other is "alcohol" or "benzodiazepines" ? "oral" : "smoked"], f.PickRandom(UseFrequency.Weekly, UseFrequency.Daily)));
        }

        var employment = f.PickRandom(EmploymentStatus.Employed, EmploymentStatus.Unemployed, EmploymentStatus.Unemployed, EmploymentStatus.NotInLaborForce);
        var housing = f.PickRandom(HousingStatus.Stable, HousingStatus.Stable, HousingStatus.Unstable, HousingStatus.Homeless);
        var history = new IntakeHistory
        {
            Substances = substances,
            AgeFirstOpioidUse = f.Random.Int(14, 34),
            PriorTreatment = f.Random.Bool(0.5f) ? [f.PickRandom("methadone", "buprenorphine", "withdrawal-management", "outpatient-counseling")] : [],
            Employment = employment,
            Housing = housing,
            Education = f.PickRandom<EducationLevel>(),
            Pregnancy = patient.SexAtBirth == SexAtBirth.Female ? PregnancyStatus.NotPregnant : PregnancyStatus.NotApplicable,
            MentalHealthDiagnoses = f.Random.Bool(0.4f) ? [f.PickRandom("depression", "anxiety", "ptsd")] : [],
            TraumaHistory = f.Random.Bool(0.5f),
            ChronicPain = opioid == "prescription-opioids" || f.Random.Bool(0.2f),
            Reporting = new StateReportingAnswers
            {
                Race = Sometimes(f, f.PickRandom(Race.White, Race.White, Race.BlackOrAfricanAmerican, Race.AmericanIndian, Race.Asian, Race.TwoOrMoreRaces), Race.Unknown),
                Ethnicity = Sometimes(f, f.PickRandom(Ethnicity.NotHispanicOrLatino, Ethnicity.NotHispanicOrLatino, Ethnicity.NotHispanicOrLatino, Ethnicity.Mexican, Ethnicity.PuertoRican), Ethnicity.Unknown),
                MaritalStatus = Sometimes(f, f.PickRandom(MaritalStatus.NeverMarried, MaritalStatus.NeverMarried, MaritalStatus.Married, MaritalStatus.DivorcedOrWidowed), MaritalStatus.Unknown),
                Veteran = Sometimes<bool?>(f, f.Random.Bool(0.08f), null),
                WorkHours = employment == EmploymentStatus.Employed ? Sometimes(f, f.PickRandom(WorkHours.FullTime, WorkHours.PartTime), WorkHours.Unknown) : WorkHours.Unknown,
                LivingArrangement = housing == HousingStatus.Homeless ? LivingArrangement.Homeless
                    : Sometimes(f, f.PickRandom(LivingArrangement.Independent, LivingArrangement.Dependent), LivingArrangement.Unknown),
                SchoolYears = Sometimes<int?>(f, f.Random.Int(9, 16), null),
                ArrestsPast30Days = Sometimes<int?>(f, f.Random.Bool(0.85f) ? 0 : 1, null, 0.7f),
                MutualHelpMeetingsPast30Days = Sometimes<int?>(f, f.Random.Int(0, 12), null, 0.6f),
                IncomeSource = Sometimes(f, employment == EmploymentStatus.Employed ? IncomeSource.Wages : f.PickRandom(IncomeSource.PublicAssistance, IncomeSource.None, IncomeSource.RetirementOrDisability), IncomeSource.Unknown),
            },
        };

        var criteria = f.Random.Int(4, 11);
        return new AssessmentContent
        {
            History = history,
            Instruments = new Dictionary<string, ScoreRequest>(StringComparer.Ordinal)
            {
                ["dsm5-oud"] = new ScoreRequest { Answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= criteria ? 1 : 0) },
            },
            Asam = new AsamInput
            {
                Withdrawal = f.Random.Int(1, 3),
                Biomedical = f.Random.Int(0, 2),
                EmotionalBehavioralCognitive = f.Random.Int(0, 3),
                ReadinessToChange = f.Random.Int(1, 3),
                RelapsePotential = f.Random.Int(2, 4),
                RecoveryEnvironment = f.Random.Int(1, 4),
            },
        };
    }
}
