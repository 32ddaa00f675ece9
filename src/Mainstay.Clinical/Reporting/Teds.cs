using System.Globalization;
using Mainstay.Clinical.Assessment;

namespace Mainstay.Clinical.Reporting;

/// <summary>
/// What one treatment episode tells the state's Treatment Episode Data Set (TEDS) report. Names are Mainstay's wire
/// names (level of care "opioid-treatment-program", sex "female", referrer "court"…); <see cref="Teds"/> turns them
/// into the codebook's codes.
/// </summary>
public sealed record TedsEpisode
{
    /// <summary>The episode's identifier: one admission and its discharge share it.</summary>
    public required string CaseId { get; init; }

    /// <summary>The person's identifier inside the program, the same in every episode (not a name, MRN or SSN).</summary>
    public required string ClientId { get; init; }

    /// <summary>The reporting provider (the site's code).</summary>
    public required string ProviderId { get; init; }

    public required DateOnly AdmittedOn { get; init; }
    public DateOnly? BirthDate { get; init; }

    /// <summary>female, male, intersex or unknown.</summary>
    public string Sex { get; init; } = "unknown";

    /// <summary>opioid-treatment-program, office-based-opioid-treatment, withdrawal-management, residential, intensive-outpatient or outpatient.</summary>
    public required string LevelOfCare { get; init; }

    /// <summary>methadone, buprenorphine, naltrexone, undecided or none.</summary>
    public string PlannedMedication { get; init; } = "undecided";

    /// <summary>"self" when the person asked for treatment themselves; otherwise the referrer's kind; null when not recorded.</summary>
    public string? Referral { get; init; }

    public int? DaysWaited { get; init; }

    /// <summary>Episodes of this person in the program before this one.</summary>
    public int EarlierEpisodes { get; init; }

    /// <summary>medicaid, medicare, private-insurance, state-funded, self-pay, sliding-scale, uninsured or unknown.</summary>
    public string? Payer { get; init; }

    /// <summary>The episode's intake history, or null when no intake assessment was completed.</summary>
    public IntakeHistory? Intake { get; init; }

    /// <summary>
    /// The race and ethnicity the chart holds (from an earlier intake or a record received from another system): reported
    /// when this episode's intake left them unknown.
    /// </summary>
    public Race ChartRace { get; init; } = Race.Unknown;

    public Ethnicity ChartEthnicity { get; init; } = Ethnicity.Unknown;

    public DateOnly? DischargedOn { get; init; }

    /// <summary>The TEDS reason for discharge (1–7), as set at discharge.</summary>
    public int? DischargeReason { get; init; }

    /// <summary>Whether a drug screen in the 30 days before discharge showed illicit opioid use (null when none was resulted).</summary>
    public bool? OpioidUseOnScreensBeforeDischarge { get; init; }
}

/// <summary>A field that keeps a record out of the state's file, and why.</summary>
public sealed record TedsProblem(string Field, string Reason);

/// <summary>One TEDS record: its fields in file order (codebook names and codes) and the problems that keep it out of the file.</summary>
public sealed record TedsRecord(IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<TedsProblem> Problems)
{
    public bool Accepted => Problems.Count == 0;

    public string this[string field] => Fields.First(f => f.Key == field).Value;
}

/// <summary>
/// SAMHSA's Treatment Episode Data Set: an admission record and a discharge record per treatment episode, with the
/// field names and codes of the public-use codebooks (TEDS-A 2000–2019 and TEDS-D 2019, DS0001; docs/CLINICAL.md).
/// -9 is the codebook's "missing/unknown/not collected/invalid". A record is refused only for a field the state cannot
/// take as unknown: the age group (TEDS covers ages 12 and over), the service setting, the primary substance, and at
/// discharge the reason and length of stay. Pure.
/// </summary>
public static class Teds
{
    public const int Missing = -9;

