using System.Globalization;
using Mainstay.Clinical.Assessment;
using Mainstay.Features.Instruments;
using Mainstay.Web;
using Registry = Mainstay.Clinical.Instruments.Instruments;

namespace Mainstay.Features.Assessments;

/// <summary>
/// The intake form's fields and how a posted form becomes <see cref="AssessmentContent"/>.
/// Field names: h.* history, r.* state reporting answers, s.* substances, c.* complications, i.{code}.{item} instrument answers,
/// asam.* ratings. The lists here are what the form offers; the API accepts the same words.
/// </summary>
public static class IntakeForm
{
    public static readonly string[] SubstanceNames =
        ["heroin", "fentanyl", "prescription-opioids", "methadone", "buprenorphine", "xylazine", "cocaine", "methamphetamine", "benzodiazepines", "alcohol", "cannabis", "other"];

    public static readonly string[] Routes = ["oral", "smoked", "intranasal", "injection"];

    public static readonly string[] PriorTreatments =
        ["methadone", "buprenorphine", "naltrexone", "withdrawal-management", "residential", "outpatient-counseling", "mutual-help"];

    public static readonly string[] MentalHealthDiagnoses = ["depression", "anxiety", "ptsd", "bipolar", "schizophrenia", "adhd", "other"];

    public static readonly string[] FamilyMembers = ["parent", "sibling", "grandparent", "other"];

    /// <summary>Yes/no history questions: (field, question, domain heading).</summary>
    public static readonly (string Field, string Question, string Section)[] HistoryQuestions =
    [
        ("chronicPain", "Lives with chronic pain", "Prescription-opioid pathway"),
        ("priorOpioidPrescriptions", "Has been prescribed opioids before", "Prescription-opioid pathway"),
        ("firstOpioidWasPrescribed", "First opioid was a prescription", "Prescription-opioid pathway"),
        ("familyHistoryOfAddiction", "Family history of addiction", "Genetic and family history"),
        ("traumaHistory", "Has lived through trauma", "Psychological"),
        ("highStress", "Under high stress now", "Psychological"),
        ("priorSuicideAttempt", "Has attempted suicide before", "Mental health"),
        ("peersWhoUse", "Friends or peers who use", "Social"),
        ("peerPressure", "Feels pressure from others to use", "Social"),
        ("sociallyIsolated", "Socially isolated", "Social"),
        ("easyAccessToOpioids", "Easy access to opioids", "Availability and access"),
        ("livesWithSomeoneWhoUses", "Lives with someone who uses", "Availability and access"),
    ];

    public static readonly (string Field, string Label)[] ComplicationQuestions =
    [
        ("endocarditisSigns", "Signs of endocarditis (fever with new heart murmur, injection use)"),
        ("skinOrSoftTissueInfection", "Abscess or skin / soft-tissue infection"),
        ("collapsedVeins", "Collapsed or scarred veins"),
        ("lungDisease", "Lung disease (COPD, asthma, pneumonia, tuberculosis)"),
    ];

    public static readonly (string Field, string Label)[] AsamDimensions =
    [
        ("withdrawal", "1. Acute intoxication and/or withdrawal potential"),
        ("biomedical", "2. Biomedical conditions and complications"),
        ("emotionalBehavioralCognitive", "3. Emotional, behavioral or cognitive conditions"),
        ("readinessToChange", "4. Readiness to change"),
        ("relapsePotential", "5. Relapse, continued use or continued problem potential"),
        ("recoveryEnvironment", "6. Recovery / living environment"),
    ];

    public static string Kebab<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>A category in words, as a form shows it ("no-show" → "no show").</summary>
    public static string Words<T>(T value) where T : struct, Enum => Kebab(value).Replace('-', ' ');

