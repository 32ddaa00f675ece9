using Mainstay.Clinical.Dosing;
using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Tests.Dosing;

/// <summary>Take-home limits by day in treatment (42 CFR 8.12(i)(3), 2024, secondary) and the take-home check.</summary>
public class TakeHomesTests
{
    internal static readonly TakeHomeCriteria AllMet = new()
    {
        NoActiveSubstanceUseOrRisk = true,
        RegularAttendance = true,
        NoSeriousBehavioralProblems = true,
        NoRecentDiversion = true,
        SafeTransportAndStorage = true,
    };

    [Theory]
    [InlineData(1, 7)]
    [InlineData(14, 7)]
    [InlineData(15, 14)]
    [InlineData(30, 14)]
    [InlineData(31, 28)]
    [InlineData(400, 28)]
    public void Methadone_limit_at_each_threshold_day(int day, int limit) =>
        Assert.Equal(limit, TakeHomes.Limit(Moud.Methadone, day).MaximumTakeHomeDays);

    [Fact]
    public void Buprenorphine_28_and_naltrexone_0_from_day_one()
    {
        Assert.Equal(28, TakeHomes.Limit(Moud.Buprenorphine, 1).MaximumTakeHomeDays);
        Assert.Equal(0, TakeHomes.Limit(Moud.Naltrexone, 100).MaximumTakeHomeDays);
    }

    [Fact]
    public void Limit_refuses_day_zero_and_unknown_medication()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TakeHomes.Limit(Moud.Methadone, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TakeHomes.Limit((Moud)9, 5));
    }

    [Fact]
    public void Within_limit_with_criteria_and_approval_is_allowed()
    {
        var check = TakeHomes.Check(Moud.Methadone, 14, 7, AllMet, prescriberApproved: true);
        Assert.True(check.Allowed);
        Assert.Equal(7, check.MaximumTakeHomeDays);
        Assert.Empty(check.Findings);
    }

    [Fact]
    public void Over_the_limit_is_a_hard_stop()
    {
        var check = TakeHomes.Check(Moud.Methadone, 14, 8, AllMet, prescriberApproved: true);
        Assert.False(check.Allowed);
        Assert.Equal(RuleSeverity.HardStop, Assert.Single(check.Findings, f => f.RuleId == "take-home-over-limit").Severity);
        Assert.True(TakeHomes.Check(Moud.Methadone, 15, 8, AllMet, true).Allowed);
    }

    [Fact]
    public void Each_unmet_criterion_is_a_named_warning()
    {
        var check = TakeHomes.Check(Moud.Methadone, 40, 7, new TakeHomeCriteria { RegularAttendance = true }, prescriberApproved: true);
        Assert.False(check.Allowed);
        var warnings = check.Findings.Where(f => f.RuleId == "take-home-criteria").ToList();
        Assert.Equal(4, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(RuleSeverity.Warning, w.Severity));
        Assert.Equal(["Criterion 1", "Criterion 3", "Criterion 4", "Criterion 5"], warnings.Select(w => w.Message[..11]));
    }

    [Fact]
    public void No_prescriber_approval_is_a_hard_stop()
    {
        var check = TakeHomes.Check(Moud.Buprenorphine, 3, 7, AllMet, prescriberApproved: false);
        Assert.False(check.Allowed);
        Assert.Equal(RuleSeverity.HardStop, Assert.Single(check.Findings).Severity);
        Assert.Equal("take-home-approval", check.Findings[0].RuleId);
    }

    [Fact]
    public void Negative_days_are_invalid()
    {
        var check = TakeHomes.Check(Moud.Methadone, 10, -1, AllMet, true);
        Assert.False(check.Allowed);
        Assert.Equal("take-home-invalid", Assert.Single(check.Findings).RuleId);
        Assert.Equal("take-home-invalid", Assert.Single(TakeHomes.Check(Moud.Methadone, 0, 1, AllMet, true).Findings).RuleId);
    }

    [Fact]
    public void Closure_days_do_not_count_against_the_methadone_limit()
    {
        Assert.True(TakeHomes.Check(Moud.Methadone, 1, 7, AllMet, true, closureDays: 2).Allowed);
        Assert.False(TakeHomes.Check(Moud.Naltrexone, 40, 0, AllMet, true, closureDays: 1).Allowed);
    }
}
