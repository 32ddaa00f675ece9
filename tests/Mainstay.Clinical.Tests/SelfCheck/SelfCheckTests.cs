using CsCheck;
using Mainstay.Clinical.SelfCheck;

namespace Mainstay.Clinical.Tests.SelfCheck;

/// <summary>The anonymous self-check: DSM-5 bands from the count of yes answers, the as-prescribed rule, risks and withdrawal.</summary>
public sealed class SelfCheckTests
{
    private static SelfCheckAnswers Yes(params int[] criteria) => new() { CriteriaYes = criteria.ToHashSet() };

    [Theory]
    [InlineData(0, SelfCheckBand.FewSigns)]
    [InlineData(1, SelfCheckBand.FewSigns)]
    [InlineData(2, SelfCheckBand.Mild)]
    [InlineData(3, SelfCheckBand.Mild)]
    [InlineData(4, SelfCheckBand.Moderate)]
    [InlineData(5, SelfCheckBand.Moderate)]
    [InlineData(6, SelfCheckBand.Severe)]
    [InlineData(11, SelfCheckBand.Severe)]
    public void The_bands_are_the_DSM5_counts(int yes, SelfCheckBand band)
    {
        var reading = Mainstay.Clinical.SelfCheck.SelfCheck.Read(Yes([.. Enumerable.Range(1, yes)]));
        Assert.Equal(yes, reading.Signs);
        Assert.Equal(band, reading.Band);
        Assert.Contains(Mainstay.Clinical.SelfCheck.SelfCheck.NotADiagnosis, reading.Meaning);
    }

    [Fact]
    public void Tolerance_and_withdrawal_do_not_count_for_someone_taking_opioids_only_as_prescribed()
    {
        var reading = Mainstay.Clinical.SelfCheck.SelfCheck.Read(new SelfCheckAnswers { CriteriaYes = new HashSet<int> { 1, 10, 11 }, OnlyAsPrescribed = true });
        Assert.Equal(1, reading.Signs);
        Assert.Equal(SelfCheckBand.FewSigns, reading.Band);
        Assert.Contains("not counted", reading.Meaning);
        Assert.Equal(3, Mainstay.Clinical.SelfCheck.SelfCheck.Read(Yes(1, 10, 11)).Signs);
    }

    [Fact]
    public void Withdrawal_signs_and_a_moderate_reading_point_to_medication_and_withdrawal_management()
    {
        var reading = Mainstay.Clinical.SelfCheck.SelfCheck.Read(new SelfCheckAnswers
        {
            CriteriaYes = new HashSet<int> { 1, 2, 4, 11 },
            WithdrawalNow = new HashSet<WithdrawalSign> { WithdrawalSign.Yawning, WithdrawalSign.GooseBumps, WithdrawalSign.AchesOrCramps },
            Risks = new HashSet<OverdoseRisk> { OverdoseRisk.NoNaloxone, OverdoseRisk.Fentanyl },
            ThoughtsOfSuicide = true,
        });
        Assert.Equal(SelfCheckBand.Moderate, reading.Band);
        Assert.Equal(["buprenorphine", "methadone", "withdrawal-management", "outpatient"], reading.LookFor);
        Assert.Equal([OverdoseRisk.Fentanyl, OverdoseRisk.NoNaloxone], reading.Risks.Select(r => r.Risk));
        Assert.Contains("handles less", reading.Withdrawal);
        Assert.True(reading.CrisisLineFirst);
        Assert.False(reading.CallNow);
        Assert.Equal(["counseling"], Mainstay.Clinical.SelfCheck.SelfCheck.Read(Yes()).LookFor);
    }

    [Fact]
    public void Questions_are_numbered_1_to_11_and_every_risk_is_explained()
    {
        Assert.Equal(11, Mainstay.Clinical.SelfCheck.SelfCheck.Questions.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mainstay.Clinical.SelfCheck.SelfCheck.Read(Yes(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mainstay.Clinical.SelfCheck.SelfCheck.Read(Yes(12)));
        Assert.All(Enum.GetValues<OverdoseRisk>(), r => Assert.False(string.IsNullOrWhiteSpace(Mainstay.Clinical.SelfCheck.SelfCheck.Explain(r).WhatHelps)));
    }

    [Fact]
    public void More_yes_answers_never_lower_the_band()
    {
        Gen.Int[1, 11].HashSet[0, 11].Select(Gen.Int[1, 11], Gen.Bool).Sample((set, extra, prescribed) =>
        {
            var before = Mainstay.Clinical.SelfCheck.SelfCheck.Read(new SelfCheckAnswers { CriteriaYes = set, OnlyAsPrescribed = prescribed });
            var more = new HashSet<int>(set) { extra };
            var after = Mainstay.Clinical.SelfCheck.SelfCheck.Read(new SelfCheckAnswers { CriteriaYes = more, OnlyAsPrescribed = prescribed });
            return after.Band >= before.Band && after.Signs <= more.Count && before.Signs <= set.Count;
        });
    }
}
