using CsCheck;
using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Tests.Medication;

/// <summary>Methadone taper generation (percent of the previous dose, whole mg) and taper warnings.</summary>
public class TaperSchedulesTests
{
    private static readonly DateOnly Start = new(2026, 3, 2);

    [Fact]
    public void Ten_percent_from_100_mg_rounds_each_step_to_whole_mg()
    {
        var steps = TaperSchedules.Methadone(100, Start);
        // 72.9 → 73, 31.5 → 32 (half away from zero).
        Assert.Equal([90m, 81m, 73m, 66m, 59m, 53m, 48m, 43m, 39m, 35m, 32m], steps.Take(11).Select(s => s.DoseMg));
        Assert.Equal([Start, Start.AddDays(14), Start.AddDays(28)], steps.Take(3).Select(s => s.Day));
        Assert.Equal(0m, steps[^1].DoseMg);
        Assert.Contains("stops", steps[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_doses_drop_at_least_1_mg_and_a_floor_ends_the_taper()
    {
        Assert.Equal([4m, 3m, 2m, 1m, 0m], TaperSchedules.Methadone(5, Start, 5, 7).Select(s => s.DoseMg));
        var toFloor = TaperSchedules.Methadone(40, Start, 10, 7, floorMg: 30);
        Assert.Equal([36m, 32m, 30m], toFloor.Select(s => s.DoseMg));
        Assert.Contains("floor reached", toFloor[^1].Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, 14, 0)]
    [InlineData(1001, 10, 14, 0)]
    [InlineData(60, 4.9, 14, 0)]
    [InlineData(60, 10.1, 14, 0)]
    [InlineData(60, 10, 6, 0)]
    [InlineData(60, 10, 15, 0)]
    [InlineData(60, 10, 14, -1)]
    [InlineData(60, 10, 14, 60)]
    public void Out_of_range_arguments_throw(decimal dose, decimal percent, int days, decimal floor) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TaperSchedules.Methadone(dose, Start, percent, days, floor));

    private static readonly Gen<(decimal Dose, decimal Percent, int Days, decimal Floor)> GenTaper =
        Gen.Select(Gen.Int[2, 4000], Gen.Int[50, 100], Gen.Int[7, 14], Gen.Int[0, 100])
            .Select(t => (Dose: t.Item1 / 4m, Percent: t.Item2 / 10m, Days: t.Item3, Floor: Math.Floor(t.Item1 / 4m * t.Item4 / 100m)))
            .Where(t => t.Floor < t.Dose);

    [Fact]
    public void Every_taper_falls_by_at_least_1_mg_a_step_ends_at_the_floor_and_keeps_its_spacing() =>
        GenTaper.Sample(t =>
        {
            var steps = TaperSchedules.Methadone(t.Dose, Start, t.Percent, t.Days, t.Floor);
            var doses = new[] { t.Dose }.Concat(steps.Select(s => s.DoseMg)).ToList();
            return steps.Count > 0
                && doses.Zip(doses.Skip(1)).All(p => p.Second < p.First && (p.First - p.Second >= 1 || p.Second == t.Floor))
                && steps[^1].DoseMg == t.Floor
                && steps.All(s => s.DoseMg >= t.Floor)
                && steps.Take(steps.Count - 1).All(s => s.DoseMg == decimal.Truncate(s.DoseMg))
                && steps.Select((s, i) => s.Day == Start.AddDays(i * t.Days)).All(ok => ok);
        });

    [Fact]
    public void A_step_cuts_at_most_the_percent_plus_half_a_mg_of_rounding_or_the_1_mg_minimum() =>
        GenTaper.Sample(t =>
        {
            var doses = new[] { t.Dose }.Concat(TaperSchedules.Methadone(t.Dose, Start, t.Percent, t.Days, t.Floor).Select(s => s.DoseMg)).ToList();
            return doses.Zip(doses.Skip(1)).All(p =>
                p.First - p.Second <= Math.Max(p.First * t.Percent / 100m + 0.5m, 2m));
        });

    [Fact]
    public void Taper_warnings_after_a_positive_screen_or_overdose()
    {
        Assert.Empty(TaperSchedules.TaperWarnings(false, false));
        Assert.Equal(["taper-after-positive-screen"], TaperSchedules.TaperWarnings(true, false).Select(f => f.RuleId));
        Assert.Equal(["taper-after-overdose"], TaperSchedules.TaperWarnings(false, true).Select(f => f.RuleId));
        var both = TaperSchedules.TaperWarnings(true, true);
        Assert.Equal(2, both.Count);
        Assert.All(both, f => Assert.Equal(RuleSeverity.Warning, f.Severity));
        Assert.All(both, f => Assert.Contains("TIP 63", f.Source, StringComparison.Ordinal));
    }
}
