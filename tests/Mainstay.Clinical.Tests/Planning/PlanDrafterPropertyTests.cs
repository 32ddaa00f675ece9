using CsCheck;
using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Instruments;
using Mainstay.Clinical.Planning;

namespace Mainstay.Clinical.Tests.Planning;

/// <summary>Properties of every drafted plan, over random histories run through the risk-factor profiler.</summary>
public class PlanDrafterPropertyTests
{
    private static readonly DateOnly Today = PlanDrafterTests.Today;

    private static readonly string[] SubstanceNames = ["heroin", "fentanyl", "prescription-opioids", "methadone", "benzodiazepines", "alcohol", "cocaine", "", "FENTANYL "];
    private static readonly string[] Routes = ["oral", "smoked", "injection", ""];
    private static readonly string[] Words =
        ["depression", "anxiety", "ptsd", "bipolar", "adhd", "other", "housing", "food", "transportation", "utilities", "employment",
         "education", "isolation", "methadone", "buprenorphine", "naltrexone", "", " "];
    private static readonly string?[] Levels = [null, "", "1", "1-OTP", "2.1", "3.5", "3.7-WM", "1-wm", "nonsense"];

    private static readonly Gen<DateOnly?> GenDate =
        Gen.Frequency((1, Gen.Const((DateOnly?)null)), (4, Gen.Int[-400, 30].Select(d => (DateOnly?)Today.AddDays(d))));

    private static Gen<T> GenEnum<T>(int max)
        where T : struct, Enum => Gen.Int[-1, max + 1].Select(i => (T)Enum.ToObject(typeof(T), i));

    private static readonly Gen<SubstanceUse> GenSubstance =
        Gen.Select(Gen.OneOfConst(SubstanceNames), Gen.OneOfConst(Routes).Array[0, 2]).Select(t => new SubstanceUse(t.Item1, t.Item2));

    private static readonly Gen<IntakeHistory> GenHistory =
        Gen.Select(
                Gen.Select(GenSubstance.Array[0, 4], GenDate.Array[3], Gen.OneOfConst(Words).Array[0, 3], Gen.OneOfConst(Words).Array[0, 2], Gen.Bool.Array[16]),
                Gen.Select(GenEnum<HousingStatus>(3), GenEnum<EmploymentStatus>(4), GenEnum<EducationLevel>(4), GenEnum<SupportLevel>(3), GenEnum<PregnancyStatus>(3)),
                Gen.Select(GenEnum<InfectionStatus>(2).Array[3], Gen.Bool.Array[4]))
            .Select(t =>
            {
                var (substances, dates, diagnoses, prior, flags) = t.Item1;
                var (housing, employment, education, support, pregnancy) = t.Item2;
                var (infections, complications) = t.Item3;
                return new IntakeHistory
                {
                    Substances = substances,
                    LastOpioidUse = dates[0],
                    LastOverdose = dates[1],
                    ReleasedFromControlledEnvironment = dates[2],
                    MentalHealthDiagnoses = diagnoses,
                    PriorTreatment = prior,
                    ChronicPain = flags[0],
                    PriorOpioidPrescriptions = flags[1],
                    FirstOpioidWasPrescribed = flags[2],
                    FamilyHistoryOfAddiction = flags[3],
                    TraumaHistory = flags[4],
                    HighStress = flags[5],
                    PriorSuicideAttempt = flags[6],
                    PeersWhoUse = flags[7],
                    PeerPressure = flags[8],
                    SociallyIsolated = flags[9],
                    EasyAccessToOpioids = flags[10],
                    LivesWithSomeoneWhoUses = flags[11],
                    Housing = housing,
                    Employment = employment,
                    Education = education,
                    SocialSupport = support,
                    Pregnancy = pregnancy,
                    Complications = new ComplicationsScreen
                    {
                        Hiv = infections[0],
                        HepatitisB = infections[1],
                        HepatitisC = infections[2],
                        EndocarditisSigns = complications[0],
                        SkinOrSoftTissueInfection = complications[1],
                        CollapsedVeins = complications[2],
                        LungDisease = complications[3],
                    },
                };
            });

    private static readonly Gen<InstrumentResults> GenResults =
        Gen.Select(Gen.Int[-1, 27].Nullable().Array[6], Gen.OneOfConst(Words).Array[0, 4])
            .Select(t => new InstrumentResults
            {
                Phq9Total = t.Item1[0],
                Phq9Item9 = t.Item1[1] is int i ? i % 4 : null,
                Gad7Total = t.Item1[2],
                PcPtsd5Total = t.Item1[3] is int p ? p % 6 : null,
                AceTotal = t.Item1[4] is int a ? a % 11 : null,
                CowsTotal = t.Item1[5],
                SocialNeeds = t.Item2,
            });

