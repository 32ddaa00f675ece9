namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Social-needs screen after the domains of the CMS Accountable Health Communities (AHC)
/// Health-Related Social Needs screening tool (CMS 2017): one yes/no question per domain. This is
/// Mainstay's simplified form, not the AHC tool's own questions or scoring. Total = number of needs;
/// each need is listed in the findings.
/// </summary>
public static class SocialNeeds
{
    public const string Code = "social-needs";

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Social needs screen",
        "Mainstay yes/no form after the CMS AHC HRSN screening tool domains (2017)",
        "Billioux A, Verlander K, Anthony S, Alley D. Standardized screening for health-related social needs in clinical settings: the Accountable Health Communities screening tool. NAM Perspectives 2017. (Domains only; Mainstay's yes/no wording.)",
        null,
        [
            Need("housing", "Housing instability: worried about losing housing, or not in steady housing."),
            Need("food", "Food insecurity: worried food would run out, or it ran out, before there was money to buy more."),
            Need("transportation", "Transportation: lack of reliable transportation kept you from medical appointments, meetings, work or getting things needed for daily living."),
            Need("utilities", "Utilities: electric, gas, oil or water company threatened to shut off services."),
            Need("safety", "Interpersonal safety: someone physically hurts, insults, threatens or screams at you."),
            Need("employment", "Employment: wants help finding or keeping work."),
            Need("education", "Education: wants help with school or training."),
            Need("isolation", "Social isolation: often feels lonely or isolated from those around you."),
        ],
        MinTotal: 0,
        MaxTotal: 8,
        [
            new(0, 0, "no needs identified", "No social needs identified."),
            new(1, 8, "needs identified", "One or more social needs identified: offer referral to community resources."),
        ],
        "A yes to interpersonal safety raises a safety alert.");

    private static InstrumentItem Need(string id, string text) => new(id, text, AnswerSets.YesNo);
}
