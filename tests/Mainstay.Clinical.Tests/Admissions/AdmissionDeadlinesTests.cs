using CsCheck;
using Mainstay.Clinical.Admissions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>45 CFR 96.126(b): 14 days, or 120 days with interim services within 48 hours.</summary>
public class AdmissionDeadlinesTests
{
    private static readonly DateTimeOffset Asked = new(2026, 3, 9, 16, 30, 0, TimeSpan.FromHours(-5));
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void The_deadlines_are_48_hours_14_days_and_120_days_after_the_request()
    {
        var clock = AdmissionDeadlines.For(Asked, null, Asked);
        Assert.Equal(Asked.AddHours(48), clock.InterimServicesDue);
        Assert.Equal(Asked.AddDays(14), clock.AdmitBy);
        Assert.Equal(Asked.AddDays(120), clock.AdmitByWithInterimServices);
        Assert.False(clock.InterimServicesLate);
        Assert.False(clock.AdmissionLate);
        Assert.Equal(0, clock.DaysWaiting);
        Assert.Equal((14, 120, 48), (AdmissionDeadlines.AdmitWithinDays, AdmissionDeadlines.AdmitWithInterimWithinDays, AdmissionDeadlines.InterimServicesWithinHours));
    }

    [Fact]
    public void Interim_services_are_late_only_after_exactly_48_hours()
    {
        Assert.False(AdmissionDeadlines.For(Asked, null, Asked.AddHours(48)).InterimServicesLate);
        Assert.True(AdmissionDeadlines.For(Asked, null, Asked.AddHours(48) + Tick).InterimServicesLate);
    }

    [Fact]
    public void Interim_services_given_at_exactly_48_hours_are_on_time_and_open_the_120_day_limit()
    {
        var given = Asked.AddHours(48);
        var at15Days = AdmissionDeadlines.For(Asked, given, Asked.AddDays(15));
        Assert.False(at15Days.InterimServicesLate);
        Assert.False(at15Days.AdmissionLate);
        Assert.False(AdmissionDeadlines.For(Asked, given, Asked.AddDays(120)).AdmissionLate);
        Assert.True(AdmissionDeadlines.For(Asked, given, Asked.AddDays(120) + Tick).AdmissionLate);
    }

    [Fact]
    public void Interim_services_given_after_48_hours_are_late_and_the_14_day_limit_stays()
    {
        var given = Asked.AddHours(48) + Tick;
        var clock = AdmissionDeadlines.For(Asked, given, Asked.AddDays(3));
        Assert.True(clock.InterimServicesLate);
        Assert.False(clock.AdmissionLate);
        Assert.False(AdmissionDeadlines.For(Asked, given, Asked.AddDays(14)).AdmissionLate);
        Assert.True(AdmissionDeadlines.For(Asked, given, Asked.AddDays(14) + Tick).AdmissionLate);
    }

    [Fact]
    public void Without_interim_services_admission_is_late_after_exactly_14_days()
    {
        Assert.False(AdmissionDeadlines.For(Asked, null, Asked.AddDays(14)).AdmissionLate);
        var late = AdmissionDeadlines.For(Asked, null, Asked.AddDays(14).AddSeconds(1));
        Assert.True(late.AdmissionLate);
        Assert.True(late.InterimServicesLate);
    }

    [Fact]
    public void Interim_services_not_given_yet_within_48_hours_are_not_late()
    {
        var clock = AdmissionDeadlines.For(Asked, null, Asked.AddHours(47));
        Assert.False(clock.InterimServicesLate);
        Assert.False(clock.AdmissionLate);
    }

    [Theory]
    [InlineData(-60, 0)]
    [InlineData(0, 0)]
    [InlineData(60 * 24 - 1, 0)]
    [InlineData(60 * 24, 1)]
    [InlineData((60 * 24 * 14) - 1, 13)]
    [InlineData(60 * 24 * 14, 14)]
    [InlineData(60 * 24 * 120, 120)]
    public void Days_waiting_counts_whole_days_and_never_below_zero(int minutes, int days) =>
        Assert.Equal(days, AdmissionDeadlines.For(Asked, null, Asked.AddMinutes(minutes)).DaysWaiting);

    [Fact]
    public void The_offset_of_now_does_not_matter()
    {
        var nowUtc = Asked.AddDays(14).AddMinutes(1).ToUniversalTime();
        var clock = AdmissionDeadlines.For(Asked, null, nowUtc);
        Assert.True(clock.AdmissionLate);
        Assert.Equal(14, clock.DaysWaiting);
    }

    [Fact]
    public void Lateness_and_days_waiting_never_go_back_as_time_passes() =>
        Gen.Select(Gen.Int[-10_000, 300_000], Gen.Int[0, 10_000], Gen.Int[-1, 10_000]).Sample((minutes, more, interimMinutes) =>
        {
            DateTimeOffset? interim = interimMinutes < 0 ? null : Asked.AddMinutes(interimMinutes);
            var before = AdmissionDeadlines.For(Asked, interim, Asked.AddMinutes(minutes));
            var after = AdmissionDeadlines.For(Asked, interim, Asked.AddMinutes(minutes + more));
            return after.DaysWaiting >= before.DaysWaiting
                && (!before.AdmissionLate || after.AdmissionLate)
                && (!before.InterimServicesLate || after.InterimServicesLate);
        });
}
