namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Opioid Risk Tool. Webster LR, Webster RM. Pain Med 2005;6(6):432–442. Each box marked (1) earns
/// points that differ by sex at birth (female / male columns of the form); total 0–26. Risk: 0–3 low,
/// 4–7 moderate, 8 or higher high.
/// </summary>
public static class OpioidRiskTool
{
    public const string Code = "ort";

    public const string AgeItem = "age";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Opioid Risk Tool (ORT)",
        "Webster & Webster 2005",
        "Webster LR, Webster RM. Predicting aberrant behaviors in opioid-treated patients: preliminary validation of the Opioid Risk Tool. Pain Med 2005;6(6):432-442. doi:10.1111/j.1526-4637.2005.00072.x",
        null,
        [
            Box("family-alcohol", "Family history of substance abuse: alcohol", 1, 3),
            Box("family-illegal-drugs", "Family history of substance abuse: illegal drugs", 2, 3),
            Box("family-rx-drugs", "Family history of substance abuse: prescription drugs", 4, 4),
            Box("personal-alcohol", "Personal history of substance abuse: alcohol", 3, 3),
            Box("personal-illegal-drugs", "Personal history of substance abuse: illegal drugs", 4, 4),
            Box("personal-rx-drugs", "Personal history of substance abuse: prescription drugs", 5, 5),
            Box(AgeItem, "Age between 16 and 45 years", 1, 1, "Derived from the patient's age when not answered."),
            Box("preadolescent-sexual-abuse", "History of preadolescent sexual abuse", 3, 0),
            Box("add-ocd-bipolar-schizophrenia", "Psychological disease: ADD, OCD, bipolar, schizophrenia", 2, 2),
            Box("depression", "Psychological disease: depression", 1, 1),
        ],
        MinTotal: 0,
        MaxTotal: 26,
        [
            new(0, 3, "low", "Low risk for future opioid abuse (ORT 3 or lower)."),
            new(4, 7, "moderate", "Moderate risk for opioid abuse (ORT 4-7)."),
            new(8, 26, "high", "High risk for opioid abuse (ORT 8 or higher)."),
        ],
        "Intended for adults at the first visit before opioid therapy for pain. Points depend on sex at birth.");

    /// <summary>ORT item 3: age between 16 and 45 years inclusive.</summary>
    public static int AgeAnswerFor(int ageYears) => ageYears is >= 16 and <= 45 ? 1 : 0;

    private static InstrumentItem Box(string id, string text, int female, int male, string? help = null) =>
        new(id, text, AnswerSets.YesNo, Help: help, Points: new SexSpecificPoints(female, male));
}
