namespace Mainstay.Clinical.Medication;

/// <summary>One order rule as listed for prescribers: stable id, the highest severity it can raise, the limit and its source.</summary>
public sealed record OrderRuleInfo(string RuleId, RuleSeverity Severity, string Limit, string Source);

/// <summary>
/// Safety rules for a proposed methadone, buprenorphine or naltrexone order. Pure: everything,
/// including the time (<see cref="OrderContext.Now"/>), is passed in. Each finding carries its
/// stable rule id, severity, the cited limit and the source. Sources, their strength and what is
/// unconfirmed are in docs/CLINICAL.md, section "Medication orders and withdrawal".
/// </summary>
public static class OrderRules
{
    // Mainstay defaults; each is cited (and marked where unconfirmed) in the rule's Source text.
    internal const int BupCowsThreshold = 8;
    internal static readonly TimeSpan BupCowsMaxAge = TimeSpan.FromHours(2);
    internal static readonly TimeSpan BupSinceShortActing = TimeSpan.FromHours(12);
    internal static readonly TimeSpan BupSinceFentanyl = TimeSpan.FromHours(24);
    internal static readonly TimeSpan BupSinceLongActing = TimeSpan.FromHours(24);
    internal const decimal BupDayOneCeilingMg = 16m;
    internal const decimal BupMaxDoseMg = 24m;
    internal const decimal MethadoneFirstDayTotalMg = 50m;
    internal const decimal MethadoneInitialDoseMg = 30m;
    internal const decimal MethadoneIncreaseMaxMg = 10m;
    internal const int MethadoneIncreaseMinDays = 3;
    internal const int QtcCautionMs = 450;
    internal const int QtcWarningMs = 500;
    internal const int NaltrexoneOpioidFreeDays = 7;

    private static readonly OrderRuleInfo DoseInvalid = new("dose-invalid", RuleSeverity.HardStop,
        "The daily dose must be greater than 0 mg.",
        "Mainstay data check.");

    private static readonly OrderRuleInfo SplitMismatch = new("split-mismatch", RuleSeverity.HardStop,
        "Split doses, when given, must each be greater than 0 mg and sum to the daily dose.",
        "Mainstay data check.");

    private static readonly OrderRuleInfo MedicationUnknown = new("medication-unknown", RuleSeverity.HardStop,
        "The medication must be methadone, buprenorphine or naltrexone.",
        "Mainstay data check.");

    private static readonly OrderRuleInfo BupCows = new("bup-cows-threshold", RuleSeverity.Warning,
        "Standard buprenorphine induction: a COWS of at least 8, taken no more than 2 hours before the order.",
        "ASAM National Practice Guideline 2020 Focused Update: wait for mild to moderate withdrawal before the first dose [A/B]. " +
        "COWS >= 8 is a widely used research and clinical convention (e.g. NIDA CTN-0097 analyses) [B], not a number from the guideline; " +
        "the 2-hour freshness window is a Mainstay default.");

    private static readonly OrderRuleInfo BupShortActing = new("bup-since-short-acting", RuleSeverity.Warning,
        "Standard buprenorphine induction: at least 12 hours since the last short-acting opioid.",
        "ASAM National Practice Guideline 2020 Focused Update: 6-12 hours after the last short-acting opioid [A/B]; " +
        "Mainstay uses the conservative end, 12 hours.");

    private static readonly OrderRuleInfo BupFentanyl = new("bup-since-fentanyl", RuleSeverity.Warning,
        "Standard buprenorphine induction: at least 24 hours since the last fentanyl use.",
        "Weimer MB et al., ASAM Clinical Considerations, J Addict Med 2023;17(6):632-639 (fentanyl-era initiation; read as a summary) [A/B]. " +
        "Waiting times after fentanyl vary in practice; 24 hours is Mainstay's conservative default, not a guideline figure. " +
        "Low-dose initiation without stopping fentanyl is the alternative.");

    private static readonly OrderRuleInfo BupLongActing = new("bup-since-long-acting", RuleSeverity.Warning,
        "Standard buprenorphine induction: at least 24 hours since the last long-acting opioid (e.g. methadone).",
        "ASAM National Practice Guideline 2020 Focused Update: 24-72 hours after the last long-acting opioid [A/B]; " +
        "Mainstay warns below the lower end, 24 hours.");

