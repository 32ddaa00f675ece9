namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Primary Care PTSD Screen for DSM-5. Prins A, et al. J Gen Intern Med 2016;31(10):1206–1211
/// (PMC5023594). A trauma-exposure item first: when the answer is no, the screen scores 0 and the
/// five symptom items do not apply. When yes, the five past-month yes/no items are required and the
/// score is the number of yes answers (0–5). Mainstay calls 3 or more positive: 3 is the most
/// sensitive cut point; 4 is the most efficient overall (Bovin et al. JAMA Netw Open 2021, PMC7862990).
/// </summary>
public static class PcPtsd5
{
    public const string Code = "pcptsd5";

    public const string ExposureItem = "exposure";

    private const string PastMonth = "In the past month, have you...";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)",
        "Prins et al. 2016",
        "Prins A, Bovin MJ, Smolenski DJ, et al. The Primary Care PTSD Screen for DSM-5 (PC-PTSD-5): development and evaluation within a veteran primary care sample. J Gen Intern Med 2016;31(10):1206-1211. PMC5023594",
        null,
        [
            new(ExposureItem,
                "Have you ever experienced an event that was unusually or especially frightening, horrible, or traumatic (for example a serious accident or fire, physical or sexual assault or abuse, an earthquake or flood, a war, seeing someone killed or seriously injured, or having a loved one die through homicide or suicide)?",
                AnswerSets.YesNo,
                Scored: false),
            Symptom("q1", "had nightmares about the event(s) or thought about the event(s) when you did not want to?"),
            Symptom("q2", "tried hard not to think about the event(s) or went out of your way to avoid situations that reminded you of the event(s)?"),
            Symptom("q3", "been constantly on guard, watchful, or easily startled?"),
            Symptom("q4", "felt numb or detached from people, activities, or your surroundings?"),
            Symptom("q5", "felt guilty or unable to stop blaming yourself or others for the event(s) or any problems the event(s) may have caused?"),
        ],
        MinTotal: 0,
        MaxTotal: 5,
        [
            new(0, 2, "negative", "Screen negative (fewer than 3 of 5)."),
            new(3, 5, "positive",
                "Screen positive for probable PTSD (3 or more of 5): refer for a full assessment. Mainstay uses 3, the most sensitive cut point; 4 is the most efficient overall (Bovin 2021)."),
        ],
        "When the exposure answer is no, the score is 0 and any answers to items 1-5 are ignored.");

    private static InstrumentItem Symptom(string id, string text) =>
        new(id, text, AnswerSets.YesNo, Help: PastMonth, Condition: new ItemCondition(ExposureItem, 1));
}
