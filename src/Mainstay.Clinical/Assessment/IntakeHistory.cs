using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.Assessment;

/// <summary>
/// What an intake interview records about one person's use, health and life: the raw material of
/// the risk-factor profile. Every field is optional in a draft; unknown is a real answer.
/// </summary>
public sealed record IntakeHistory
{
    // --- substance use ---
    public IReadOnlyList<SubstanceUse> Substances { get; init; } = [];
    public int? AgeFirstOpioidUse { get; init; }
    public DateOnly? LastOpioidUse { get; init; }
    /// <summary>Substance of the last opioid use (e.g. "fentanyl", "heroin", "oxycodone").</summary>
    public string? LastOpioidSubstance { get; init; }
    public int LifetimeOverdoses { get; init; }
    public DateOnly? LastOverdose { get; init; }
    /// <summary>Earlier treatment: methadone, buprenorphine, naltrexone, withdrawal-management, residential, outpatient-counseling, mutual-help.</summary>
    public IReadOnlyList<string> PriorTreatment { get; init; } = [];
    /// <summary>Release from prison, jail, residential treatment or withdrawal management, when recent.</summary>
    public DateOnly? ReleasedFromControlledEnvironment { get; init; }

    // --- prescription-opioid pathway ---
    public bool ChronicPain { get; init; }
    public bool PriorOpioidPrescriptions { get; init; }
    public bool FirstOpioidWasPrescribed { get; init; }

    // --- genetic and family history ---
    public bool FamilyHistoryOfAddiction { get; init; }
    /// <summary>Who: parent, sibling, grandparent, other.</summary>
    public IReadOnlyList<string> FamilyMembersAffected { get; init; } = [];

    // --- psychological ---
    public bool TraumaHistory { get; init; }
    public bool HighStress { get; init; }

    // --- mental health history ---
    /// <summary>Diagnoses given before: depression, anxiety, ptsd, bipolar, schizophrenia, adhd, other.</summary>
    public IReadOnlyList<string> MentalHealthDiagnoses { get; init; } = [];
    public bool PriorSuicideAttempt { get; init; }

    // --- environmental ---
    public HousingStatus Housing { get; init; } = HousingStatus.Unknown;
    public EmploymentStatus Employment { get; init; } = EmploymentStatus.Unknown;
    public EducationLevel Education { get; init; } = EducationLevel.Unknown;

    // --- social ---
    public bool PeersWhoUse { get; init; }
    public bool PeerPressure { get; init; }
    public SupportLevel SocialSupport { get; init; } = SupportLevel.Unknown;
    public bool SociallyIsolated { get; init; }

    // --- availability and access ---
    public bool EasyAccessToOpioids { get; init; }
    public bool LivesWithSomeoneWhoUses { get; init; }

    // --- pregnancy and complications ---
    public PregnancyStatus Pregnancy { get; init; } = PregnancyStatus.Unknown;
    public ComplicationsScreen Complications { get; init; } = new();

    // --- asked for the state's treatment episode report (TEDS) ---
    public StateReportingAnswers Reporting { get; init; } = new();
}

/// <summary>
/// The admission questions a state's TEDS report asks that the clinical history does not: race, ethnicity, marital
/// status, veteran status, hours of work, living arrangement, years of school, arrests, mutual-help meetings and main
/// income, each with the categories of the SAMHSA TEDS codebook. Every answer may stay unknown.
/// </summary>
public sealed record StateReportingAnswers
{
    public Race Race { get; init; } = Race.Unknown;
    public Ethnicity Ethnicity { get; init; } = Ethnicity.Unknown;
    public MaritalStatus MaritalStatus { get; init; } = MaritalStatus.Unknown;
    public bool? Veteran { get; init; }

    /// <summary>For someone employed: full-time (35 hours a week or more) or part-time.</summary>
    public WorkHours WorkHours { get; init; } = WorkHours.Unknown;

    public LivingArrangement LivingArrangement { get; init; } = LivingArrangement.Unknown;

    /// <summary>Years of school completed (12 = high school or GED, 16 = a four-year degree).</summary>
    public int? SchoolYears { get; init; }

    public int? ArrestsPast30Days { get; init; }
    public int? MutualHelpMeetingsPast30Days { get; init; }
    public IncomeSource IncomeSource { get; init; } = IncomeSource.Unknown;
}

public enum Race { Unknown, AlaskaNative, AmericanIndian, Asian, BlackOrAfricanAmerican, NativeHawaiianOrPacificIslander, White, OtherSingleRace, TwoOrMoreRaces }

public enum Ethnicity { Unknown, NotHispanicOrLatino, PuertoRican, Mexican, CubanOrOtherSpecificHispanic, HispanicOrLatinoUnspecified }