    /// <summary>The enum value a stored kebab-case name stands for ("no-show" → NoShow); the inverse of <see cref="Kebab{T}"/>.</summary>
    public static T FromKebab<T>(string value) where T : struct, Enum =>
        Enum.Parse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);

    public static AssessmentContent Read(IFormCollection form, FieldErrors errors)
    {
        bool Yes(string name) => form[name].Any(v => v is "true" or "on" or "yes");

        int? Int(string name, int min, int max)
        {
            var text = form[name].ToString().Trim();
            if (text.Length == 0)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            errors.Add(name, $"{name[(name.IndexOf('.') + 1)..]} must be a whole number from {min} to {max}.");
            return null;
        }

        DateOnly? Date(string name)
        {
            var text = form[name].ToString().Trim();
            if (text.Length == 0)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            errors.Add(name, $"{name[(name.IndexOf('.') + 1)..]} '{text}' is not a date (YYYY-MM-DD).");
            return null;
        }

        TEnum Choice<TEnum>(string name) where TEnum : struct, Enum
        {
            var text = form[name].ToString();
            return Enum.GetValues<TEnum>().FirstOrDefault(e => Kebab(e) == text);
        }

        IReadOnlyList<string> Checked(string name, string[] allowed) =>
            form[name].Where(v => v is not null && allowed.Contains(v)).Select(v => v!).Distinct().ToList();

        var substances = SubstanceNames
            .Where(s => Yes($"s.{s}"))
            .Select(s => new SubstanceUse(s, Checked($"s.{s}.routes", Routes), Choice<UseFrequency>($"s.{s}.frequency")))
            .ToList();

        var history = new IntakeHistory
        {
            Substances = substances,
            AgeFirstOpioidUse = Int("h.ageFirstOpioidUse", 5, 100),
            LastOpioidUse = Date("h.lastOpioidUse"),
            LastOpioidSubstance = form["h.lastOpioidSubstance"].ToString().Trim() is { Length: > 0 } last ? last[..Math.Min(last.Length, 60)] : null,
            LifetimeOverdoses = Int("h.lifetimeOverdoses", 0, 200) ?? 0,
            LastOverdose = Date("h.lastOverdose"),
            PriorTreatment = Checked("h.priorTreatment", PriorTreatments),
            ReleasedFromControlledEnvironment = Date("h.releasedFromControlledEnvironment"),
            ChronicPain = Yes("h.chronicPain"),
            PriorOpioidPrescriptions = Yes("h.priorOpioidPrescriptions"),
            FirstOpioidWasPrescribed = Yes("h.firstOpioidWasPrescribed"),
            FamilyHistoryOfAddiction = Yes("h.familyHistoryOfAddiction"),
            FamilyMembersAffected = Checked("h.familyMembersAffected", FamilyMembers),
            TraumaHistory = Yes("h.traumaHistory"),
            HighStress = Yes("h.highStress"),
            MentalHealthDiagnoses = Checked("h.mentalHealthDiagnoses", MentalHealthDiagnoses),
            PriorSuicideAttempt = Yes("h.priorSuicideAttempt"),
            Housing = Choice<HousingStatus>("h.housing"),
            Employment = Choice<EmploymentStatus>("h.employment"),
            Education = Choice<EducationLevel>("h.education"),
            PeersWhoUse = Yes("h.peersWhoUse"),
            PeerPressure = Yes("h.peerPressure"),
            SocialSupport = Choice<SupportLevel>("h.socialSupport"),
            SociallyIsolated = Yes("h.sociallyIsolated"),
            EasyAccessToOpioids = Yes("h.easyAccessToOpioids"),
            LivesWithSomeoneWhoUses = Yes("h.livesWithSomeoneWhoUses"),
            Pregnancy = Choice<PregnancyStatus>("h.pregnancy"),
            Reporting = new StateReportingAnswers
            {
                Race = Choice<Race>("r.race"),
                Ethnicity = Choice<Ethnicity>("r.ethnicity"),
                MaritalStatus = Choice<MaritalStatus>("r.maritalStatus"),
                Veteran = form["r.veteran"].ToString() switch { "true" => true, "false" => false, _ => null },
                WorkHours = Choice<WorkHours>("r.workHours"),
                LivingArrangement = Choice<LivingArrangement>("r.livingArrangement"),
                IncomeSource = Choice<IncomeSource>("r.incomeSource"),
                SchoolYears = Int("r.schoolYears", 0, 25),
                ArrestsPast30Days = Int("r.arrestsPast30Days", 0, 99),
                MutualHelpMeetingsPast30Days = Int("r.mutualHelpMeetingsPast30Days", 0, 200),
            },
            Complications = new ComplicationsScreen
            {
                EndocarditisSigns = Yes("c.endocarditisSigns"),
                SkinOrSoftTissueInfection = Yes("c.skinOrSoftTissueInfection"),
                CollapsedVeins = Yes("c.collapsedVeins"),
                LungDisease = Yes("c.lungDisease"),
                Hiv = Choice<InfectionStatus>("c.hiv"),
                HivLastTest = Date("c.hivLastTest"),
                HepatitisB = Choice<InfectionStatus>("c.hepatitisB"),
                HepatitisBLastTest = Date("c.hepatitisBLastTest"),
                HepatitisC = Choice<InfectionStatus>("c.hepatitisC"),
                HepatitisCLastTest = Date("c.hepatitisCLastTest"),
            },
        };

        var instruments = new Dictionary<string, ScoreRequest>(StringComparer.Ordinal);
        foreach (var definition in Registry.All)
        {
            var answers = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in definition.Items)
            {
                var text = form[$"i.{definition.Code}.{item.Id}"].ToString();
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    answers[item.Id] = value;
                }
            }

            if (answers.Count > 0)
            {
                instruments[definition.Code] = new ScoreRequest
                {
                    Answers = answers,
                    OnMedicalSupervision = Yes($"i.{definition.Code}.onMedicalSupervision"),
                    OnMaintenanceTherapy = Yes($"i.{definition.Code}.onMaintenanceTherapy"),
                    InControlledEnvironment = Yes($"i.{definition.Code}.inControlledEnvironment"),
                };
            }
        }

        AsamInput? asam = null;
        var ratings = AsamDimensions.Select(d => Int($"asam.{d.Field}", 0, 4)).ToArray();
        if (ratings.Any(r => r is not null) || form["asam.chosenLevel"].ToString().Length > 0)
        {
            asam = new AsamInput
            {
                Withdrawal = ratings[0],
                Biomedical = ratings[1],
                EmotionalBehavioralCognitive = ratings[2],
                ReadinessToChange = ratings[3],
                RelapsePotential = ratings[4],
                RecoveryEnvironment = ratings[5],
                MedicallyUnstable = Yes("asam.medicallyUnstable"),
                ChoosesMethadone = Yes("asam.choosesMethadone"),
                ChosenLevel = form["asam.chosenLevel"].ToString() is { Length: > 0 } level ? level : null,
                Reason = form["asam.reason"].ToString() is { Length: > 0 } reason ? reason.Trim() : null,
            };
        }

        return new AssessmentContent { History = history, Instruments = instruments, Asam = asam };
    }
}