    private static readonly OrderRuleInfo BupDayOne = new("bup-day-one-ceiling", RuleSeverity.Warning,
        "Buprenorphine first day: total (given today + this order) at most 16 mg unless a prescriber records why.",
        "Typical day-1 maximum 8-16 mg from protocol summaries [C] (the ASAM 2020 day-1 maximum was not read). " +
        "Weimer et al. 2023 allow > 24 mg on day 1 for high opioid tolerance with clinical judgment [A/B], hence overridable.");

    private static readonly OrderRuleInfo BupMax = new("bup-max-dose", RuleSeverity.Warning,
        "Buprenorphine: daily dose above 24 mg needs a recorded reason.",
        "ASAM National Practice Guideline 2020 dose table: 4-24 mg/day [B]; Weimer et al. 2023: some patients with high tolerance need > 24 mg/day [A/B].");

    private static readonly OrderRuleInfo MethadoneFirstDay = new("methadone-first-day-total", RuleSeverity.Warning,
        "Methadone first day: total (given today + this order) at most 50 mg unless the practitioner documents that a higher dose was clinically indicated.",
        "42 CFR 8.12(h)(3)(ii) as revised by the 2024 final rule (89 FR 7528); paragraph read only through secondary sources [C], UNCONFIRMED against eCFR.");

    private static readonly OrderRuleInfo MethadoneInitial = new("methadone-initial-dose", RuleSeverity.Caution,
        "Methadone first day: a single dose above 30 mg.",
        "FDA methadone label: \"The initial dose should not exceed 30 mg\" (label quoted by a secondary source [C]; label text not read; " +
        "the 12/2025 label revision was not read).");

    private static readonly OrderRuleInfo MethadoneIncreaseSize = new("methadone-increase-size", RuleSeverity.Warning,
        "Methadone titration: an increase of more than 10 mg over the current daily dose.",
        "Mainstay default from international guidance (UK: increases of 5-10 mg; NIDA archive comparison [B]); " +
        "UNCONFIRMED for a US guideline.");

    private static readonly OrderRuleInfo MethadoneIncreaseInterval = new("methadone-increase-interval", RuleSeverity.Warning,
        "Methadone titration: an increase fewer than 3 days after the last increase.",
        "FDA methadone label as quoted: steady state after 3-5 days [C]; the 3-day minimum is a Mainstay default from that and " +
        "international guidance; UNCONFIRMED for a US guideline.");

    private static readonly OrderRuleInfo MethadoneQtc = new("methadone-qtc", RuleSeverity.Warning,
        "Methadone: QTc above 500 ms (Warning); QTc 450-500 ms or other QT risk (Caution).",
        "Krantz MJ, Martin J, et al., QTc interval screening in methadone treatment, Ann Intern Med 2009;150(6):387-395 " +
        "(abstract read: QTc > 450 and < 500 ms discuss risks and monitor more often; > 500 ms consider reducing or stopping) [A]; " +
        "Martin JA et al., SAMHSA expert panel, J Addict Dis 2011;30(4):283-306 (abstract read) [A]; FDA methadone boxed warning on QT prolongation (not read). " +
        "Mainstay cautions from 450 ms inclusive.");

    private static readonly OrderRuleInfo NaltrexoneOpioidFree = new("naltrexone-opioid-free", RuleSeverity.HardStop,
        "Naltrexone start: at least 7 opioid-free days, or a negative naloxone challenge.",
        "Naltrexone / XR-naltrexone labels as summarized: opioid-free 7-10 days (longer after methadone or buprenorphine) [C]; " +
        "ASAM patient guide 2025: supervised withdrawal typically 6-10 days [B]. Label text not read.");

    private static readonly OrderRuleInfo NaltrexonePregnancy = new("naltrexone-pregnancy", RuleSeverity.Warning,
        "Naltrexone in pregnancy needs a prescriber's recorded decision.",
        "Mainstay default: methadone and buprenorphine are the studied options in pregnancy (ACOG Committee Opinion 711, 2017, cited not read); " +
        "naltrexone data in pregnancy are limited.");

    private static readonly OrderRuleInfo Pregnancy = new("pregnancy", RuleSeverity.Caution,
        "Methadone or buprenorphine in pregnancy: doses may need adjusting, especially in the third trimester; coordinate with obstetrics.",
        "ACOG Committee Opinion 711, Opioid use and opioid use disorder in pregnancy, 2017 (cited, not read in the reference notes).");

