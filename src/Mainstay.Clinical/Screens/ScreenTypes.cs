namespace Mainstay.Clinical.Screens;

/// <summary>The analytes of Mainstay's opioid-treatment drug-screen panel, with their codes in the API and CSV import.</summary>
public enum Analyte
{
    Fentanyl,
    Norfentanyl,

    /// <summary>Opiates immunoassay (morphine, codeine; heroin is metabolized to morphine).</summary>
    Opiates,

    /// <summary>6-monoacetylmorphine, the heroin-specific metabolite.</summary>
    SixMam,
    Oxycodone,
    Buprenorphine,
    Norbuprenorphine,
    Methadone,

    /// <summary>2-ethylidene-1,5-dimethyl-3,3-diphenylpyrrolidine, the methadone metabolite.</summary>
    Eddp,
    Benzodiazepines,
    Cocaine,
    Amphetamines,
    Xylazine,

    /// <summary>Ethyl glucuronide (alcohol).</summary>
    EtG,
}

public enum AnalyteResult
{
    Negative,
    Positive,
}

public enum SpecimenType
{
    Urine,
    OralFluid,
}

/// <summary>What the program prescribes or knows the patient takes, so expected results are not read as use.</summary>
/// <param name="Methadone">Methadone is ordered (or was dosed within the detection window).</param>
/// <param name="Buprenorphine">Buprenorphine is ordered.</param>
/// <param name="PrescribedOpioids">Other prescribed opioids, e.g. "oxycodone", "fentanyl", "morphine", "codeine".</param>
/// <param name="Benzodiazepines">A benzodiazepine is prescribed.</param>
public sealed record ScreenContext(
    bool Methadone,
    bool Buprenorphine,
    IReadOnlyCollection<string>? PrescribedOpioids = null,
    bool Benzodiazepines = false)
{
    public static ScreenContext None { get; } = new(false, false);

    internal bool Prescribed(string opioid) =>
        PrescribedOpioids?.Any(o => string.Equals(o.Trim(), opioid, StringComparison.OrdinalIgnoreCase)) == true;
}

/// <summary>The specimen checks made at collection and by the lab. Null means not measured.</summary>
/// <param name="Type">Urine or oral fluid.</param>
/// <param name="Observed">The collection was observed by staff.</param>
/// <param name="TemperatureC">Urine temperature read within 4 minutes of collection, °C.</param>
/// <param name="CreatinineMgPerDl">Urine creatinine, mg/dL.</param>
/// <param name="SpecificGravity">Urine specific gravity, e.g. 1.0150.</param>
/// <param name="Ph">Urine pH.</param>
/// <param name="AdulterantDetected">The lab found an oxidant or other adulterant.</param>
public sealed record SpecimenChecks(
    SpecimenType Type,
    bool Observed,
    decimal? TemperatureC = null,
    decimal? CreatinineMgPerDl = null,
    decimal? SpecificGravity = null,
    decimal? Ph = null,
    bool AdulterantDetected = false);

/// <summary>valid, dilute, substituted, adulterated, invalid, or temperature out of range.</summary>
public enum SpecimenValidity
{
    Valid,
    Dilute,
    Substituted,
    Adulterated,
    Invalid,
    TemperatureOutOfRange,
}

public enum FindingSeverity
{
    Info,
    Warning,
    Danger,
}

/// <summary>One thing the screen says, for the chart and for alerts.</summary>
/// <param name="Code">Stable id, e.g. "fentanyl-positive", "methadone-without-eddp".</param>
/// <param name="Severity">Danger findings raise an alert.</param>
/// <param name="Message">What it means and what to do, for the clinician.</param>
/// <param name="Source">Where the reading comes from (docs/CLINICAL.md).</param>
public sealed record ScreenFinding(string Code, FindingSeverity Severity, string Message, string Source);

/// <summary>The interpretation of one screen.</summary>
/// <param name="Validity">Whether the specimen can be trusted at all.</param>
/// <param name="Findings">What the results mean against the prescribed medications; danger first.</param>
/// <param name="IllicitOpioidUse">Any opioid that is not prescribed: fentanyl, heroin (6-MAM), opiates, oxycodone, unprescribed methadone or buprenorphine.</param>
/// <param name="FentanylUse">Fentanyl or norfentanyl positive and fentanyl not prescribed.</param>
/// <param name="PossibleDiversion">The prescribed medication or its metabolite is missing, or the parent drug is present without its metabolite.</param>
/// <param name="OpioidNegative">
/// Every opioid analyte tested came back negative apart from the prescribed medication, and the specimen is valid — the
/// "opioid-negative screen" of the outcome reports. False when no opioid analyte was tested.
/// </param>
public sealed record ScreenReading(
    SpecimenValidity Validity,
    IReadOnlyList<ScreenFinding> Findings,
    bool IllicitOpioidUse,
    bool FentanylUse,
    bool PossibleDiversion,
    bool OpioidNegative)
{
    public bool Has(string code) => Findings.Any(f => f.Code == code);
}
