namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Adverse Childhood Experiences questionnaire, 10 categories. Felitti VJ, Anda RF, Nordenberg D,
/// et al. Am J Prev Med 1998;14(4):245–258. One point per category experienced before age 18;
/// total 0–10. Felitti reported the strongest associations with health-risk behaviours (including
/// drug use) for 4 or more categories, the threshold used here for "high".
/// </summary>
public static class Ace
{
    public const string Code = "ace";

    private const string BeforeEighteen = "While you were growing up, during your first 18 years of life.";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Adverse Childhood Experiences (ACE) questionnaire",
        "Felitti et al. 1998, 10 categories",
        "Felitti VJ, Anda RF, Nordenberg D, et al. Relationship of childhood abuse and household dysfunction to many of the leading causes of death in adults: the Adverse Childhood Experiences (ACE) Study. Am J Prev Med 1998;14(4):245-258.",
        null,
        [
            Item("emotional-abuse", "Emotional abuse: a parent or adult in the home often swore at, insulted, put you down or humiliated you, or made you afraid you might be physically hurt."),
            Item("physical-abuse", "Physical abuse: a parent or adult in the home often pushed, grabbed, slapped or threw something at you, or hit you so hard you had marks or were injured."),
            Item("sexual-abuse", "Sexual abuse: an adult or a person at least 5 years older touched you sexually or tried or had sexual contact with you."),
            Item("emotional-neglect", "Emotional neglect: you often felt no one in your family loved you or thought you were important, or your family did not look out for each other or feel close."),
            Item("physical-neglect", "Physical neglect: you often did not have enough to eat, had to wear dirty clothes, had no one to protect you, or parents were too drunk or high to take care of you."),
            Item("parental-separation", "Your parents were separated or divorced."),
            Item("mother-treated-violently", "Your mother or stepmother was often pushed, grabbed, slapped, kicked, hit or threatened."),
            Item("household-substance-abuse", "You lived with someone who was a problem drinker or alcoholic, or who used street drugs."),
            Item("household-mental-illness", "A household member was depressed or mentally ill, or attempted suicide."),
            Item("incarcerated-household-member", "A household member went to prison."),
        ],
        MinTotal: 0,
        MaxTotal: 10,
        [
            new(0, 0, "none", "No adverse childhood experiences reported."),
            new(1, 3, "some", "Some adverse childhood experiences (1-3 categories)."),
            new(4, 10, "high", "Four or more categories: Felitti 1998 found the strongest associations with later health risks, including illicit drug use, at this level. Consider trauma-informed care."),
        ],
        "Item wording is a short paraphrase of each of the ten ACE categories.");

    private static InstrumentItem Item(string id, string text) => new(id, text, AnswerSets.YesNo, Help: BeforeEighteen);
}