    private static readonly OrderRuleInfo SedativeCoUse = new("sedative-co-use", RuleSeverity.Warning,
        "Methadone or buprenorphine with benzodiazepine, other sedative or alcohol use: overdose risk; do not withhold treatment, record the plan.",
        "FDA boxed warning on opioids with benzodiazepines/CNS depressants (2016) and FDA Drug Safety Communication, Sept 2017, " +
        "advising not to withhold buprenorphine or methadone from patients taking benzodiazepines (both cited, not read in the reference notes).");

    /// <summary>Every rule, in the order it is checked.</summary>
    public static IReadOnlyList<OrderRuleInfo> All { get; } =
    [
        DoseInvalid, SplitMismatch, MedicationUnknown,
        BupCows, BupShortActing, BupFentanyl, BupLongActing, BupDayOne, BupMax,
        MethadoneFirstDay, MethadoneInitial, MethadoneIncreaseSize, MethadoneIncreaseInterval, MethadoneQtc,
        NaltrexoneOpioidFree, NaltrexonePregnancy,
        Pregnancy, SedativeCoUse,
    ];

    /// <summary>
    /// The findings for <paramref name="order"/> in <paramref name="context"/>, in the order of
    /// <see cref="All"/>; empty when nothing applies. An invalid dose or an unknown medication
    /// returns only the data findings (no clinical rule is meaningful then).
    /// </summary>
    public static IReadOnlyList<RuleFinding> Check(ProposedOrder order, OrderContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<RuleFinding>();

        if (order.DoseMg <= 0)
        {
            findings.Add(Find(DoseInvalid, $"Dose {order.DoseMg} mg is not greater than 0 mg."));
        }

        var splits = order.SplitDosesMg ?? [];
        if (splits.Count > 0 && (splits.Any(s => s <= 0) || splits.Sum() != order.DoseMg))
        {
            findings.Add(Find(SplitMismatch,
                $"Split doses {string.Join(" + ", splits)} mg do not make the daily dose of {order.DoseMg} mg."));
        }

        if (!Enum.IsDefined(order.Medication))
        {
            findings.Add(Find(MedicationUnknown, $"Unknown medication ({(int)order.Medication})."));
        }

        if (findings.Count > 0)
        {
            return findings;
        }

        switch (order.Medication)
        {
            case Moud.Buprenorphine:
                CheckBuprenorphine(order, context, findings);
                break;
            case Moud.Methadone:
                CheckMethadone(order, context, findings, splits);
                break;
            case Moud.Naltrexone:
                CheckNaltrexone(context, findings);
                break;
        }

        if (context.Pregnant && order.Medication is Moud.Methadone or Moud.Buprenorphine)
        {
            findings.Add(Find(Pregnancy, "Patient is pregnant: review the dose as pregnancy progresses and coordinate with obstetrics."));
        }

        if ((context.BenzodiazepineOrSedativeUse || context.AlcoholUse) && order.Medication is Moud.Methadone or Moud.Buprenorphine)
        {
            var what = (context.BenzodiazepineOrSedativeUse, context.AlcoholUse) switch
            {
                (true, true) => "benzodiazepine or sedative and alcohol use",
                (true, false) => "benzodiazepine or sedative use",
                _ => "alcohol use",
            };
            findings.Add(Find(SedativeCoUse,
                $"Recorded {what}: higher risk of respiratory depression and overdose. Do not withhold treatment; record the safety plan."));
        }

        return findings;
    }

    private static void CheckBuprenorphine(ProposedOrder order, OrderContext c, List<RuleFinding> findings)
    {
        if (c.FirstDay)
        {
            if (c.LatestCows is not { } cows || c.LatestCowsAt is not { } at)
            {
                findings.Add(Find(BupCows, "No COWS recorded before this first dose."));
            }
            else if (at > c.Now)
            {
                findings.Add(Find(BupCows, "The latest COWS is timed after now; record a current COWS."));
            }
            else if (c.Now - at > BupCowsMaxAge)
            {
                findings.Add(Find(BupCows, $"The latest COWS is {Hours(c.Now - at)} old (more than 2 hours); record a current COWS."));
            }
            else if (cows < BupCowsThreshold)
            {
                findings.Add(Find(BupCows, $"COWS {cows} is below 8: withdrawal may not yet be enough to avoid precipitated withdrawal."));
            }

            SinceLast(c.LastShortActingOpioidUse, BupSinceShortActing, BupShortActing, "a short-acting opioid", c, findings);
            SinceLast(c.LastFentanylUse, BupSinceFentanyl, BupFentanyl, "fentanyl", c, findings);
            SinceLast(c.LastLongActingOpioidUse, BupSinceLongActing, BupLongActing, "a long-acting opioid", c, findings);

            var total = order.DoseMg + c.GivenTodayMg;
            if (total > BupDayOneCeilingMg)
            {
                findings.Add(Find(BupDayOne, $"First-day total would be {total} mg (above 16 mg)."));
            }
        }

        if (order.DoseMg > BupMaxDoseMg)
        {
            findings.Add(Find(BupMax, $"Daily dose {order.DoseMg} mg is above 24 mg."));
        }
    }

