using Mainstay.Clinical.Dosing;
using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Tests.Dosing;

/// <summary>Missed-dose counting and the methadone (Australian schedule) / buprenorphine / naltrexone advice.</summary>
public class MissedDosesTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);
    private static readonly DateOnly OrderStart = new(2026, 2, 1);

    [Theory]
    [InlineData(0, MissedDoseAction.DoseAsOrdered, null)]
    [InlineData(1, MissedDoseAction.DoseAsOrdered, null)]
    [InlineData(2, MissedDoseAction.DoseIfNotIntoxicated, null)]
    [InlineData(3, MissedDoseAction.PrescriberReviewReducedDose, 50.0)]
    [InlineData(4, MissedDoseAction.PrescriberReviewReducedDose, 40.0)]
    [InlineData(5, MissedDoseAction.ReInduction, null)]
    [InlineData(30, MissedDoseAction.ReInduction, null)]
    public void Methadone_follows_the_australian_schedule_at_each_day(int missed, MissedDoseAction action, double? maxMg)
    {
        var advice = MissedDoses.Advise(Moud.Methadone, missed, 100m);
        Assert.Equal(action, advice.Action);
        Assert.Equal(maxMg is null ? null : (decimal)maxMg, advice.MaximumDoseMg);
        Assert.Equal(missed, advice.ConsecutiveMissedDays);
        Assert.Contains("Australian", advice.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Methadone_four_days_caps_at_half_the_dose_when_that_is_below_40_mg()
    {
        Assert.Equal(30m, MissedDoses.Advise(Moud.Methadone, 4, 60m).MaximumDoseMg);
        Assert.Equal(40m, MissedDoses.Advise(Moud.Methadone, 4, 80m).MaximumDoseMg);
        Assert.Equal(32.5m, MissedDoses.Advise(Moud.Methadone, 3, 65m).MaximumDoseMg);
    }

    [Theory]
    [InlineData(0, MissedDoseAction.DoseAsOrdered)]
    [InlineData(2, MissedDoseAction.DoseAsOrdered)]
    [InlineData(3, MissedDoseAction.DoseIfNotIntoxicated)]
    [InlineData(4, MissedDoseAction.DoseIfNotIntoxicated)]
    [InlineData(5, MissedDoseAction.PrescriberReviewReducedDose)]
    public void Buprenorphine_uses_the_mainstay_default(int missed, MissedDoseAction action)
    {
        var advice = MissedDoses.Advise(Moud.Buprenorphine, missed, 16m);
        Assert.Equal(action, advice.Action);
        Assert.Null(advice.MaximumDoseMg);
        Assert.Contains("Mainstay default", advice.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Naltrexone_is_always_dose_as_ordered()
    {
        var advice = MissedDoses.Advise(Moud.Naltrexone, 20, 380m);
        Assert.Equal(MissedDoseAction.DoseAsOrdered, advice.Action);
        Assert.Contains("injection", advice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MissedDoses.Advise(Moud.Methadone, -1, 100m));
        Assert.Throws<ArgumentOutOfRangeException>(() => MissedDoses.Advise(Moud.Methadone, 1, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => MissedDoses.Advise((Moud)9, 1, 10m));
    }

    [Fact]
    public void Counts_back_from_yesterday_to_the_last_dosed_day()
    {
        DateOnly[] dosed = [Today.AddDays(-10), Today.AddDays(-4)];
        Assert.Equal(3, MissedDoses.ConsecutiveMissed(dosed, Today, OrderStart));
        Assert.Equal(0, MissedDoses.ConsecutiveMissed([Today.AddDays(-1)], Today, OrderStart));
    }

    [Fact]
    public void A_dose_today_or_later_is_not_counted()
    {
        DateOnly[] dosed = [Today.AddDays(-3), Today, Today.AddDays(2)];
        Assert.Equal(2, MissedDoses.ConsecutiveMissed(dosed, Today, OrderStart));
    }

    [Fact]
    public void Days_before_the_order_start_do_not_count()
    {
        var start = Today.AddDays(-2);
        Assert.Equal(2, MissedDoses.ConsecutiveMissed([], Today, start));
        Assert.Equal(2, MissedDoses.ConsecutiveMissed([Today.AddDays(-20)], Today, start));
        Assert.Equal(0, MissedDoses.ConsecutiveMissed([], Today, Today));
        Assert.Equal(0, MissedDoses.ConsecutiveMissed([], Today, Today.AddDays(3)));
    }
}
