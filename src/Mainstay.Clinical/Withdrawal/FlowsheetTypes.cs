namespace Mainstay.Clinical.Withdrawal;

/// <summary>One row of a withdrawal flowsheet: scores and vital signs at a time.</summary>
public sealed record FlowsheetReading
{
    public required DateTimeOffset At { get; init; }
    public int? Cows { get; init; }
    public int? Sows { get; init; }
    public int? PulseBpm { get; init; }
    public int? SystolicMmHg { get; init; }
    public int? DiastolicMmHg { get; init; }
    public decimal? TemperatureC { get; init; }
    public int? RespiratoryRate { get; init; }
    public int? SpO2Percent { get; init; }
}

public enum WithdrawalProtocol
{
    /// <summary>Standard buprenorphine induction: assess every 1–2 hours until stable.</summary>
    BuprenorphineStandard,

    /// <summary>Low-dose ("micro") buprenorphine induction over about a week.</summary>
    BuprenorphineLowDose,

    /// <summary>Methadone induction.</summary>
    Methadone,

    /// <summary>Symptom-managed withdrawal (e.g. before naltrexone), without opioid agonist.</summary>
    SymptomManaged,
}

/// <summary>An alert on the unit's board: what is wrong, how serious, and the reading it came from.</summary>
public sealed record FlowsheetAlert(string Code, Instruments.AlertSeverity Severity, string Text);