    private static void CheckMethadone(ProposedOrder order, OrderContext c, List<RuleFinding> findings, IReadOnlyList<decimal> splits)
    {
        if (c.FirstDay)
        {
            var total = order.DoseMg + c.GivenTodayMg;
            if (total > MethadoneFirstDayTotalMg)
            {
                findings.Add(Find(MethadoneFirstDay,
                    $"First-day total would be {total} mg (above 50 mg); document why a higher dose is clinically indicated."));
            }

            var largest = splits.Count > 0 ? splits.Max() : order.DoseMg;
            if (largest > MethadoneInitialDoseMg)
            {
                findings.Add(Find(MethadoneInitial, $"A single first-day dose of {largest} mg is above 30 mg."));
            }
        }

        if (c.CurrentDoseMg is { } current && order.DoseMg > current)
        {
            var increase = order.DoseMg - current;
            if (increase > MethadoneIncreaseMaxMg)
            {
                findings.Add(Find(MethadoneIncreaseSize, $"Increase of {increase} mg from {current} mg is more than 10 mg."));
            }

            if (c.LastIncreaseOn is { } last && order.StartDate.DayNumber - last.DayNumber < MethadoneIncreaseMinDays)
            {
                var days = order.StartDate.DayNumber - last.DayNumber;
                findings.Add(Find(MethadoneIncreaseInterval,
                    $"Increase starts {days} day(s) after the last increase on {last:yyyy-MM-dd}; methadone reaches steady state over 3-5 days."));
            }
        }

        if (c.QtcMs is { } qtc && qtc > QtcWarningMs)
        {
            findings.Add(Find(MethadoneQtc, RuleSeverity.Warning, $"QTc {qtc} ms is above 500 ms: consider reducing or changing treatment; record the decision."));
        }
        else if (c.QtcMs is >= QtcCautionMs)
        {
            findings.Add(Find(MethadoneQtc, RuleSeverity.Caution, $"QTc {c.QtcMs} ms is 450-500 ms: discuss risks and monitor more often."));
        }
        else if (c.OtherQtRisk)
        {
            findings.Add(Find(MethadoneQtc, RuleSeverity.Caution, "Other QT risk recorded: consider an ECG and monitor."));
        }
    }

    private static void CheckNaltrexone(OrderContext c, List<RuleFinding> findings)
    {
        var starting = c.FirstDay || c.CurrentDoseMg is null;
        if (starting && !c.NegativeNaloxoneChallenge && c.OpioidFreeDays is not >= NaltrexoneOpioidFreeDays)
        {
            var days = c.OpioidFreeDays is { } d ? $"{d} opioid-free day(s)" : "no recorded opioid-free days";
            findings.Add(Find(NaltrexoneOpioidFree,
                $"{char.ToUpperInvariant(days[0])}{days[1..]} and no negative naloxone challenge: naltrexone can precipitate withdrawal."));
        }

        if (c.Pregnant)
        {
            findings.Add(Find(NaltrexonePregnancy, "Patient is pregnant: record why naltrexone rather than methadone or buprenorphine."));
        }
    }

    private static void SinceLast(DateTimeOffset? last, TimeSpan minimum, OrderRuleInfo rule, string what, OrderContext c, List<RuleFinding> findings)
    {
        if (last is { } t && c.Now - t < minimum)
        {
            var ago = c.Now < t ? "is timed after now" : $"was {Hours(c.Now - t)} ago";
            findings.Add(Find(rule, $"Last use of {what} {ago} (less than {minimum.TotalHours:0} hours)."));
        }
    }

    private static string Hours(TimeSpan span) => $"{(int)span.TotalHours} h {span.Minutes:00} min";

    private static RuleFinding Find(OrderRuleInfo rule, string message) => Find(rule, rule.Severity, message);

    private static RuleFinding Find(OrderRuleInfo rule, RuleSeverity severity, string message) =>
        new(rule.RuleId, severity, message, rule.Limit, rule.Source);
}