public enum MaritalStatus { Unknown, NeverMarried, Married, Separated, DivorcedOrWidowed }

public enum WorkHours { Unknown, FullTime, PartTime }

/// <summary>TEDS living arrangement: homeless; dependent (supervised, or a child or adult living with and depending on others); independent.</summary>
public enum LivingArrangement { Unknown, Homeless, Dependent, Independent }

public enum IncomeSource { Unknown, Wages, PublicAssistance, RetirementOrDisability, Other, None }

/// <summary>One substance used: name (heroin, fentanyl, prescription-opioids, methadone, buprenorphine, xylazine, stimulants, cocaine, methamphetamine, benzodiazepines, alcohol, cannabis, other), routes (oral, smoked, intranasal, injection) and how often.</summary>
public sealed record SubstanceUse(string Substance, IReadOnlyList<string> Routes, UseFrequency Frequency = UseFrequency.Unknown);

public enum UseFrequency { Unknown, NotInPastMonth, Weekly, Daily, SeveralTimesDaily }

public enum HousingStatus { Unknown, Stable, Unstable, Homeless }

public enum EmploymentStatus { Unknown, Employed, Unemployed, NotInLaborForce, Student }

public enum EducationLevel { Unknown, LessThanHighSchool, HighSchool, SomeCollege, Degree }

public enum SupportLevel { Unknown, None, Some, Strong }

public enum PregnancyStatus { Unknown, NotApplicable, NotPregnant, Pregnant }

public enum InfectionStatus { Unknown, Negative, Positive }

/// <summary>Complications of use, especially injection: infections, veins, lungs, blood-borne viruses.</summary>
public sealed record ComplicationsScreen
{
    public bool EndocarditisSigns { get; init; }
    public bool SkinOrSoftTissueInfection { get; init; }
    public bool CollapsedVeins { get; init; }
    public bool LungDisease { get; init; }
    public InfectionStatus Hiv { get; init; } = InfectionStatus.Unknown;
    public DateOnly? HivLastTest { get; init; }
    public InfectionStatus HepatitisB { get; init; } = InfectionStatus.Unknown;
    public DateOnly? HepatitisBLastTest { get; init; }
    public InfectionStatus HepatitisC { get; init; } = InfectionStatus.Unknown;
    public DateOnly? HepatitisCLastTest { get; init; }
}

/// <summary>The instrument results the profile reads (each null when not done).</summary>
public sealed record InstrumentResults
{
    public int? Phq9Total { get; init; }
    public int? Phq9Item9 { get; init; }
    public int? Gad7Total { get; init; }
    public int? PcPtsd5Total { get; init; }
    public int? AceTotal { get; init; }
    /// <summary>ORT category label: low, moderate, high.</summary>
    public string? OrtCategory { get; init; }
    /// <summary>Social-needs screen item ids answered yes (housing, food, transportation, utilities, safety, employment, education, isolation).</summary>
    public IReadOnlyList<string> SocialNeeds { get; init; } = [];
    public OudSeverity? OudSeverity { get; init; }
    public int? CowsTotal { get; init; }
}

/// <summary>The seven domains of causes and risk factors, as DESIGN.md groups them.</summary>
public enum RiskDomain
{
    Psychological,
    MentalHealth,
    Environmental,
    Social,
    PrescriptionOpioidPathway,
    GeneticFamilyHistory,
    AvailabilityAccess,
}

/// <summary>One finding of the profile, with the evidence it came from (an answer, an instrument score).</summary>
public sealed record RiskFinding(RiskDomain Domain, string Code, string Text, string Evidence);

/// <summary>Something the care team must see first (self-harm answer, pregnancy, injection use, recent overdose, tolerance loss).</summary>
public sealed record ProfileAlert(string Code, AlertSeverity Severity, string Text, string Evidence);

/// <summary>A follow-up the screen calls for, e.g. "HCV test due", due within a number of days of the assessment.</summary>
public sealed record FollowUpNeed(string Code, string Text, int DueInDays, AlertSeverity Priority, string Evidence);

/// <summary>The risk-factor profile of one person at one assessment.</summary>
public sealed record RiskFactorProfile(
    IReadOnlyList<RiskFinding> Findings,
    IReadOnlyList<ProfileAlert> Alerts,
    IReadOnlyList<FollowUpNeed> FollowUps)
{
    public IEnumerable<IGrouping<RiskDomain, RiskFinding>> ByDomain() =>
        Findings.GroupBy(f => f.Domain).OrderBy(g => g.Key);

    public bool InjectionUse => Alerts.Any(a => a.Code == "injection-use");
}
