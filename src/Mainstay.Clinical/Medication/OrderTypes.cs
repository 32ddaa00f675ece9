namespace Mainstay.Clinical.Medication;

public enum Moud
{
    Methadone,
    Buprenorphine,
    Naltrexone,
}

/// <summary>A proposed medication order, as the prescriber enters it.</summary>
public sealed record ProposedOrder
{
    public required Moud Medication { get; init; }

    /// <summary>The total daily dose in mg (for XR-naltrexone: the injection, normally 380 mg every 4 weeks).</summary>
    public required decimal DoseMg { get; init; }

    public required DateOnly StartDate { get; init; }

    /// <summary>Split doses in mg when the daily dose is divided (their sum must equal DoseMg).</summary>
    public IReadOnlyList<decimal> SplitDosesMg { get; init; } = [];
}

/// <summary>What the rules need to know about the patient and their recent medication, passed in by the caller.</summary>
public sealed record OrderContext
{
    /// <summary>True when this is the patient's first day on this medication (an induction).</summary>
    public bool FirstDay { get; init; }

    /// <summary>The total already given today of this medication, mg (for first-day totals).</summary>
    public decimal GivenTodayMg { get; init; }

    /// <summary>The current active daily dose of this medication, when there is one (for titration rules).</summary>
    public decimal? CurrentDoseMg { get; init; }

    /// <summary>When the current dose was last increased (for the minimum days between increases).</summary>
    public DateOnly? LastIncreaseOn { get; init; }

    /// <summary>The latest COWS total and when it was taken.</summary>
    public int? LatestCows { get; init; }
    public DateTimeOffset? LatestCowsAt { get; init; }

    /// <summary>Last use of a short-acting opioid (heroin, oxycodone, ...) and of fentanyl, when known.</summary>
    public DateTimeOffset? LastShortActingOpioidUse { get; init; }
    public DateTimeOffset? LastFentanylUse { get; init; }
    public DateTimeOffset? LastLongActingOpioidUse { get; init; }

    /// <summary>Days free of all opioids (for naltrexone), and the result of a naloxone challenge if done.</summary>
    public int? OpioidFreeDays { get; init; }
    public bool NegativeNaloxoneChallenge { get; init; }

    public bool Pregnant { get; init; }
    public bool BenzodiazepineOrSedativeUse { get; init; }
    public bool AlcoholUse { get; init; }

    /// <summary>Latest QTc in milliseconds, when an ECG was done; or known QT risk (structural heart disease, QT-prolonging drugs).</summary>
    public int? QtcMs { get; init; }
    public bool OtherQtRisk { get; init; }

    /// <summary>The time the rules are evaluated (the caller's clock).</summary>
    public required DateTimeOffset Now { get; init; }
}

public enum RuleSeverity
{
    /// <summary>Shown on the order; no override needed.</summary>
    Caution,

    /// <summary>The order is refused unless a prescriber records an override reason.</summary>
    Warning,

    /// <summary>The order is refused; no override.</summary>
    HardStop,
}

/// <summary>One rule an order breaks or touches: stable id, severity, what and why, the cited limit and its source.</summary>
public sealed record RuleFinding(string RuleId, RuleSeverity Severity, string Message, string Limit, string Source);

/// <summary>One step of a generated schedule (induction or taper): the day, the daily dose and a note.</summary>
public sealed record ScheduleStep(DateOnly Day, decimal DoseMg, string Note);
