namespace Mainstay.Clinical.Instruments;

/// <summary>
/// Subjective Opiate Withdrawal Scale. Handelsman L, Cochrane KJ, Aronson MJ, Ness R, Rubinstein KJ,
/// Kanof PD. Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse 1987;13(3):293–308.
/// 16 symptoms rated 0 (not at all) to 4 (extremely); total 0–64. The source publishes no
/// severity bands, so none are given here.
/// </summary>
public static class Sows
{
    public const string Code = "sows";

    private static readonly IReadOnlyList<AnswerOption> Intensity = AnswerSets.Of(
        (0, "Not at all"), (1, "A little"), (2, "Moderately"), (3, "Quite a bit"), (4, "Extremely"));

    private static readonly string[] Symptoms =
    [
        "I feel anxious.",
        "I feel like yawning.",
        "I'm perspiring.",
        "My eyes are tearing.",
        "My nose is running.",
        "I have goose flesh.",
        "I am shaking.",
        "I have hot flashes.",
        "I have cold flashes.",
        "My bones and muscles ache.",
        "I feel restless.",
        "I feel nauseous.",
        "I feel like vomiting.",
        "My muscles twitch.",
        "I have cramps in my stomach.",
        "I feel like shooting up now.",
    ];

    public static InstrumentDefinition Definition { get; } = new(
        Code,
        "Subjective Opiate Withdrawal Scale (SOWS)",
        "Handelsman et al. 1987, 16 items",
        "Handelsman L, Cochrane KJ, Aronson MJ, Ness R, Rubinstein KJ, Kanof PD. Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse 1987;13(3):293-308.",
        null,
        [.. Symptoms.Select((text, i) => new InstrumentItem($"q{i + 1}", text, Intensity))],
        MinTotal: 0,
        MaxTotal: 64,
        [],
        "SOWS has no published severity bands: the total is not banded. Follow the total over time for the same patient.");
}
