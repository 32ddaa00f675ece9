namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Patient Health Questionnaire-9. Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med
/// 2001;16:606–613 (PMC1495268): nine items 0–3, total 0–27; "scores of 5, 10, 15, and 20 represented
/// mild, moderate, moderately severe, and severe depression". Item 9 (thoughts of being better off
/// dead or of self-harm) answered 1 or more raises a safety alert whatever the total.
/// LOINC codes from the HL7 US Core PHQ-9 Questionnaire example.
/// </summary>
public static class Phq9
{
    public const string Code = "phq9";

    public const string SelfHarmItem = "q9";

    private const string Stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Patient Health Questionnaire-9 (PHQ-9)",
        "Kroenke, Spitzer & Williams 2001",
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606-613. PMC1495268",
        new InstrumentLoinc(Panel: "44249-1", Total: "44261-6"),
        [
            Item("q1", "Little interest or pleasure in doing things", "44250-9"),
            Item("q2", "Feeling down, depressed, or hopeless", "44255-8"),
            Item("q3", "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
            Item("q4", "Feeling tired or having little energy", "44254-1"),
            Item("q5", "Poor appetite or overeating", "44251-7"),
            Item("q6", "Feeling bad about yourself - or that you are a failure or have let yourself or your family down", "44258-2"),
            Item("q7", "Trouble concentrating on things, such as reading the newspaper or watching television", "44252-5"),
            Item("q8", "Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual", "44253-3"),
            Item(SelfHarmItem, "Thoughts that you would be better off dead, or of hurting yourself in some way", "44260-8"),
        ],
        MinTotal: 0,
        MaxTotal: 27,
        [
            new(0, 4, "none-minimal", "None or minimal depressive symptoms (PHQ-9 0-4)."),
            new(5, 9, "mild", "Mild depression (PHQ-9 5-9)."),
            new(10, 14, "moderate", "Moderate depression (PHQ-9 10-14). A score of 10 or more had 88% sensitivity and 88% specificity for major depression."),
            new(15, 19, "moderately severe", "Moderately severe depression (PHQ-9 15-19)."),
            new(20, 27, "severe", "Severe depression (PHQ-9 20-27)."),
        ],
        "Item 9 answered 'several days' or more raises a self-harm alert whatever the total. The optional difficulty question is not scored and is not part of this form.");

    private static InstrumentItem Item(string id, string text, string loinc) =>
        new(id, text, AnswerSets.FrequencyLastTwoWeeks, Help: Stem, Loinc: loinc);
}
