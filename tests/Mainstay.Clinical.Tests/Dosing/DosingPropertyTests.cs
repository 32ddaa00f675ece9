using CsCheck;
using Mainstay.Clinical.Dosing;
using Mainstay.Clinical.Medication;
using static Mainstay.Clinical.Tests.Dosing.TakeHomesTests;

namespace Mainstay.Clinical.Tests.Dosing;

/// <summary>Missed-dose and take-home rules over random inputs: monotone in time, and checks split exactly at the limit.</summary>
public class DosingPropertyTests
{
    private static readonly Gen<Moud> GenMoud = Gen.Int[0, 2].Select(i => (Moud)i);
    private static readonly Gen<decimal> GenDose = Gen.Int[1, 400].Select(i => i / 2m);
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Fact]
    public void The_limit_never_decreases_with_more_days_in_treatment() =>
        Gen.Select(GenMoud, Gen.Int[1, 1000], Gen.Int[0, 100]).Sample((m, day, more) =>
            TakeHomes.Limit(m, day + more).MaximumTakeHomeDays >= TakeHomes.Limit(m, day).MaximumTakeHomeDays);

    [Fact]
    public void The_advice_never_gets_milder_with_more_missed_days() =>
        Gen.Select(GenMoud, Gen.Int[0, 60], Gen.Int[0, 10], GenDose).Sample((m, missed, more, dose) =>
        {
            var fewer = MissedDoses.Advise(m, missed, dose);
            var later = MissedDoses.Advise(m, missed + more, dose);
            return later.Action >= fewer.Action
                && (fewer.MaximumDoseMg is null || later.MaximumDoseMg is null || later.MaximumDoseMg <= fewer.MaximumDoseMg);
        });

    [Fact]
    public void A_methadone_dose_cap_is_never_above_half_the_dose_and_after_4_days_never_above_40_mg() =>
        Gen.Select(Gen.Int[0, 10], GenDose).Sample((missed, dose) =>
            MissedDoses.Advise(Moud.Methadone, missed, dose).MaximumDoseMg is not { } cap
                || (cap <= dose / 2 && (missed != 4 || cap <= 40m)));

    [Fact]
    public void Consecutive_missed_matches_a_day_by_day_count() =>
        Gen.Select(Gen.Int[0, 40].Array[0, 15], Gen.Int[-5, 45]).Sample((offsets, startBack) =>
        {
            var dosed = offsets.Select(o => Today.AddDays(-o)).ToHashSet();
            var start = Today.AddDays(-startBack);
            var expected = 0;
            for (var d = Today.AddDays(-1); d >= start && !dosed.Contains(d); d = d.AddDays(-1))
            {
                expected++;
            }

            return MissedDoses.ConsecutiveMissed(dosed, Today, start) == expected;
        });

    [Fact]
    public void Over_limit_is_found_exactly_above_the_limit_and_allowed_means_no_warning_or_hard_stop() =>
        Gen.Select(Gen.Select(GenMoud, Gen.Int[1, 60], Gen.Int[0, 35], Gen.Int[0, 3]), Gen.Bool, Gen.Bool, Gen.Bool).Sample((t, attendance, diversion, approved) =>
        {
            var (m, day, requested, closure) = t;
            var criteria = AllMet with { RegularAttendance = attendance, NoRecentDiversion = diversion };
            var check = TakeHomes.Check(m, day, requested, criteria, approved, closure);
            var counted = m == Moud.Naltrexone ? requested + closure : requested;
            var over = check.Findings.Any(f => f.RuleId == "take-home-over-limit");
            return over == (counted > TakeHomes.Limit(m, day).MaximumTakeHomeDays)
                && check.Allowed == check.Findings.All(f => f.Severity == RuleSeverity.Caution);
        });
}
