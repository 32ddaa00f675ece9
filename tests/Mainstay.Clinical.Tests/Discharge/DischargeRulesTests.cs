using CsCheck;
using Mainstay.Clinical.Discharge;

namespace Mainstay.Clinical.Tests.Discharge;

/// <summary>Discharge codes against the TEDS-D codebook's REASON values, the tolerance-loss warning, the follow-up days.</summary>
public class DischargeRulesTests
{
    [Theory]
    [InlineData(DischargeReason.Completed, 1)]
    [InlineData(DischargeReason.LeftAgainstAdvice, 2)]
    [InlineData(DischargeReason.Administrative, 3)]
    [InlineData(DischargeReason.Transferred, 4)]
    [InlineData(DischargeReason.Incarcerated, 5)]
    [InlineData(DischargeReason.Died, 6)]
    [InlineData(DischargeReason.Other, 7)]
    public void Each_reason_has_the_TEDS_code_of_the_codebook(DischargeReason reason, int code) =>
        Assert.Equal(code, DischargeRules.TedsReason(reason));

    [Fact]
    public void Every_reason_maps_to_a_different_code_from_1_to_7() =>
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], Enum.GetValues<DischargeReason>().Select(DischargeRules.TedsReason).Order());

    [Theory]
    [InlineData(DischargeReason.Completed, MedicationContinuity.NotNeeded, true)]
    [InlineData(DischargeReason.Completed, MedicationContinuity.Transfer, false)]
    [InlineData(DischargeReason.LeftAgainstAdvice, MedicationContinuity.NotArranged, true)]
    [InlineData(DischargeReason.Incarcerated, MedicationContinuity.NotArranged, true)]
    [InlineData(DischargeReason.Transferred, MedicationContinuity.BridgePrescription, false)]
    [InlineData(DischargeReason.Administrative, MedicationContinuity.Declined, true)]
    [InlineData(DischargeReason.Died, MedicationContinuity.NotArranged, false)]
    public void The_tolerance_warning_applies_to_everyone_alive_who_leaves_without_medication_going_on(DischargeReason reason, MedicationContinuity continuity, bool warn) =>
        Assert.Equal(warn, DischargeRules.ToleranceWarning(reason, continuity));

    [Fact]
    public void Follow_ups_are_due_one_week_one_month_and_three_months_after_discharge()
    {
        var due = DischargeRules.FollowUps(new DateOnly(2026, 11, 23), DischargeReason.Completed);
        Assert.Equal([(7, new DateOnly(2026, 11, 30)), (30, new DateOnly(2026, 12, 23)), (90, new DateOnly(2027, 2, 21))], due);
        Assert.Empty(DischargeRules.FollowUps(new DateOnly(2026, 11, 23), DischargeReason.Died));
    }

    [Fact]
    public void Follow_ups_are_in_order_and_after_the_discharge_whatever_the_day() =>
        Gen.Int[0, 40000].Select(d => DateOnly.FromDayNumber(700000 + d)).Sample(day =>
        {
            var due = DischargeRules.FollowUps(day, DischargeReason.Completed).Select(f => f.Due).ToList();
            return due.Count == 3 && due[0] > day && due[0] < due[1] && due[1] < due[2];
        });
}
