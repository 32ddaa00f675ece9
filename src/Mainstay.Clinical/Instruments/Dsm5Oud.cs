namespace Mainstay.Clinical.Instruments;

/// <summary>
/// DSM-5 (DSM-5-TR) criteria for opioid use disorder, as reproduced by BC Centre on Substance Use,
/// Appendix 2, and PMC6590307 Table 1. Eleven criteria within a 12-month period, each met (1) or
/// not (0). Tolerance (10) and withdrawal (11) are not counted for opioids taken solely under
/// appropriate medical supervision. Severity: 2–3 mild, 4–5 moderate, 6 or more severe.
/// </summary>
public static class Dsm5Oud
{
    public const string Code = "dsm5-oud";

    public const string ToleranceItem = "c10";
    public const string WithdrawalItem = "c11";
    public const string CravingItem = "c4";

    private static readonly string[] Criteria =
    [
        "Opioids are often taken in larger amounts or over a longer period than was intended.",
        "There is a persistent desire or unsuccessful efforts to cut down or control opioid use.",
        "A great deal of time is spent in activities necessary to obtain the opioid, use the opioid, or recover from its effects.",
        "Craving, or a strong desire or urge to use opioids.",
        "Recurrent opioid use resulting in a failure to fulfill major role obligations at work, school, or home.",
        "Continued opioid use despite having persistent or recurrent social or interpersonal problems caused or exacerbated by the effects of opioids.",
        "Important social, occupational, or recreational activities are given up or reduced because of opioid use.",
        "Recurrent opioid use in situations in which it is physically hazardous.",
        "Continued opioid use despite knowledge of having a persistent or recurrent physical or psychological problem that is likely to have been caused or exacerbated by the substance.",
        "Tolerance: a need for markedly increased amounts of opioids to achieve intoxication or desired effect, or a markedly diminished effect with continued use of the same amount.",
        "Withdrawal: the characteristic opioid withdrawal syndrome, or opioids (or a closely related substance) are taken to relieve or avoid withdrawal symptoms.",
    ];

    private const string SupervisionNote = "Not counted for those taking opioids solely under appropriate medical supervision.";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "DSM-5 Opioid Use Disorder criteria",
        "DSM-5-TR (2022), criteria A1-A11",
        "American Psychiatric Association. DSM-5-TR, Opioid Use Disorder; as reproduced by BC Centre on Substance Use, Appendix 2, and PMC6590307 Table 1.",
        null,
        [
            .. Criteria.Select((text, i) => new InstrumentItem(
                $"c{i + 1}",
                text,
                AnswerSets.YesNo,
                Help: i >= 9 ? SupervisionNote : "Within a 12-month period.")),
        ],
        MinTotal: 0,
        MaxTotal: 11,
        [
            new(0, 1, "none", "Criteria for opioid use disorder not met (fewer than 2 criteria)."),
            new(2, 3, "mild", "Opioid use disorder, mild (2-3 criteria)."),
            new(4, 5, "moderate", "Opioid use disorder, moderate (4-5 criteria)."),
            new(6, 11, "severe", "Opioid use disorder, severe (6 or more criteria)."),
        ],
        "A diagnosis is made by a clinician; this count supports it. Tolerance and withdrawal are not counted under medical supervision or maintenance therapy.");

    /// <summary>Severity by number of criteria (DSM-5-TR: 2–3 mild, 4–5 moderate, ≥6 severe).</summary>
    public static OudSeverity SeverityFor(int criteriaMet) => criteriaMet switch
    {
        < 2 => OudSeverity.None,
        < 4 => OudSeverity.Mild,
        < 6 => OudSeverity.Moderate,
        _ => OudSeverity.Severe,
    };

    /// <summary>
    /// ICD-10-CM code for a DSM-5 OUD severity (no induced disorder coded): mild → F11.10, moderate or
    /// severe → F11.20; in early or sustained remission mild → F11.11, moderate or severe → F11.21.
    /// Null when criteria are not met.
    /// </summary>
    public static string? Icd10CodeFor(OudSeverity severity, OudRemission remission) => (severity, remission) switch
    {
        (OudSeverity.None, _) => null,
        (OudSeverity.Mild, OudRemission.NotInRemission) => "F11.10",
        (OudSeverity.Mild, OudRemission.Early or OudRemission.Sustained) => "F11.11",
        (OudSeverity.Moderate or OudSeverity.Severe, OudRemission.NotInRemission) => "F11.20",
        (OudSeverity.Moderate or OudSeverity.Severe, OudRemission.Early or OudRemission.Sustained) => "F11.21",
    };

    /// <summary>
    /// Remission by months without criteria (except craving), DSM-5-TR: early ≥3 and &lt;12 months,
    /// sustained ≥12 months.
    /// </summary>
    public static OudRemission RemissionFor(int monthsWithoutCriteria) => monthsWithoutCriteria switch
    {
        < 3 => OudRemission.NotInRemission,
        < 12 => OudRemission.Early,
        _ => OudRemission.Sustained,
    };
}
