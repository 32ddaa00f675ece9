using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.SelfCheck;

/// <summary>
/// The answers of the anonymous self-check. The eleven questions are the DSM-5 criteria for opioid use disorder in
/// plain words (same order as <see cref="Dsm5Oud"/>); the rest are overdose risk factors, withdrawal symptoms now, and
/// two urgent questions. Nothing here is stored.
/// </summary>
public sealed record SelfCheckAnswers
{
    /// <summary>Yes answers to the eleven questions, by number 1–11.</summary>
    public IReadOnlySet<int> CriteriaYes { get; init; } = new HashSet<int>();

    /// <summary>Takes opioids only as a clinician prescribed them (then tolerance and withdrawal alone do not count).</summary>
    public bool OnlyAsPrescribed { get; init; }

    public IReadOnlySet<OverdoseRisk> Risks { get; init; } = new HashSet<OverdoseRisk>();
    public IReadOnlySet<WithdrawalSign> WithdrawalNow { get; init; } = new HashSet<WithdrawalSign>();
    public bool ThoughtsOfSuicide { get; init; }
    public bool SomeoneOverdosingNow { get; init; }
}

public enum OverdoseRisk
{
    PastOverdose,
    UsesAlone,
    Fentanyl,
    MixesSedatives,
    RecentlyLostTolerance,
    Injects,
    NoNaloxone,
}

public enum WithdrawalSign
{
    AnxiousOrRestless,
    Yawning,
    RunnyNoseOrTears,
    GooseBumps,
    AchesOrCramps,
    DiarrheaOrVomiting,
    Sweating,
    CannotSleep,
}

public enum SelfCheckBand
{
    /// <summary>0–1 questions: the answers do not point to opioid use disorder.</summary>
    FewSigns,
    Mild,
    Moderate,
    Severe,
}

public sealed record RiskExplained(OverdoseRisk Risk, string Why, string WhatHelps);

/// <summary>What the answers mean, in plain words, and the kinds of help to look for.</summary>
public sealed record SelfCheckReading(
    int Signs, SelfCheckBand Band, string Meaning, IReadOnlyList<RiskExplained> Risks, int WithdrawalSigns, string? Withdrawal,
    IReadOnlyList<string> LookFor, bool CallNow, bool CrisisLineFirst);

/// <summary>
/// Reads the self-check: the count of criteria (DSM-5 bands 2–3 mild, 4–5 moderate, 6+ severe, with tolerance and
/// withdrawal not counted for someone taking opioids only as prescribed), each overdose risk explained, withdrawal signs,
/// and which services to look for. It never diagnoses: it says so on every reading.
/// </summary>
public static class SelfCheck
{
    public const string NotADiagnosis = "This is not a diagnosis: only a clinician who talks with you can make one.";

    /// <summary>The eleven questions in plain words, numbered as the DSM-5 criteria.</summary>
    public static readonly IReadOnlyList<string> Questions =
    [
        "Have you often used more opioids, or for longer, than you meant to?",
        "Have you wanted to cut down or stop, or tried to, and not managed?",
        "Do you spend a lot of time getting opioids, using them, or getting over their effects?",
        "Do you have cravings — strong urges to use?",
        "Has using kept you from doing what you need to at work, school or home?",
        "Have you kept using even though it caused or worsened problems with people close to you?",
        "Have you given up or cut back on things you used to do because of using?",
        "Have you used in situations where it was physically dangerous (driving, using alone, mixing)?",
        "Have you kept using even though you knew it was causing or worsening a physical or mental health problem?",
        "Do you need more to get the same effect, or does the same amount do less than it did?",
        "Do you get sick when you stop (withdrawal), or use to keep withdrawal away?",
    ];

    public static SelfCheckReading Read(SelfCheckAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.CriteriaYes.Any(c => c is < 1 or > 11))
        {
            throw new ArgumentOutOfRangeException(nameof(answers), "Questions are numbered 1 to 11.");
        }

