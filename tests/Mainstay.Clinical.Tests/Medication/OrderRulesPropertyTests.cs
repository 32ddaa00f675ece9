using CsCheck;
using Mainstay.Clinical.Medication;
using static Mainstay.Clinical.Tests.Medication.OrderRulesTests;

namespace Mainstay.Clinical.Tests.Medication;

/// <summary>Order rules over random doses: each limit splits the dose range exactly at its number.</summary>
public class OrderRulesPropertyTests
{
    /// <summary>Doses in 0.5 mg steps from 0.5 to 200 mg.</summary>
    private static readonly Gen<decimal> GenDose = Gen.Int[1, 400].Select(i => i / 2m);

    private static bool Has(ProposedOrder order, OrderContext context, string id) =>
        OrderRules.Check(order, context).Any(f => f.RuleId == id);

    [Fact]
    public void Methadone_first_day_total_is_flagged_exactly_above_50_mg() =>
        Gen.Select(GenDose, GenDose).Sample((dose, given) =>
            Has(Order(Moud.Methadone, dose), new() { Now = Now, FirstDay = true, GivenTodayMg = given }, "methadone-first-day-total") == (dose + given > 50));

    [Fact]
    public void Buprenorphine_day_one_is_flagged_exactly_above_16_mg_and_any_day_above_24() =>
        Gen.Select(GenDose, GenDose, Gen.Bool).Sample((dose, given, firstDay) =>
        {
            var context = BupDayOne with { FirstDay = firstDay, GivenTodayMg = given };
            return Has(Order(Moud.Buprenorphine, dose), context, "bup-day-one-ceiling") == (firstDay && dose + given > 16)
                && Has(Order(Moud.Buprenorphine, dose), context, "bup-max-dose") == (dose > 24);
        });

    [Fact]
    public void Methadone_increase_is_flagged_exactly_above_10_mg() =>
        Gen.Select(GenDose, GenDose).Sample((current, dose) =>
            Has(Order(Moud.Methadone, dose), new() { Now = Now, CurrentDoseMg = current }, "methadone-increase-size") == (dose - current > 10));

    [Fact]
    public void Waiting_times_are_flagged_exactly_below_their_hours() =>
        Gen.Int[0, 4 * 24 * 60].Sample(minutesAgo =>
        {
            var at = Now.AddMinutes(-minutesAgo);
            var order = Order(Moud.Buprenorphine, 4);
            return Has(order, BupDayOne with { LastShortActingOpioidUse = at }, "bup-since-short-acting") == (minutesAgo < 12 * 60)
                && Has(order, BupDayOne with { LastFentanylUse = at }, "bup-since-fentanyl") == (minutesAgo < 24 * 60)
                && Has(order, BupDayOne with { LastLongActingOpioidUse = at }, "bup-since-long-acting") == (minutesAgo < 24 * 60);
        });

    [Fact]
    public void A_hard_stop_is_only_ever_a_data_check_or_the_naltrexone_opioid_free_rule() =>
        Gen.Select(Gen.Int[-2, 3], Gen.Int[-10, 400], Gen.Int[-1, 14], Gen.Bool, Gen.Bool).Sample((m, tenths, days, naloxone, firstDay) =>
        {
            var findings = OrderRules.Check(Order((Moud)m, tenths / 10m), new()
            {
                Now = Now,
                FirstDay = firstDay,
                OpioidFreeDays = days < 0 ? null : days,
                NegativeNaloxoneChallenge = naloxone,
            });
            return findings.Where(f => f.Severity == RuleSeverity.HardStop)
                .All(f => f.RuleId is "dose-invalid" or "split-mismatch" or "medication-unknown" or "naltrexone-opioid-free");
        });
}