    /// <summary>Substance flags of the admission record, in codebook order, with the SUB code each one reports.</summary>
    public static readonly IReadOnlyList<(string Field, int Substance)> Flags =
    [
        ("ALCFLG", 2), ("COKEFLG", 3), ("MARFLG", 4), ("HERFLG", 5), ("METHFLG", 6), ("OPSYNFLG", 7), ("PCPFLG", 8),
        ("HALLFLG", 9), ("MTHAMFLG", 10), ("AMPHFLG", 11), ("STIMFLG", 12), ("BENZFLG", 13), ("TRNQFLG", 14),
        ("BARBFLG", 15), ("SEDHPFLG", 16), ("INHFLG", 17), ("OTCFLG", 18), ("OTHERFLG", 19),
    ];

    public static readonly IReadOnlyList<string> AdmissionFields =
    [
        "RECTYPE", "PROVIDER", "CLIENTID", "CASEID", "ADMDATE", "ADMYR", "AGE", "GENDER", "RACE", "ETHNIC", "MARSTAT",
        "EDUC", "EMPLOY", "DETNLF", "PREG", "VET", "LIVARAG", "PRIMINC", "ARRESTS", "SERVICES", "METHUSE", "DAYWAIT",
        "PSOURCE", "DETCRIM", "NOPRIOR", "SUB1", "ROUTE1", "FREQ1", "FRSTUSE1", "SUB2", "ROUTE2", "FREQ2", "FRSTUSE2",
        "SUB3", "ROUTE3", "FREQ3", "FRSTUSE3", "IDU", .. Flags.Select(f => f.Field), "ALCDRUG", "DSMCRIT", "PSYPROB",
        "HLTHINS", "PRIMPAY", "FREQ_ATND_SELF_HELP",
    ];

    public static readonly IReadOnlyList<string> DischargeFields =
    [
        "RECTYPE", "PROVIDER", "CLIENTID", "CASEID", "ADMDATE", "DISDATE", "DISYR", "LOS", "REASON", "SERVICES_D",
        "SUB1_D", "FREQ1_D", "SUB2_D", "FREQ2_D", "SUB3_D", "FREQ3_D", "EMPLOY_D", "DETNLF_D", "LIVARAG_D",
        "ARRESTS_D", "FREQ_ATND_SELF_HELP_D",
    ];

    /// <summary>The admission record of an episode.</summary>
    public static TedsRecord Admission(TedsEpisode episode)
    {
        var problems = new List<TedsProblem>();
        var intake = episode.Intake;
        var answers = intake?.Reporting ?? new StateReportingAnswers();
        var substances = Substances(intake);
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string field, object value) => fields.Add(new(field, Convert.ToString(value, CultureInfo.InvariantCulture)!));

        Add("RECTYPE", "A");
        Keys(episode, Add);
        Add("ADMDATE", Date(episode.AdmittedOn));
        Add("ADMYR", episode.AdmittedOn.Year);

        var age = AgeGroup(episode.BirthDate, episode.AdmittedOn, out var ageProblem);
        if (ageProblem is not null)
        {
            problems.Add(new("AGE", ageProblem));
        }

        Add("AGE", age);
        Add("GENDER", Gender(episode.Sex));
        Add("RACE", RaceCode(answers.Race != Race.Unknown ? answers.Race : episode.ChartRace));
        Add("ETHNIC", EthnicCode(answers.Ethnicity != Ethnicity.Unknown ? answers.Ethnicity : episode.ChartEthnicity));
        Add("MARSTAT", MaritalCode(answers.MaritalStatus));
        Add("EDUC", Education(answers.SchoolYears, intake?.Education ?? EducationLevel.Unknown));
        Add("EMPLOY", Employment(intake?.Employment ?? EmploymentStatus.Unknown, answers.WorkHours));
        Add("DETNLF", intake?.Employment == EmploymentStatus.Student ? 2 : Missing);
        Add("PREG", Pregnancy(episode.Sex, intake?.Pregnancy ?? PregnancyStatus.Unknown));
        Add("VET", answers.Veteran switch { true => 1, false => 2, null => Missing });
        Add("LIVARAG", Living(answers.LivingArrangement, intake?.Housing ?? HousingStatus.Unknown));
        Add("PRIMINC", Income(answers.IncomeSource));
        Add("ARRESTS", Arrests(answers.ArrestsPast30Days));

        var services = Services(episode.LevelOfCare);
        if (services == Missing)
        {
            problems.Add(new("SERVICES", $"Level of care '{episode.LevelOfCare}' has no TEDS service setting."));
        }

