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
}
