using Mainstay.Clinical.Medication;

namespace Mainstay.Clinical.Tests.Medication;

/// <summary>The 7-day low-dose buprenorphine schedule against the published numbers.</summary>
public class InductionSchedulesTests
{
    private static readonly DateOnly Start = new(2026, 3, 2);

    [Fact]
    public void Daily_totals_match_the_published_schedule()
    {
        // 0.5 mg once; 0.5, 1, 2, 3, 4 mg twice daily; 12 mg once with the full agonist stopped.
        var steps = InductionSchedules.LowDoseBuprenorphine(Start);
        Assert.Equal([0.5m, 1m, 2m, 4m, 6m, 8m, 12m], steps.Select(s => s.DoseMg));
        Assert.Equal(Enumerable.Range(0, 7).Select(Start.AddDays), steps.Select(s => s.Day));
    }

    [Fact]
    public void The_full_agonist_continues_until_the_last_day()
    {
        var steps = InductionSchedules.LowDoseBuprenorphine(Start);
        Assert.All(steps.Take(6), s => Assert.Contains("Continue the full agonist", s.Note, StringComparison.Ordinal));
        Assert.Contains("Stop the full agonist", steps[6].Note, StringComparison.Ordinal);
        Assert.Contains("0.5 mg once", steps[0].Note, StringComparison.Ordinal);
        Assert.Contains("4 mg twice daily", steps[5].Note, StringComparison.Ordinal);
    }
}
