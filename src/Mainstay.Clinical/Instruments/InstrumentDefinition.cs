namespace Mainstay.Clinical.Instruments;

/// <summary>
/// A validated instrument as data: enough for a screen to render the form and for
/// <see cref="InstrumentScorer"/> to score it. Each instrument's own file cites its source.
/// </summary>
/// <param name="Code">Stable code: <c>cows</c>, <c>sows</c>, <c>dsm5-oud</c>, <c>ort</c>, <c>phq9</c>, <c>gad7</c>, <c>pcptsd5</c>, <c>ace</c> or <c>social-needs</c>.</param>
/// <param name="Name">The instrument's name as clinicians know it.</param>
/// <param name="Version">Edition or version text.</param>
/// <param name="Source">Citation of the source the items, points and bands come from.</param>
/// <param name="Loinc">LOINC panel and total codes, only where confirmed; null when none is known.</param>
/// <param name="Items">The items, in the order of the form.</param>
/// <param name="MinTotal">Lowest possible total.</param>
/// <param name="MaxTotal">Highest possible total.</param>
/// <param name="Bands">Score bands, ascending, covering MinTotal..MaxTotal; empty when the source publishes none.</param>
/// <param name="Note">What a clinician should know about the scoring (e.g. that bands are not published).</param>
public sealed record InstrumentDefinition(
    string Code,
    string Name,
    string Version,
    string Source,
    InstrumentLoinc? Loinc,
    IReadOnlyList<InstrumentItem> Items,
    int MinTotal,
    int MaxTotal,
    IReadOnlyList<ScoreBand> Bands,
    string? Note = null)
{
    /// <summary>The item with this id, or null.</summary>
    public InstrumentItem? Item(string id) => Items.FirstOrDefault(i => i.Id == id);

    /// <summary>The band that holds <paramref name="total"/>, or null when the instrument has no bands.</summary>
    public ScoreBand? BandFor(int total) => Bands.FirstOrDefault(b => b.Contains(total));
}

/// <summary>LOINC codes of an instrument; either may be null when not confirmed.</summary>
public sealed record InstrumentLoinc(string? Panel, string? Total);

/// <summary>One question or observation of an instrument.</summary>
/// <param name="Id">Stable short id used as the answer key (e.g. <c>pulse</c>, <c>q9</c>).</param>
/// <param name="Text">The item's text as printed on the form (or a close paraphrase, see docs/CLINICAL.md).</param>
/// <param name="AllowedAnswers">The only legal values, with their anchors; values may be sparse (COWS).</param>
/// <param name="Help">Rating instruction printed with the item.</param>
/// <param name="Loinc">Item LOINC code, only where confirmed.</param>
/// <param name="Condition">When set, the item applies only if another item has a given answer.</param>
/// <param name="Points">When set, the points a "yes" (1) earns by sex at birth (Opioid Risk Tool).</param>
/// <param name="Scored">False for items that gate others but do not add to the total (PC-PTSD-5 exposure).</param>
public sealed record InstrumentItem(
    string Id,
    string Text,
    IReadOnlyList<AnswerOption> AllowedAnswers,
    string? Help = null,
    string? Loinc = null,
    ItemCondition? Condition = null,
    SexSpecificPoints? Points = null,
    bool Scored = true)
{
    public bool Allows(int value) => AllowedAnswers.Any(a => a.Value == value);

    public int MaxValue => AllowedAnswers.Max(a => a.Value);
}

/// <summary>A legal answer: the value scored and the anchor text shown.</summary>
/// <param name="Value">The score this answer adds.</param>
/// <param name="Label">The anchor text printed on the form.</param>
/// <param name="Loinc">LOINC answer code (LA…), where confirmed.</param>
public sealed record AnswerOption(int Value, string Label, string? Loinc = null);

/// <summary>The item applies only when item <paramref name="ItemId"/> was answered <paramref name="Value"/>.</summary>
public sealed record ItemCondition(string ItemId, int Value);

/// <summary>Points a "yes" earns for a female or a male patient (Webster &amp; Webster 2005).</summary>
public sealed record SexSpecificPoints(int Female, int Male)
{
    public int For(SexAtBirth sex) => sex switch
    {
        SexAtBirth.Female => Female,
        SexAtBirth.Male => Male,
    };
}

/// <summary>A score band, inclusive at both ends, with plain words for the clinician.</summary>
public sealed record ScoreBand(int From, int To, string Label, string Interpretation)
{
    public bool Contains(int total) => total >= From && total <= To;
}

/// <summary>Answer lists shared by several instruments.</summary>
public static class AnswerSets
{
    /// <summary>0 = no, 1 = yes.</summary>
    public static IReadOnlyList<AnswerOption> YesNo { get; } = [new(0, "No"), new(1, "Yes")];

    /// <summary>
    /// PHQ-9 and GAD-7 frequency over the last two weeks, 0–3, with the LOINC answer codes used in the
    /// HL7 US Core PHQ-9 example (Kroenke 2001; Spitzer 2006).
    /// </summary>
    public static IReadOnlyList<AnswerOption> FrequencyLastTwoWeeks { get; } =
    [
        new(0, "Not at all", "LA6568-5"),
        new(1, "Several days", "LA6569-3"),
        new(2, "More than half the days", "LA6570-1"),
        new(3, "Nearly every day", "LA6571-9"),
    ];

    /// <summary>Builds a list of options from (value, label) pairs.</summary>
    public static IReadOnlyList<AnswerOption> Of(params (int Value, string Label)[] options) =>
        [.. options.Select(o => new AnswerOption(o.Value, o.Label))];
}