        Add("SERVICES", services);
        Add("METHUSE", MedicationAssisted(episode.PlannedMedication));
        Add("DAYWAIT", DayWait(episode.DaysWaited));
        Add("PSOURCE", ReferralSource(episode.Referral));
        Add("DETCRIM", Missing);
        Add("NOPRIOR", PriorTreatment(episode.EarlierEpisodes, intake));

        if (substances.Count == 0)
        {
            problems.Add(new("SUB1", intake is null
                ? "No completed intake assessment records the substances used."
                : "The intake assessment records no substance used."));
        }

        for (var i = 0; i < 3; i++)
        {
            var s = i < substances.Count ? substances[i] : null;
            Add($"SUB{i + 1}", s?.Code ?? (i == 0 ? Missing : 1));
            Add($"ROUTE{i + 1}", s is null ? Missing : Route(s.Routes));
            Add($"FREQ{i + 1}", s is null ? Missing : Frequency(s.Frequency));
            Add($"FRSTUSE{i + 1}", s is not null && IsOpioid(s.Code) ? FirstUseAge(intake?.AgeFirstOpioidUse) : Missing);
        }

        Add("IDU", substances.Count == 0 ? Missing : substances.Any(s => s.Routes.Contains("injection")) ? 1 : 0);
        foreach (var (field, code) in Flags)
        {
            Add(field, substances.Any(s => s.Code == code) ? 1 : 0);
        }

