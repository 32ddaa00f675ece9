using Mainstay.Clinical.Instruments;

namespace Mainstay.Clinical.Withdrawal;

/// <summary>
/// The withdrawal flowsheet: how often to assess, when the next assessment is due, and which
/// readings raise an alert. The intervals and vital-sign thresholds are Mainstay's protocol
/// defaults, not numbers from a guideline; the COWS bands are the form's (Wesson &amp; Ling 2003).
/// Pure: times are passed in. Sources in docs/CLINICAL.md, section "Medication orders and withdrawal".
/// </summary>
public static class FlowsheetRules
{
    /// <summary>COWS at or above this (moderate, 13–24, or worse) keeps standard buprenorphine induction on hourly checks.</summary>
    public const int HourlyCowsThreshold = 13;

    /// <summary>
    /// Time between assessments. Standard buprenorphine induction: 1 hour while COWS is 13 or more
    /// (moderate or worse) or not recorded, otherwise 2 hours. Low-dose buprenorphine, methadone and
    /// symptom-managed withdrawal: 4 hours. An undefined protocol gets the shortest interval (1 hour).
    /// </summary>
    public static TimeSpan AssessmentInterval(WithdrawalProtocol protocol, int? latestCows) => protocol switch
    {
        WithdrawalProtocol.BuprenorphineStandard =>
            latestCows is < HourlyCowsThreshold ? TimeSpan.FromHours(2) : TimeSpan.FromHours(1),
        WithdrawalProtocol.BuprenorphineLowDose => TimeSpan.FromHours(4),
        WithdrawalProtocol.Methadone => TimeSpan.FromHours(4),
        WithdrawalProtocol.SymptomManaged => TimeSpan.FromHours(4),
        _ => TimeSpan.FromHours(1),
    };

    /// <summary>
    /// When the next assessment is due: at <paramref name="episodeStart"/> when there is no reading yet,
    /// otherwise the latest reading's time plus <see cref="AssessmentInterval"/> for its COWS.
    /// </summary>
    public static DateTimeOffset NextDue(WithdrawalProtocol protocol, FlowsheetReading? latest, DateTimeOffset episodeStart) =>
        latest is null ? episodeStart : latest.At + AssessmentInterval(protocol, latest.Cows);

    /// <summary>True when <paramref name="now"/> is after <paramref name="due"/> (an assessment due exactly now is not yet overdue).</summary>
    public static bool IsOverdue(DateTimeOffset due, DateTimeOffset now) => now > due;

    /// <summary>
    /// Alerts for one reading; a value that is not recorded raises nothing. COWS 25–36 (moderately
    /// severe) is a Warning and 37 or more (severe) Danger. Vital signs (Mainstay alerting defaults):
    /// pulse above 120 or below 50, systolic above 180 or below 90, diastolic above 110, temperature
    /// 38.0 °C or more, respiratory rate above 24 are Warnings; respiratory rate below 10 and SpO2
    /// below 92 % are Danger (possible opioid toxicity).
    /// </summary>
    public static IReadOnlyList<FlowsheetAlert> Alerts(FlowsheetReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var alerts = new List<FlowsheetAlert>();

        switch (reading.Cows)
        {
            case >= 37:
                alerts.Add(new("cows-severe", AlertSeverity.Danger, $"COWS {reading.Cows}: severe withdrawal (more than 36)."));
                break;
            case >= 25:
                alerts.Add(new("cows-moderately-severe", AlertSeverity.Warning, $"COWS {reading.Cows}: moderately severe withdrawal (25-36)."));
                break;
        }

        switch (reading.PulseBpm)
        {
            case > 120:
                alerts.Add(new("pulse-high", AlertSeverity.Warning, $"Pulse {reading.PulseBpm}/min is above 120."));
                break;
            case < 50:
                alerts.Add(new("pulse-low", AlertSeverity.Warning, $"Pulse {reading.PulseBpm}/min is below 50."));
                break;
        }

        switch (reading.SystolicMmHg)
        {
            case > 180:
                alerts.Add(new("systolic-high", AlertSeverity.Warning, $"Systolic blood pressure {reading.SystolicMmHg} mmHg is above 180."));
                break;
            case < 90:
                alerts.Add(new("systolic-low", AlertSeverity.Warning, $"Systolic blood pressure {reading.SystolicMmHg} mmHg is below 90."));
                break;
        }

        if (reading.DiastolicMmHg is > 110)
        {
            alerts.Add(new("diastolic-high", AlertSeverity.Warning, $"Diastolic blood pressure {reading.DiastolicMmHg} mmHg is above 110."));
        }

        if (reading.TemperatureC is >= 38.0m)
        {
            alerts.Add(new("temperature-high", AlertSeverity.Warning, $"Temperature {reading.TemperatureC} °C is 38.0 °C or more."));
        }

        switch (reading.RespiratoryRate)
        {
            case < 10:
                alerts.Add(new("respiratory-rate-low", AlertSeverity.Danger,
                    $"Respiratory rate {reading.RespiratoryRate}/min is below 10: possible opioid toxicity."));
                break;
            case > 24:
                alerts.Add(new("respiratory-rate-high", AlertSeverity.Warning, $"Respiratory rate {reading.RespiratoryRate}/min is above 24."));
                break;
        }

        if (reading.SpO2Percent is < 92)
        {
            alerts.Add(new("spo2-low", AlertSeverity.Danger, $"SpO2 {reading.SpO2Percent} % is below 92 %: possible opioid toxicity."));
        }

        return alerts;
    }
}