    private static readonly Gen<OudDiagnosis?> GenDiagnosis =
        Gen.Frequency(
            (1, Gen.Const((OudDiagnosis?)null)),
            (4, Gen.Select(GenEnum<OudSeverity>(3), Gen.Bool).Select(t => (OudDiagnosis?)new OudDiagnosis(6, t.Item1, null, OudRemission.NotInRemission, t.Item2, false))));

    private static readonly Gen<PlanDraftInput> GenInput =
        Gen.Select(
                Gen.Select(GenHistory, GenResults, GenDiagnosis),
                Gen.Select(Gen.OneOfConst(Levels), Gen.Bool, Gen.Bool, Gen.Int[-30, 30]))
            .Select(t =>
            {
                var (history, results, diagnosis) = t.Item1;
                var (level, methadone, declines, shift) = t.Item2;
                return new PlanDraftInput
                {
                    Profile = RiskFactorProfiler.Build(history, results, Today),
                    History = history,
                    Diagnosis = diagnosis,
                    LevelOfCare = level,
                    ChoosesMethadone = methadone,
                    DeclinesAgonists = declines,
                    CowsTotal = results.CowsTotal,
                    StartsOn = Today.AddDays(shift),
                };
            });

    [Fact]
    public void Every_intervention_has_text_frequency_and_role_and_every_objective_is_after_the_start() =>
        GenInput.Sample(input =>
        {
            var plan = PlanDrafter.Draft(input);
            Assert.All(plan.Problems, p =>
            {
                Assert.False(string.IsNullOrWhiteSpace(p.Statement));
                Assert.False(string.IsNullOrWhiteSpace(p.Goal));
                Assert.InRange(p.Objectives.Count, 1, 3);
                Assert.NotEmpty(p.Interventions);
                Assert.All(p.Objectives, o => Assert.True(o.TargetDate > input.StartsOn, $"{p.Code}: {o.Text} on {o.TargetDate}"));
                Assert.All(p.Interventions, i =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(i.Text));
                    Assert.False(string.IsNullOrWhiteSpace(i.Frequency));
                    Assert.False(string.IsNullOrWhiteSpace(i.ResponsibleRole));
                });
            });
        });

    [Fact]
    public void Recovery_foundations_is_always_last_safety_first_with_self_harm_and_priorities_run_from_1() =>
        GenInput.Sample(input =>
        {
            var plan = PlanDrafter.Draft(input);
            var codes = plan.Problems.Select(p => p.Code).ToList();
            Assert.Equal("recovery-foundations", codes[^1]);
            Assert.Equal(codes.Count, codes.Distinct().Count());
            Assert.Equal(Enumerable.Range(1, codes.Count), plan.Problems.Select(p => p.Priority));
            Assert.Equal(input.Profile.Alerts.Any(a => a.Code == "self-harm"), codes[0] == "safety");
            Assert.All(codes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
        });

    [Fact]
    public void Every_finding_of_the_profile_is_carried_by_some_problem() =>
        GenInput.Sample(input =>
        {
            var plan = PlanDrafter.Draft(input);
            var carried = plan.Problems.SelectMany(p => p.FromFindings).ToHashSet();
            Assert.All(input.Profile.Findings, f => Assert.Contains(f.Code, carried));
        });

    [Fact]
    public void Medication_options_appear_exactly_with_opioid_use_disorder_and_never_suggest_naltrexone_in_pregnancy() =>
        GenInput.Sample(input =>
        {
            var plan = PlanDrafter.Draft(input);
            foreach (var p in plan.Problems.Where(p => p.Code != "opioid-use-disorder"))
                Assert.Empty(p.MedicationOptions);

            var oud = plan.Problems.SingleOrDefault(p => p.Code == "opioid-use-disorder");
            Assert.Equal(input.Diagnosis?.Severity is OudSeverity.Mild or OudSeverity.Moderate or OudSeverity.Severe, oud is not null);
            if (oud is null)
                return;

            Assert.Equal(["methadone", "buprenorphine", "naltrexone-xr"], oud.MedicationOptions.Select(m => m.Medication));
            var pregnant = input.History.Pregnancy == PregnancyStatus.Pregnant;
            if (pregnant)
            {
                Assert.False(oud.MedicationOptions[2].Suggested);
                Assert.True(oud.MedicationOptions[0].Suggested && oud.MedicationOptions[1].Suggested);
            }

            if (input.History.LastOpioidUse is DateOnly last && input.StartsOn.DayNumber - last.DayNumber < PlanDrafter.NaltrexoneOpioidFreeDays)
                Assert.False(oud.MedicationOptions[2].Suggested);
        });
}
