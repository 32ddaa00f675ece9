namespace Mainstay.Clinical.Discharge;

/// <summary>Why a treatment episode ended, in the clinic's words; <see cref="DischargeRules.TedsReason"/> gives the federal code.</summary>
public enum DischargeReason
{
    Completed,
    Transferred,
    LeftAgainstAdvice,
    Administrative,
    Incarcerated,
    Died,
    Other,
}

/// <summary>How the medication goes on after discharge.</summary>
public enum MedicationContinuity
{
    /// <summary>Another program or prescriber takes over the medication (a transfer with the last dose confirmed).</summary>
    Transfer,

    /// <summary>A bridge prescription until the next prescriber sees the person.</summary>
    BridgePrescription,

    /// <summary>The person was not on opioid treatment medication, or finished a taper as planned.</summary>
    NotNeeded,

    /// <summary>Offered and declined.</summary>
    Declined,

    /// <summary>Not arranged (the person left, was incarcerated, or could not be reached).</summary>
    NotArranged,
}

/// <summary>
/// Rules of discharge: the TEDS discharge code, when the tolerance-loss warning applies, and the follow-up contacts after
/// discharge. Pure; the day of discharge is passed in.
/// </summary>
public static class DischargeRules
{
    /// <summary>Follow-up contacts after discharge, in days (Mainstay's schedule: one week, one month, three months).</summary>
    public static readonly IReadOnlyList<int> FollowUpDays = [7, 30, 90];

    /// <summary>
    /// TEDS discharge data set, REASON (reason for discharge), public-use file codes: 1 treatment completed, 2 dropped
    /// out of treatment, 3 terminated by facility, 4 transferred to another treatment program or facility,
    /// 5 incarcerated, 6 death, 7 other (SAMHSA TEDS-D codebook; see docs/CLINICAL.md).
    /// </summary>
    public static int TedsReason(DischargeReason reason) => reason switch
    {
        DischargeReason.Completed => 1,
        DischargeReason.LeftAgainstAdvice => 2,
        DischargeReason.Administrative => 3,
        DischargeReason.Transferred => 4,
        DischargeReason.Incarcerated => 5,
        DischargeReason.Died => 6,
        DischargeReason.Other => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown discharge reason."),
    };

    /// <summary>
    /// The overdose warning for lost tolerance applies to every living person who leaves without opioid agonist
    /// medication going on (a transfer or a bridge prescription): after withdrawal management, a taper, leaving
    /// against advice, or release into custody, tolerance falls and the old amount can kill (SAMHSA Opioid Overdose
    /// Prevention Toolkit; the same rule as the `tolerance-loss` alert).
    /// </summary>
    public static bool ToleranceWarning(DischargeReason reason, MedicationContinuity continuity) =>
        reason != DischargeReason.Died && continuity is not (MedicationContinuity.Transfer or MedicationContinuity.BridgePrescription);

    /// <summary>The days the follow-up contacts are due, from the day of discharge; none after a death.</summary>
    public static IReadOnlyList<(int Day, DateOnly Due)> FollowUps(DateOnly discharged, DischargeReason reason) =>
        reason == DischargeReason.Died ? [] : FollowUpDays.Select(d => (d, discharged.AddDays(d))).ToList();
}
