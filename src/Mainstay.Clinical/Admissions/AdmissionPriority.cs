using System.Globalization;

namespace Mainstay.Clinical.Admissions;

/// <summary>
/// The admission priority groups of the waiting list, highest first. Groups 1–3 (without the overdose part)
/// are the order programs funded by the Substance Use Prevention and Treatment Block Grant apply under
/// 45 CFR 96.131 (preference for pregnant women) and 45 CFR 96.126 (people who inject drugs).
/// A recent non-fatal overdose in group 3 is Mainstay's program choice, not part of the federal order.
/// Sources in docs/CLINICAL.md, section "Admissions: priority, waiting times and duplicate enrollment".
/// </summary>
public enum PriorityGroup
{
    /// <summary>Pregnant and injects drugs.</summary>
    PregnantAndInjecting = 1,

    /// <summary>Pregnant, not (known to be) injecting.</summary>
    Pregnant = 2,

    /// <summary>Injects drugs, or a non-fatal overdose in the last 30 days (the overdose part is a program choice).</summary>
    InjectingOrRecentOverdose = 3,

    /// <summary>Everyone else who needs treatment.</summary>
    Everyone = 4,
}

/// <summary>How soon the intake team judges the person must be seen, within a priority group. Emergent first.</summary>
public enum Urgency
{
    Emergent = 0,
    Urgent = 1,
    Routine = 2,
}

/// <summary>
/// Facts from the pre-admission screen. <c>null</c> means the question was not asked yet: it is treated as
/// "no" for the group, but reported as unknown (<see cref="AdmissionPriority.Reasons"/>,
/// <see cref="AdmissionPriority.Unasked"/>) so staff ask it.
/// </summary>
/// <param name="Pregnant">Pregnant now.</param>
/// <param name="InjectsDrugs">Injects drugs (any injection use the screen counts).</param>
/// <param name="LastOverdose">The day of the last non-fatal overdose, if any was reported.</param>
public sealed record PriorityFacts(bool? Pregnant, bool? InjectsDrugs, DateOnly? LastOverdose);

/// <summary>
/// The admission priority group of a person asking for treatment, and the reasons in words. Pure; today is passed in.
/// </summary>
/// <remarks>
/// Federal order (SUPTRS/SAPT Block Grant, 45 CFR 96.131 and 96.126, as programs publish it): 1 pregnant women who
/// inject drugs, 2 other pregnant women, 3 others who inject drugs, 4 all others. Mainstay adds a non-fatal overdose
/// within the last <see cref="RecentOverdoseDays"/> days to group 3 as a program choice (Olfson et al., JAMA Psychiatry
/// 2018; Weiner et al., Ann Emerg Med 2020: the risk of death is highest in the first month after a non-fatal overdose).
/// </remarks>
public static class AdmissionPriority
{
    /// <summary>An overdose on a day from today − 30 to today (inclusive) counts as recent. Mainstay default.</summary>
    public const int RecentOverdoseDays = 30;

    public const string FederalOrderSource =
        "45 CFR 96.131 (preference for pregnant women) and 45 CFR 96.126 (people who inject drugs), SUPTRS Block Grant.";

    public const string OverdoseSource =
        "Mainstay program rule, not in the federal order: death risk is highest in the first month after a non-fatal overdose (Olfson et al. 2018; Weiner et al. 2020).";

    /// <summary>
    /// The group: pregnant and injecting → 1; pregnant → 2; injecting, or an overdose from today − 30 days to today
    /// inclusive → 3; otherwise 4. Unknown answers (<c>null</c>) count as no; an overdose dated after today is ignored.
    /// </summary>
    public static PriorityGroup Group(PriorityFacts facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var pregnant = facts.Pregnant == true;
        var injects = facts.InjectsDrugs == true;
        return (pregnant, injects) switch
        {
            (true, true) => PriorityGroup.PregnantAndInjecting,
            (true, false) => PriorityGroup.Pregnant,
            (false, true) => PriorityGroup.InjectingOrRecentOverdose,
            _ when RecentOverdose(facts, today) => PriorityGroup.InjectingOrRecentOverdose,
            _ => PriorityGroup.Everyone,
        };
    }

    /// <summary>
    /// Why the person is in their group, as sentences for the waiting list; then, for each question not asked yet that
    /// would raise the group if the answer were yes, a sentence saying so. Empty for <see cref="PriorityGroup.Everyone"/>
    /// (use <see cref="Unasked"/> for the questions still open there).
    /// </summary>
    public static IReadOnlyList<string> Reasons(PriorityFacts facts, DateOnly today)
    {
        var group = Group(facts, today);
        var reasons = new List<string>();
        var recent = RecentOverdose(facts, today);
        var overdoseDay = facts.LastOverdose?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (group)
        {
            case PriorityGroup.PregnantAndInjecting:
                reasons.Add("Pregnant and injects drugs: first priority (45 CFR 96.131)");
                break;
            case PriorityGroup.Pregnant:
                reasons.Add("Pregnant: second priority (45 CFR 96.131)");
                break;
            case PriorityGroup.InjectingOrRecentOverdose:
                if (facts.InjectsDrugs == true)
                {
                    reasons.Add("Injects drugs: third priority (45 CFR 96.126)");
                }

                if (recent)
                {
                    reasons.Add($"Non-fatal overdose on {overdoseDay}, within the last {RecentOverdoseDays} days: third priority by program rule (not in the federal order)");
                }

                break;
            case PriorityGroup.Everyone:
                return [];
            default:
                throw new ArgumentOutOfRangeException(nameof(facts), group, "Unknown priority group.");
        }

        if (recent && group is PriorityGroup.PregnantAndInjecting or PriorityGroup.Pregnant)
        {
            reasons.Add($"Also a non-fatal overdose on {overdoseDay}, within the last {RecentOverdoseDays} days: high risk of death");
        }

        if (facts.Pregnant is null && group == PriorityGroup.InjectingOrRecentOverdose)
        {
            reasons.Add("Pregnancy not asked yet (counted as no): if pregnant, the priority is higher");
        }

        if (facts.InjectsDrugs is null && group == PriorityGroup.Pregnant)
        {
            reasons.Add("Injecting drug use not asked yet (counted as no): if yes, first priority");
        }

        return reasons;
    }

    /// <summary>
    /// The screen questions not asked yet (<c>null</c>), whatever the group, for example "pregnancy not asked yet".
    /// A missing overdose date is listed as "last overdose not recorded", since no date may also mean none happened.
    /// </summary>
    public static IReadOnlyList<string> Unasked(PriorityFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var unasked = new List<string>();
        if (facts.Pregnant is null)
        {
            unasked.Add("pregnancy not asked yet");
        }

        if (facts.InjectsDrugs is null)
        {
            unasked.Add("injecting drug use not asked yet");
        }

        if (facts.LastOverdose is null)
        {
            unasked.Add("last overdose not recorded");
        }

        return unasked;
    }

    /// <summary>A short label for lists and badges, e.g. "1 · pregnant and injecting".</summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined group value.</exception>
    public static string Describe(PriorityGroup group) => group switch
    {
        PriorityGroup.PregnantAndInjecting => "1 · pregnant and injecting",
        PriorityGroup.Pregnant => "2 · pregnant",
        PriorityGroup.InjectingOrRecentOverdose => "3 · injecting or recent overdose",
        PriorityGroup.Everyone => "4 · everyone else",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "Unknown priority group."),
    };

    private static bool RecentOverdose(PriorityFacts facts, DateOnly today) =>
        facts.LastOverdose is { } day && day <= today && day >= today.AddDays(-RecentOverdoseDays);
}