        var signs = answers.CriteriaYes.Count(c => !answers.OnlyAsPrescribed || c is not (10 or 11));
        var band = signs switch
        {
            < 2 => SelfCheckBand.FewSigns,
            _ => Dsm5Oud.SeverityFor(signs) switch
            {
                OudSeverity.Mild => SelfCheckBand.Mild,
                OudSeverity.Moderate => SelfCheckBand.Moderate,
                _ => SelfCheckBand.Severe,
            },
        };
        var meaning = band switch
        {
            SelfCheckBand.FewSigns => $"You answered yes to {signs} of the 11 questions. That does not point to an opioid use disorder, but if opioids worry you, talking to a clinician or a counselor is a good step.",
            SelfCheckBand.Mild => $"You answered yes to {signs} of the 11 questions. Clinicians call 2 or 3 of these signs a mild opioid use disorder. It is treatable, and earlier help is easier.",
            SelfCheckBand.Moderate => $"You answered yes to {signs} of the 11 questions. Clinicians call 4 or 5 of these signs a moderate opioid use disorder. Medication (buprenorphine, methadone or naltrexone) with counseling works and protects you from overdose.",
            SelfCheckBand.Severe => $"You answered yes to {signs} of the 11 questions. Clinicians call 6 or more of these signs a severe opioid use disorder. This is a medical condition, not a failing: medication (methadone or buprenorphine) with support cuts the risk of dying by about half.",
        } + " " + NotADiagnosis + (answers.OnlyAsPrescribed && answers.CriteriaYes.Any(c => c is 10 or 11)
            ? " Needing more, or feeling sick when you stop, is expected with opioids taken as prescribed, so those answers were not counted."
            : "");

        var risks = Enum.GetValues<OverdoseRisk>().Where(answers.Risks.Contains).Select(Explain).ToList();
        var withdrawalSigns = answers.WithdrawalNow.Count;
        var withdrawal = withdrawalSigns switch
        {
            0 => null,
            < 3 => "You have a few signs that can come with opioid withdrawal.",
            _ => "You have several signs of opioid withdrawal. It is rarely dangerous in itself, but vomiting and diarrhea can dehydrate you, and it is much easier with medical help: buprenorphine or methadone can stop it, often on the same day.",
        };
        if (withdrawal is not null)
        {
            withdrawal += " After withdrawal your body handles less than before, so a usual amount can cause an overdose.";
        }

        var lookFor = new List<string>();
        if (band is SelfCheckBand.Moderate or SelfCheckBand.Severe || withdrawalSigns >= 3)
        {
            lookFor.AddRange(["buprenorphine", "methadone"]);
        }

        if (withdrawalSigns >= 3)
        {
            lookFor.Add("withdrawal-management");
        }

        lookFor.Add(band == SelfCheckBand.FewSigns ? "counseling" : "outpatient");
        return new SelfCheckReading(signs, band, meaning, risks, withdrawalSigns, withdrawal, lookFor.Distinct().ToList(),
            answers.SomeoneOverdosingNow, answers.ThoughtsOfSuicide);
    }

    public static RiskExplained Explain(OverdoseRisk risk) => risk switch
    {
        OverdoseRisk.PastOverdose => new(risk, "Having overdosed before is one of the strongest signs that it can happen again.",
            "Keep naloxone with you and tell people around you where it is; treatment with medication lowers the risk the most."),
        OverdoseRisk.UsesAlone => new(risk, "Alone, nobody can give naloxone or call for help if your breathing slows.",
            "Do not use alone: have someone with you, or use a never-use-alone line, and keep naloxone where it can be found."),
        OverdoseRisk.Fentanyl => new(risk, "Fentanyl is far stronger than heroin or pills and is often hidden in them; a small amount can stop breathing.",
            "Test strips can show fentanyl; start low and go slow; carry naloxone (it may take more than one dose)."),
        OverdoseRisk.MixesSedatives => new(risk, "Benzodiazepines, alcohol and other sedatives slow breathing too; together with opioids they cause many overdose deaths.",
            "Avoid mixing; if you take a prescribed sedative, tell your clinician about opioid use."),
        OverdoseRisk.RecentlyLostTolerance => new(risk, "After jail or prison, detox, a hospital stay or a break from using, your body handles much less than before.",
            "Start treatment now if you can; if you use, use much less than before, not alone, with naloxone near."),
        OverdoseRisk.Injects => new(risk, "Injecting brings the drug on fastest and carries infections (HIV, hepatitis C, heart valve infection).",
            "Use new, sterile equipment every time (syringe services programs are free); get tested; medication treatment lowers injecting."),
        OverdoseRisk.NoNaloxone => new(risk, "Naloxone reverses an opioid overdose, but only if it is there.",
            "Naloxone nasal spray is sold without a prescription and many programs give it out free."),
    };
}