        var alcohol = substances.Any(s => s.Code == 2);
        var drugs = substances.Any(s => s.Code != 2);
        Add("ALCDRUG", (alcohol, drugs) switch { (false, false) => 0, (true, false) => 1, (false, true) => 2, _ => 3 });
        Add("DSMCRIT", Missing);
        Add("PSYPROB", intake is null ? Missing : intake.MentalHealthDiagnoses.Count > 0 ? 1 : 2);
        var (insurance, payment) = Payment(episode.Payer);
        Add("HLTHINS", insurance);
        Add("PRIMPAY", payment);
        Add("FREQ_ATND_SELF_HELP", SelfHelp(answers.MutualHelpMeetingsPast30Days));
        return new TedsRecord(fields, problems);
    }

    /// <summary>The discharge record of a discharged episode; it repeats the admission's keys and substances.</summary>
    public static TedsRecord Discharge(TedsEpisode episode)
    {
        var problems = new List<TedsProblem>();
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string field, object value) => fields.Add(new(field, Convert.ToString(value, CultureInfo.InvariantCulture)!));
        var substances = Substances(episode.Intake);

        Add("RECTYPE", "D");
        Keys(episode, Add);
        Add("ADMDATE", Date(episode.AdmittedOn));
        if (episode.DischargedOn is not { } discharged)
        {
            problems.Add(new("DISDATE", "The episode is not discharged."));
            discharged = episode.AdmittedOn;
            Add("DISDATE", "");
        }
        else
        {
            Add("DISDATE", Date(discharged));
        }

        Add("DISYR", discharged.Year);
        var los = LengthOfStay(episode.AdmittedOn, discharged);
        if (los == Missing)
        {
            problems.Add(new("LOS", "The discharge date is before the admission date."));
        }

        Add("LOS", los);
        if (episode.DischargeReason is not (>= 1 and <= 7))
        {
            problems.Add(new("REASON", "No reason for discharge is recorded."));
        }

        Add("REASON", episode.DischargeReason is >= 1 and <= 7 ? episode.DischargeReason.Value : Missing);
        var services = Services(episode.LevelOfCare);
        if (services == Missing)
        {
            problems.Add(new("SERVICES_D", $"Level of care '{episode.LevelOfCare}' has no TEDS service setting."));
        }

        Add("SERVICES_D", services);
        for (var i = 0; i < 3; i++)
        {
            var s = i < substances.Count ? substances[i] : null;
            Add($"SUB{i + 1}_D", s?.Code ?? (i == 0 ? Missing : 1));
            Add($"FREQ{i + 1}_D", s is not null && IsOpioid(s.Code) && episode.OpioidUseOnScreensBeforeDischarge == true ? 2 : Missing);
        }

        Add("EMPLOY_D", Missing);
        Add("DETNLF_D", Missing);
        Add("LIVARAG_D", Missing);
        Add("ARRESTS_D", Missing);
        Add("FREQ_ATND_SELF_HELP_D", Missing);
        return new TedsRecord(fields, problems);
    }

    private static void Keys(TedsEpisode episode, Action<string, object> add)
    {
        add("PROVIDER", episode.ProviderId);
        add("CLIENTID", episode.ClientId);
        add("CASEID", episode.CaseId);
    }

    private static string Date(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>AGE: 1 12–14, 2 15–17, 3 18–20, 4 21–24, 5 25–29, 6 30–34 … 10 50–54, 11 55–64, 12 65 and over.</summary>
    public static int AgeGroup(int years) => years switch
    {
        < 12 => Missing,
        <= 14 => 1,
        <= 17 => 2,
        <= 20 => 3,
        <= 24 => 4,
        < 55 => 5 + ((years - 25) / 5),
        < 65 => 11,
        _ => 12,
    };

    private static int AgeGroup(DateOnly? birthDate, DateOnly on, out string? problem)
    {
        problem = null;
        if (birthDate is not { } born)
        {
            problem = "No birth date is recorded.";
            return Missing;
        }

        var years = on.Year - born.Year - (on < born.AddYears(on.Year - born.Year) ? 1 : 0);
        if (years < 12)
        {
            problem = years < 0
                ? "The birth date is after the admission date."
                : $"Age at admission is {years}; TEDS covers ages 12 and over.";
            return Missing;
        }

        return AgeGroup(years);
    }

    /// <summary>GENDER: 1 male, 2 female; intersex and unknown are -9 (the codebook has no other code).</summary>
    public static int Gender(string sex) => sex switch { "male" => 1, "female" => 2, _ => Missing };

    public static int RaceCode(Race race) => race switch
    {
        Race.AlaskaNative => 1,
        Race.AmericanIndian => 2,
        Race.BlackOrAfricanAmerican => 4,
        Race.White => 5,
        Race.Asian => 6,
        Race.OtherSingleRace => 7,
        Race.TwoOrMoreRaces => 8,
        Race.NativeHawaiianOrPacificIslander => 9,
        _ => Missing,
    };

    public static int EthnicCode(Ethnicity ethnicity) => ethnicity switch
    {
        Ethnicity.PuertoRican => 1,
        Ethnicity.Mexican => 2,
        Ethnicity.CubanOrOtherSpecificHispanic => 3,
        Ethnicity.NotHispanicOrLatino => 4,
        Ethnicity.HispanicOrLatinoUnspecified => 5,
        _ => Missing,
    };

    public static int MaritalCode(MaritalStatus status) => status switch
    {
        MaritalStatus.NeverMarried => 1,
        MaritalStatus.Married => 2,
        MaritalStatus.Separated => 3,
        MaritalStatus.DivorcedOrWidowed => 4,
        _ => Missing,
    };

    /// <summary>
    /// EDUC from years of school: 1 eight or fewer, 2 grades 9–11, 3 grade 12 or GED, 4 one to three years of college,
    /// 5 four years or more. Without the years, only the intake's "high school" and "some college" say which code.
    /// </summary>
    public static int Education(int? schoolYears, EducationLevel level) => schoolYears switch
    {
        < 0 => Missing,
        <= 8 => 1,
        <= 11 => 2,
        12 => 3,
        <= 15 => 4,
        > 15 => 5,
        null => level switch { EducationLevel.HighSchool => 3, EducationLevel.SomeCollege => 4, _ => Missing },
    };

    /// <summary>EMPLOY: 1 full-time, 2 part-time, 3 unemployed, 4 not in labor force (students included).</summary>
    public static int Employment(EmploymentStatus status, WorkHours hours) => status switch
    {
        EmploymentStatus.Employed => hours switch { WorkHours.FullTime => 1, WorkHours.PartTime => 2, _ => Missing },
        EmploymentStatus.Unemployed => 3,
        EmploymentStatus.NotInLaborForce or EmploymentStatus.Student => 4,
        _ => Missing,
    };

    /// <summary>PREG: 1 yes, 2 no; asked of women only (-9 for everyone else and when not known).</summary>
    public static int Pregnancy(string sex, PregnancyStatus status) => sex != "female" ? Missing : status switch
    {
        PregnancyStatus.Pregnant => 1,
        PregnancyStatus.NotPregnant => 2,
        _ => Missing,
    };

    /// <summary>LIVARAG: 1 homeless, 2 dependent living, 3 independent living; the intake's "homeless" is 1 without the detailed answer.</summary>
    public static int Living(LivingArrangement arrangement, HousingStatus housing) => arrangement switch
    {
        LivingArrangement.Homeless => 1,
        LivingArrangement.Dependent => 2,
        LivingArrangement.Independent => 3,
        _ => housing == HousingStatus.Homeless ? 1 : Missing,
    };

    public static int Income(IncomeSource source) => source switch
    {
        IncomeSource.Wages => 1,
        IncomeSource.PublicAssistance => 2,
        IncomeSource.RetirementOrDisability => 3,
        IncomeSource.Other => 4,
        IncomeSource.None => 5,
        _ => Missing,
    };

    /// <summary>ARRESTS (past 30 days): 0 none, 1 once, 2 two or more.</summary>
    public static int Arrests(int? count) => count switch { null or < 0 => Missing, 0 => 0, 1 => 1, _ => 2 };

    /// <summary>
    /// SERVICES: outpatient programs that dose (OTP, office-based) and outpatient counseling are 7 (ambulatory,
    /// non-intensive); intensive outpatient 6; withdrawal management with a bed 2 (detox, 24-hour, free-standing
    /// residential); residential 4 (short term, 30 days or fewer, the planned stay of Mainstay's residential level).
    /// </summary>
    public static int Services(string levelOfCare) => levelOfCare switch
    {
        "opioid-treatment-program" or "office-based-opioid-treatment" or "outpatient" => 7,
        "intensive-outpatient" => 6,
        "withdrawal-management" => 2,
        "residential" => 4,
        _ => Missing,
    };

    /// <summary>METHUSE: 1 when methadone or buprenorphine is planned, 2 when another or no medication is, -9 when undecided.</summary>
    public static int MedicationAssisted(string plannedMedication) => plannedMedication switch
    {
        "methadone" or "buprenorphine" => 1,
        "naltrexone" or "none" => 2,
        _ => Missing,
    };

    /// <summary>DAYWAIT: 0 none, 1 one to 7 days, 2 8–14, 3 15–30, 4 31 or more.</summary>
    public static int DayWait(int? days) => days switch
    {
        null or < 0 => Missing,
        0 => 0,
        <= 7 => 1,
        <= 14 => 2,
        <= 30 => 3,
        _ => 4,
    };

    /// <summary>
    /// PSOURCE: 1 individual (self), 2 alcohol/drug use care provider (another treatment program), 3 other health care
    /// provider (emergency department, hospital, primary care), 6 other community referral, 7 court or criminal justice.
    /// </summary>
    public static int ReferralSource(string? referral) => referral switch
    {
        "self" => 1,
        "other-treatment-program" => 2,
        "emergency-department" or "hospital" or "primary-care" => 3,
        "community" or "other" => 6,
        "court" => 7,
        _ => Missing,
    };

    /// <summary>NOPRIOR: 1 when the person had an earlier episode here or reports earlier treatment (mutual help is not treatment), 0 when the intake reports none.</summary>
    public static int PriorTreatment(int earlierEpisodes, IntakeHistory? intake) =>
        earlierEpisodes > 0 || intake?.PriorTreatment.Any(t => t != "mutual-help") == true ? 1 : intake is null ? Missing : 0;

    /// <summary>The TEDS substance code (SUB1–3) of an intake substance.</summary>
    public static int SubstanceCode(string substance) => substance switch
    {
        "alcohol" => 2,
        "cocaine" => 3,
        "cannabis" => 4,
        "heroin" => 5,
        "methadone" => 6,
        "fentanyl" or "prescription-opioids" or "buprenorphine" => 7,
        "methamphetamine" => 10,
        "benzodiazepines" => 13,
        _ => 19,
    };

    private static bool IsOpioid(int code) => code is 5 or 6 or 7;

    /// <summary>ROUTE: 1 oral, 2 smoking, 3 inhalation (snorting), 4 injection; of several routes the one with most harm is reported (injection, then smoking, inhalation, oral).</summary>
    public static int Route(IReadOnlyCollection<string> routes) =>
        routes.Contains("injection") ? 4 : routes.Contains("smoked") ? 2 : routes.Contains("intranasal") ? 3 : routes.Contains("oral") ? 1 : Missing;

    /// <summary>FREQ: 1 no use in the past month, 2 some use, 3 daily use.</summary>
    public static int Frequency(UseFrequency frequency) => frequency switch
    {
        UseFrequency.NotInPastMonth => 1,
        UseFrequency.Weekly => 2,
        UseFrequency.Daily or UseFrequency.SeveralTimesDaily => 3,
        _ => Missing,
    };

    /// <summary>FRSTUSE: 1 eleven and under, 2 12–14, 3 15–17, 4 18–20, 5 21–24, 6 25–29, 7 thirty and over.</summary>
    public static int FirstUseAge(int? age) => age switch
    {
        null or < 0 => Missing,
        <= 11 => 1,
        <= 14 => 2,
        <= 17 => 3,
        <= 20 => 4,
        <= 24 => 5,
        <= 29 => 6,
        _ => 7,
    };

    /// <summary>HLTHINS and PRIMPAY from the payer recorded at the first contact.</summary>
    public static (int Insurance, int Payment) Payment(string? payer) => payer switch
    {
        "private-insurance" => (1, 2),
        "medicaid" => (2, 4),
        "medicare" => (3, 3),
        "uninsured" => (4, Missing),
        "state-funded" => (Missing, 5),
        "self-pay" or "sliding-scale" => (Missing, 1),
        _ => (Missing, Missing),
    };

    /// <summary>FREQ_ATND_SELF_HELP: 1 none, 2 one to three meetings, 3 four to seven, 4 eight to thirty.</summary>
    public static int SelfHelp(int? meetings) => meetings switch
    {
        null or < 0 => Missing,
        0 => 1,
        <= 3 => 2,
        <= 7 => 3,
        _ => 4,
    };

    /// <summary>LOS: days from admission to discharge (a same-day discharge is one day), 1–30 as themselves, then 31 (31–45), 32 (46–60), 33 (61–90), 34 (91–120), 35 (121–180), 36 (181–365), 37 (more than a year).</summary>
    public static int LengthOfStay(DateOnly admitted, DateOnly discharged)
    {
        var days = discharged.DayNumber - admitted.DayNumber;
        return days switch
        {
            < 0 => Missing,
            <= 30 => Math.Max(1, days),
            <= 45 => 31,
            <= 60 => 32,
            <= 90 => 33,
            <= 120 => 34,
            <= 180 => 35,
            <= 365 => 36,
            _ => 37,
        };
    }

    private sealed record ReportedSubstance(int Code, IReadOnlyCollection<string> Routes, UseFrequency Frequency);

    /// <summary>
    /// The substances of the intake in TEDS order: opioids first (an opioid treatment admission's primary problem), then
    /// by how often used, then as listed; substances with the same TEDS code are one (routes joined, most frequent use).
    /// </summary>
    private static List<ReportedSubstance> Substances(IntakeHistory? intake)
    {
        if (intake is null)
        {
            return [];
        }

        return intake.Substances
            .Select((s, i) => (Use: s, Index: i, Code: SubstanceCode(s.Substance)))
            .GroupBy(x => x.Code)
            .Select(g => (
                Substance: new ReportedSubstance(g.Key, g.SelectMany(x => x.Use.Routes).Distinct().ToList(), g.Max(x => x.Use.Frequency)),
                Index: g.Min(x => x.Index)))
            .OrderByDescending(x => IsOpioid(x.Substance.Code))
            .ThenByDescending(x => Rank(x.Substance.Frequency))
            .ThenBy(x => x.Index)
            .Select(x => x.Substance)
            .ToList();
    }

    private static int Rank(UseFrequency frequency) => frequency switch
    {
        UseFrequency.SeveralTimesDaily => 4,
        UseFrequency.Daily => 3,
        UseFrequency.Weekly => 2,
        UseFrequency.Unknown => 1,
        _ => 0,
    };
}
