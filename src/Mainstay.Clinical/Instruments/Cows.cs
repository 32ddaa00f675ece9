namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Clinical Opiate Withdrawal Scale. Wesson DR, Ling W. J Psychoactive Drugs 2003;35(2):253–259.
/// Items and anchors: SAMHSA TIP table (NCBI Bookshelf NBK64244), cross-checked with the VA VistA
/// COWS instrument. Values are sparse: only the printed scores are legal (pulse 0, 1, 2 or 4).
/// Bands from the form footer: 5–12 mild, 13–24 moderate, 25–36 moderately severe, more than 36 severe.
/// </summary>
public static class Cows
{
    public const string Code = "cows";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Clinical Opiate Withdrawal Scale (COWS)",
        "Wesson & Ling 2003, 11 items",
        "Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J Psychoactive Drugs 2003;35(2):253-259. doi:10.1080/02791072.2003.10400007",
        null, // no LOINC code found for the COWS panel or total
        [
            new("pulse", "Resting pulse rate", AnswerSets.Of(
                    (0, "Pulse rate 80 or below"), (1, "Pulse rate 81-100"), (2, "Pulse rate 101-120"), (4, "Pulse rate greater than 120")),
                Help: "Measured after patient is sitting or lying for one minute."),
            new("sweating", "Sweating", AnswerSets.Of(
                    (0, "No report of chills or flushing"), (1, "Subjective report of chills or flushing"),
                    (2, "Flushed or observable moistness on face"), (3, "Beads of sweat on brow or face"), (4, "Sweat streaming off face")),
                Help: "Over past half hour, not accounted for by room temperature or patient activity."),
            new("restlessness", "Restlessness", AnswerSets.Of(
                    (0, "Able to sit still"), (1, "Reports difficulty sitting still, but is able to do so"),
                    (3, "Frequent shifting or extraneous movements of legs/arms"), (5, "Unable to sit still for more than a few seconds")),
                Help: "Observation during assessment."),
            new("pupils", "Pupil size", AnswerSets.Of(
                (0, "Pupils pinned or normal size for room light"), (1, "Pupils possibly larger than normal for room light"),
                (2, "Pupils moderately dilated"), (5, "Pupils so dilated that only the rim of the iris is visible"))),
            new("aches", "Bone or joint aches", AnswerSets.Of(
                    (0, "Not present"), (1, "Mild diffuse discomfort"), (2, "Patient reports severe diffuse aching of joints/muscles"),
                    (4, "Patient is rubbing joints or muscles and is unable to sit still because of discomfort")),
                Help: "If patient was having pain previously, only the additional component attributed to opiate withdrawal is scored."),
            new("runny-nose", "Runny nose or tearing", AnswerSets.Of(
                    (0, "Not present"), (1, "Nasal stuffiness or unusually moist eyes"), (2, "Nose running or tearing"),
                    (4, "Nose constantly running or tears streaming down cheeks")),
                Help: "Not accounted for by cold symptoms or allergies."),
            new("gi-upset", "GI upset", AnswerSets.Of(
                    (0, "No GI symptoms"), (1, "Stomach cramps"), (2, "Nausea or loose stool"), (3, "Vomiting or diarrhea"),
                    (5, "Multiple episodes of diarrhea or vomiting")),
                Help: "Over last half hour."),
            new("tremor", "Tremor", AnswerSets.Of(
                    (0, "No tremor"), (1, "Tremor can be felt, but not observed"), (2, "Slight tremor observable"),
                    (4, "Gross tremor or muscle twitching")),
                Help: "Observation of outstretched hands."),
            new("yawning", "Yawning", AnswerSets.Of(
                    (0, "No yawning"), (1, "Yawning once or twice during assessment"), (2, "Yawning three or more times during assessment"),
                    (4, "Yawning several times/minute")),
                Help: "Observation during assessment."),
            new("anxiety", "Anxiety or irritability", AnswerSets.Of(
                (0, "None"), (1, "Patient reports increasing irritability or anxiousness"), (2, "Patient obviously irritable or anxious"),
                (4, "Patient so irritable or anxious that participation in the assessment is difficult"))),
            new("gooseflesh", "Gooseflesh skin", AnswerSets.Of(
                (0, "Skin is smooth"), (3, "Piloerection of skin can be felt or hairs standing up on arms"), (5, "Prominent piloerection"))),
        ],
        MinTotal: 0,
        MaxTotal: 48,
        [
            new(0, 4, "no active withdrawal",
                "Below the form's mild range (5-12). The label for 0-4 is a common convention, not printed on the COWS form."),
            new(5, 12, "mild", "Mild withdrawal (COWS 5-12)."),
            new(13, 24, "moderate", "Moderate withdrawal (COWS 13-24)."),
            new(25, 36, "moderately severe", "Moderately severe withdrawal (COWS 25-36)."),
            new(37, 48, "severe", "Severe withdrawal (COWS more than 36)."),
        ],
        "Rate only the apparent relationship to opiate withdrawal (e.g. a pulse raised by exercise does not add to the score).");
}
