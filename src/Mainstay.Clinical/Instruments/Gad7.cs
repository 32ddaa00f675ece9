namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Generalized Anxiety Disorder-7. Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med
/// 2006;166:1092–1097: seven items 0–3, total 0–21; cut points 5, 10 and 15 for mild, moderate and
/// severe anxiety. Total LOINC 70274-6 (HL7 PCO IG); panel 69737-5 and item codes as used in
/// public FHIR Questionnaires.
/// </summary>
public static class Gad7
{
    public const string Code = "gad7";

    private const string Stem = "Over the last 2 weeks, how often have you been bothered by the following problems?";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Generalized Anxiety Disorder-7 (GAD-7)",
        "Spitzer, Kroenke, Williams & Löwe 2006",
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097.",
        new InstrumentLoinc(Panel: "69737-5", Total: "70274-6"),
        [
            Item("q1", "Feeling nervous, anxious, or on edge", "69725-0"),
            Item("q2", "Not being able to stop or control worrying", "68509-9"),
            Item("q3", "Worrying too much about different things", "69733-4"),
            Item("q4", "Trouble relaxing", "69734-2"),
            Item("q5", "Being so restless that it is hard to sit still", "69735-9"),
            Item("q6", "Becoming easily annoyed or irritable", "69689-8"),
            Item("q7", "Feeling afraid, as if something awful might happen", "69736-7"),
        ],
        MinTotal: 0,
        MaxTotal: 21,
        [
            new(0, 4, "minimal", "Minimal anxiety symptoms (GAD-7 0-4)."),
            new(5, 9, "mild", "Mild anxiety (GAD-7 5-9)."),
            new(10, 14, "moderate", "Moderate anxiety (GAD-7 10-14). A score of 10 or more had 89% sensitivity and 82% specificity for generalized anxiety disorder."),
            new(15, 21, "severe", "Severe anxiety (GAD-7 15-21)."),
        ]);

    private static InstrumentItem Item(string id, string text, string loinc) =>
        new(id, text, AnswerSets.FrequencyLastTwoWeeks, Help: Stem, Loinc: loinc);
}
