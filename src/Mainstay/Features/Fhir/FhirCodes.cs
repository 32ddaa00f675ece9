using Mainstay.Clinical.Medication;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>The code systems and fixed codings Mainstay writes into FHIR resources (sources in docs/CLINICAL.md, "FHIR codes").</summary>
public static class FhirCodes
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string ConsentCategory = "http://loinc.org";
    public const string AuditEventType = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    public const string PurposeOfUse = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string EpisodeOfCareType = "http://terminology.hl7.org/CodeSystem/episodeofcare-type";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    /// <summary>Mainstay's kinds of session (cbt, group, case-management, ...), the Encounter's type.</summary>
    public const string SessionKind = "urn:mainstay:session-kind";
    /// <summary>HL7 v2 table 0203, the kinds of identifier (MR, SS, DL, PPN…).</summary>
    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";

    /// <summary>US Core's race and ethnicity extensions (OMB categories, detailed CDC concepts and the words).</summary>
    public const string UsCoreRace = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
    public const string UsCoreEthnicity = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";

    public const string UsCoreBirthSex = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex";

    /// <summary>Mainstay's sex at birth exactly as recorded (female, male, intersex, unknown): US Core's birth sex has no code for intersex.</summary>
    public const string SexAtBirthExtension = "urn:mainstay:sex-at-birth";

    /// <summary>Mainstay's own identifiers and local codes (URNs: they name, they do not resolve).</summary>
    public const string MrnSystem = "urn:mainstay:mrn";

    public const string InstrumentSystem = "urn:mainstay:instrument";

    /// <summary>Withdrawal severity categories 0 none, 1 mild, 2 moderate, 3 severe (docs/CLINICAL.md, the CTN-0094 harmonization).</summary>
    public const string WithdrawalCategorySystem = "urn:mainstay:withdrawal-category";
    public const string AnalyteSystem = "urn:mainstay:analyte";

    /// <summary>
    /// LOINC "[Presence] in Urine by Screen method" codes by Mainstay analyte code: only those whose number and long name two
    /// independent sources agree on (docs/CLINICAL.md, "FHIR codes"). Norfentanyl, norbuprenorphine, EDDP, 6-MAM and
    /// xylazine are left with Mainstay's code alone until checked at loinc.org.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Code, string Display)> UrineScreenLoinc = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["fentanyl"] = ("59673-4", "fentaNYL [Presence] in Urine by Screen method"),
        ["opiates"] = ("19295-5", "Opiates [Presence] in Urine by Screen method"),
        ["oxycodone"] = ("19642-8", "oxyCODONE [Presence] in Urine by Screen method"),
        ["buprenorphine"] = ("93494-3", "Buprenorphine [Presence] in Urine by Screen method"),
        ["methadone"] = ("19550-3", "Methadone [Presence] in Urine by Screen method"),
        ["benzodiazepines"] = ("14316-4", "Benzodiazepines [Presence] in Urine by Screen method"),
        ["cocaine"] = ("19359-9", "Cocaine [Presence] in Urine by Screen method"),
        ["amphetamines"] = ("19261-7", "Amphetamines [Presence] in Urine by Screen method"),
        ["etg"] = ("58375-7", "Ethyl glucuronide [Presence] in Urine by Screen method"),
    };
    /// <summary>LOINC codes of the FHIR vital-signs profile for what a withdrawal flowsheet records.</summary>
    public const string HeartRate = "8867-4", BloodPressurePanel = "85354-9", BodyTemperature = "8310-5", RespiratoryRate = "9279-1", OxygenSaturation = "2708-6";

    /// <summary>Mainstay's code for a withdrawal severity known only as a category (CTN-0094's harmonized 0–3).</summary>
    public const string WithdrawalCategoryCode = "withdrawal-category";

    public const string ScreenSystem = "urn:mainstay:drug-screen";
    public const string OutsideSourceSystem = "urn:mainstay:outside-source";

    /// <summary>The canonical URL of the Questionnaire of an instrument.</summary>
    public static string QuestionnaireUrl(string instrument) => "urn:mainstay:questionnaire:" + instrument;

    /// <summary>
    /// The short statement 42 CFR 2.32(a)(2) allows with each disclosure made with the patient's consent (wording of the
    /// 2024 revision; docs/CLINICAL.md, "42 CFR Part 2 on the wire").
    /// </summary>
    public const string RedisclosureNotice = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

    /// <summary>The labels every record of the program carries: restricted, substance use disorder, opioid use disorder, 42 CFR Part 2.</summary>
    public static R4.Meta Part2Meta() => new()
    {
        Security =
        [
            new R4.Coding(Confidentiality, "R", "restricted"),
            new R4.Coding(ActCode, "SUD", "substance use disorder information sensitivity"),
            new R4.Coding(ActCode, "OPIOIDUD", "opioid substance use disorder information sensitivity"),
            new R4.Coding(ActCode, "42CFRPart2", "42 CFR Part2"),
        ],
    };

    /// <summary>The RxNorm ingredient of each medication for opioid use disorder (RxNav; see docs/CLINICAL.md).</summary>
    public static R4.Coding Ingredient(Moud medication) => medication switch
    {
        Moud.Methadone => new R4.Coding(RxNorm, "6813", "methadone"),
        Moud.Buprenorphine => new R4.Coding(RxNorm, "1819", "buprenorphine"),
        Moud.Naltrexone => new R4.Coding(RxNorm, "7243", "naltrexone"),
    };

    /// <summary>The medication named by an RxNorm ingredient code, or null.</summary>
    public static Moud? MedicationFor(string code) => code switch
    {
        "6813" => Moud.Methadone,
        "1819" => Moud.Buprenorphine,
        "7243" => Moud.Naltrexone,
        _ => null,
    };
}
