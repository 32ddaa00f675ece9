namespace Mainstay.Clinical.Recovery;

/// <summary>
/// An escalating reward schedule for contingency management: the first success earns <see cref="FirstReward"/>, each
/// further success in a row earns <see cref="Increment"/> more (never more than <see cref="MaximumReward"/>), every
/// <see cref="BonusEvery"/>-th success in a row adds <see cref="Bonus"/>, a failure sets the value back to the first reward,
/// and <see cref="RecoverAfter"/> successes in a row after that bring it back to where it stood before the failure. What a
/// person earns in each year of enrollment never exceeds <see cref="AnnualCap"/>. Amounts are US dollars. Pure.
/// Sources and their strength in docs/CLINICAL.md, section "Recovery support: contingency management, cravings and
/// missed sessions".
/// </summary>
/// <param name="FirstReward">The value of the first success, and of the first success after a failure.</param>
/// <param name="Increment">How much each further success in a row adds to the value (0 for a flat reward).</param>
/// <param name="MaximumReward">The value never climbs above this (bonuses come on top).</param>
/// <param name="BonusEvery">A bonus on every n-th success in a row (3: the 3rd, 6th, 9th …); 0 for no bonus.</param>
/// <param name="Bonus">The bonus amount.</param>
/// <param name="RecoverAfter">
/// After a failure, this many successes in a row restore the value the failure took away; 0 for no recovery.
/// </param>
/// <param name="AnnualCap">The most a person can earn in one year of enrollment (each 12 months from the enrollment day).</param>
public sealed record ContingencySchedule(
    decimal FirstReward,
    decimal Increment,
    decimal MaximumReward,
    int BonusEvery,
    decimal Bonus,
    int RecoverAfter,
    decimal AnnualCap)
{
    /// <summary>
    /// SAMHSA's limit for recipients of a SAMHSA grant that authorizes contingency management (January 2025): up to $750
    /// per patient per year, as items, vouchers or gift cards, never cash. It replaced the earlier $75 limit.
    /// </summary>
    public const decimal SamhsaAnnualCap = 750m;

    public const string EscalatingVoucherSource =
        "Silverman et al., Arch Gen Psychiatry 1996;53:409-415 (methadone patients, 3 urine specimens a week for 12 weeks; up to $1155 in vouchers, Silverman et al. 1999): $2.50 first, +$1.50 a negative in a row, $10 every 3rd in a row (NOT CONFIRMED in the paper's text; they reproduce the $1155 exactly). Reset on a positive or missed specimen, recovery after 5 negatives: Budney & Higgins, NIDA Therapy Manual 2 (1998), CRA + Vouchers. Cap: SAMHSA, January 2025. The $55 highest value is Mainstay's.";

    public const string FixedAttendanceSource =
        "Mainstay's default: $5 for each attended session, no escalation, no bonus; SAMHSA's $750 annual cap.";

    /// <summary>
    /// The escalating voucher schedule of Silverman et al. (1996) for methadone patients — $2.50 first, $1.50 more for each
    /// negative specimen in a row, a $10 bonus on every third in a row (not read in the paper's text: these values
    /// reproduce its published $1155 maximum for 36 negatives) — with the five-in-a-row recovery of the Higgins
    /// CRA + Vouchers protocol and SAMHSA's $750 annual cap. The source set no highest value; Mainstay holds the value at
    /// $55.00, the value of the 36th voucher, the last of the source's 12 weeks.
    /// </summary>
    public static ContingencySchedule EscalatingVoucher { get; } = new(
        FirstReward: 2.50m,
        Increment: 1.50m,
        MaximumReward: 55.00m,
        BonusEvery: 3,
        Bonus: 10.00m,
        RecoverAfter: 5,
        AnnualCap: SamhsaAnnualCap);

    /// <summary>
    /// A flat reward for each attended session: $5.00 (Mainstay's choice of value, not a cited one), no escalation, no
    /// bonus, no recovery, SAMHSA's $750 annual cap.
    /// </summary>
    public static ContingencySchedule FixedAttendance { get; } = new(
        FirstReward: 5.00m,
        Increment: 0m,
        MaximumReward: 5.00m,
        BonusEvery: 0,
        Bonus: 0m,
        RecoverAfter: 0,
        AnnualCap: SamhsaAnnualCap);

    /// <summary>Every problem with the schedule, in plain language; empty when it can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (FirstReward <= 0m)
        {
            problems.Add("The first reward must be more than $0.");
        }

        if (Increment < 0m)
        {
            problems.Add("The increment cannot be negative.");
        }

        if (MaximumReward < FirstReward)
        {
            problems.Add("The maximum reward cannot be less than the first reward.");
        }

        if (BonusEvery < 0)
        {
            problems.Add("BonusEvery (every how many successes in a row a bonus is paid) cannot be negative.");
        }

        if (Bonus < 0m)
        {
            problems.Add("The bonus cannot be negative.");
        }

        if (Bonus > 0m && BonusEvery == 0)
        {
            problems.Add("A bonus needs BonusEvery of 1 or more: every how many successes in a row it is paid.");
        }

        if (RecoverAfter < 0)
        {
            problems.Add("RecoverAfter (how many successes in a row restore the value after a failure) cannot be negative.");
        }

        if (AnnualCap <= 0m)
        {
            problems.Add("The annual cap must be more than $0.");
        }

        foreach (var (name, amount) in new[]
                 {
                     ("first reward", FirstReward), ("increment", Increment), ("maximum reward", MaximumReward),
                     ("bonus", Bonus), ("annual cap", AnnualCap),
                 })
        {
            if (decimal.Round(amount, 2) != amount)
            {
                problems.Add($"The {name} must be in whole cents.");
            }
        }

        return problems;
    }

    /// <summary>
    /// The value of a success after <paramref name="step"/> earlier steps up the ladder (0: the first reward):
    /// <see cref="FirstReward"/> + <paramref name="step"/> × <see cref="Increment"/>, never above <see cref="MaximumReward"/>.
    /// </summary>
    public decimal ValueAt(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (Increment <= 0m)
        {
            return FirstReward;
        }

        var room = MaximumReward - FirstReward;
        return step >= room / Increment ? MaximumReward : FirstReward + (step * Increment);
    }
}
