using Mainstay.Clinical.Instruments;
using Mainstay.Clinical.Withdrawal;

namespace Mainstay.Clinical.Tests.Withdrawal;

/// <summary>Flowsheet intervals (Mainstay protocol defaults), due times and alert thresholds.</summary>
public class FlowsheetRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(WithdrawalProtocol.BuprenorphineStandard, 13, 1)]
    [InlineData(WithdrawalProtocol.BuprenorphineStandard, 30, 1)]
    [InlineData(WithdrawalProtocol.BuprenorphineStandard, 12, 2)]
    [InlineData(WithdrawalProtocol.BuprenorphineStandard, 0, 2)]
    [InlineData(WithdrawalProtocol.BuprenorphineStandard, null, 1)]
    [InlineData(WithdrawalProtocol.BuprenorphineLowDose, 20, 4)]
    [InlineData(WithdrawalProtocol.Methadone, 20, 4)]
    [InlineData(WithdrawalProtocol.SymptomManaged, null, 4)]
    [InlineData((WithdrawalProtocol)99, 3, 1)]
    public void Assessment_interval_by_protocol_and_cows(WithdrawalProtocol protocol, int? cows, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), FlowsheetRules.AssessmentInterval(protocol, cows));

    [Fact]
    public void The_first_assessment_is_due_at_the_start_then_after_each_reading()
    {
        Assert.Equal(Start, FlowsheetRules.NextDue(WithdrawalProtocol.BuprenorphineStandard, null, Start));
        var reading = new FlowsheetReading { At = Start.AddMinutes(40), Cows = 9 };
        Assert.Equal(Start.AddMinutes(160), FlowsheetRules.NextDue(WithdrawalProtocol.BuprenorphineStandard, reading, Start));
        Assert.Equal(Start.AddMinutes(280), FlowsheetRules.NextDue(WithdrawalProtocol.Methadone, reading, Start));
    }

    [Fact]
    public void Due_exactly_now_is_not_overdue()
    {
        Assert.False(FlowsheetRules.IsOverdue(Start, Start));
        Assert.True(FlowsheetRules.IsOverdue(Start, Start.AddSeconds(1)));
        Assert.False(FlowsheetRules.IsOverdue(Start, Start.AddSeconds(-1)));
    }

    private static IReadOnlyList<(string, AlertSeverity)> Alerts(FlowsheetReading r) =>
        FlowsheetRules.Alerts(r).Select(a => (a.Code, a.Severity)).ToList();

    [Theory]
    [InlineData(24, null, null)]
    [InlineData(25, "cows-moderately-severe", AlertSeverity.Warning)]
    [InlineData(36, "cows-moderately-severe", AlertSeverity.Warning)]
    [InlineData(37, "cows-severe", AlertSeverity.Danger)]
    public void Cows_bands_25_and_37(int cows, string? code, AlertSeverity? severity)
    {
        var alerts = Alerts(new() { At = Start, Cows = cows });
        Assert.Equal(code is null ? [] : [(code, severity!.Value)], alerts);
    }

    [Fact]
    public void A_reading_with_nothing_recorded_or_all_normal_raises_nothing()
    {
        Assert.Empty(Alerts(new() { At = Start }));
        Assert.Empty(Alerts(new()
        {
            At = Start,
            Cows = 24,
            PulseBpm = 120,
            SystolicMmHg = 180,
            DiastolicMmHg = 110,
            TemperatureC = 37.9m,
            RespiratoryRate = 10,
            SpO2Percent = 92,
        }));
        Assert.Empty(Alerts(new() { At = Start, PulseBpm = 50, SystolicMmHg = 90, RespiratoryRate = 24 }));
    }

    [Theory]
    [InlineData(121, null, null, null, null, null, "pulse-high", AlertSeverity.Warning)]
    [InlineData(49, null, null, null, null, null, "pulse-low", AlertSeverity.Warning)]
    [InlineData(null, 181, null, null, null, null, "systolic-high", AlertSeverity.Warning)]
    [InlineData(null, 89, null, null, null, null, "systolic-low", AlertSeverity.Warning)]
    [InlineData(null, null, 111, null, null, null, "diastolic-high", AlertSeverity.Warning)]
    [InlineData(null, null, null, 38.0, null, null, "temperature-high", AlertSeverity.Warning)]
    [InlineData(null, null, null, null, 9, null, "respiratory-rate-low", AlertSeverity.Danger)]
    [InlineData(null, null, null, null, 25, null, "respiratory-rate-high", AlertSeverity.Warning)]
    [InlineData(null, null, null, null, null, 91, "spo2-low", AlertSeverity.Danger)]
    public void Each_vital_sign_alerts_just_past_its_threshold(
        int? pulse, int? systolic, int? diastolic, double? temperature, int? respiratoryRate, int? spo2, string code, AlertSeverity severity)
    {
        var reading = new FlowsheetReading
        {
            At = Start,
            PulseBpm = pulse,
            SystolicMmHg = systolic,
            DiastolicMmHg = diastolic,
            TemperatureC = (decimal?)temperature,
            RespiratoryRate = respiratoryRate,
            SpO2Percent = spo2,
        };
        Assert.Equal([(code, severity)], Alerts(reading));
    }

    [Fact]
    public void Several_problems_give_several_alerts()
    {
        var reading = new FlowsheetReading { At = Start, Cows = 40, PulseBpm = 130, RespiratoryRate = 8, SpO2Percent = 85 };
        Assert.Equal(
            [("cows-severe", AlertSeverity.Danger), ("pulse-high", AlertSeverity.Warning), ("respiratory-rate-low", AlertSeverity.Danger), ("spo2-low", AlertSeverity.Danger)],
            Alerts(reading));
        Assert.Throws<ArgumentNullException>(() => FlowsheetRules.Alerts(null!));
    }
}
