using Mainstay.Clinical.Admissions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>Priority groups of 45 CFR 96.131 / 96.126 as programs apply them, plus Mainstay's recent-overdose rule.</summary>
public class AdmissionPriorityTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Theory]
    [InlineData(true, true, PriorityGroup.PregnantAndInjecting)]
    [InlineData(true, false, PriorityGroup.Pregnant)]
    [InlineData(true, null, PriorityGroup.Pregnant)]
    [InlineData(false, true, PriorityGroup.InjectingOrRecentOverdose)]
    [InlineData(null, true, PriorityGroup.InjectingOrRecentOverdose)]
    [InlineData(false, false, PriorityGroup.Everyone)]
    [InlineData(null, null, PriorityGroup.Everyone)]
    [InlineData(null, false, PriorityGroup.Everyone)]
    public void Pregnancy_and_injecting_give_the_federal_order_and_unknown_counts_as_no(bool? pregnant, bool? injects, PriorityGroup expected) =>
        Assert.Equal(expected, AdmissionPriority.Group(new PriorityFacts(pregnant, injects, null), Today));

    [Theory]
    [InlineData(0, PriorityGroup.InjectingOrRecentOverdose)]
    [InlineData(1, PriorityGroup.InjectingOrRecentOverdose)]
    [InlineData(30, PriorityGroup.InjectingOrRecentOverdose)]
    [InlineData(31, PriorityGroup.Everyone)]
    [InlineData(365, PriorityGroup.Everyone)]
    [InlineData(-1, PriorityGroup.Everyone)]
    [InlineData(-30, PriorityGroup.Everyone)]
    public void An_overdose_from_today_back_to_30_days_counts_and_a_future_date_is_ignored(int daysAgo, PriorityGroup expected)
    {
        var facts = new PriorityFacts(false, false, Today.AddDays(-daysAgo));
        Assert.Equal(expected, AdmissionPriority.Group(facts, Today));
        Assert.Equal(30, AdmissionPriority.RecentOverdoseDays);
    }

    [Fact]
    public void A_recent_overdose_does_not_lower_pregnant_people_and_adds_nothing_to_someone_who_injects()
    {
        var overdose = Today.AddDays(-3);
        Assert.Equal(PriorityGroup.PregnantAndInjecting, AdmissionPriority.Group(new PriorityFacts(true, true, overdose), Today));
        Assert.Equal(PriorityGroup.Pregnant, AdmissionPriority.Group(new PriorityFacts(true, false, overdose), Today));
        Assert.Equal(PriorityGroup.InjectingOrRecentOverdose, AdmissionPriority.Group(new PriorityFacts(false, true, overdose), Today));
        Assert.Equal(PriorityGroup.InjectingOrRecentOverdose, AdmissionPriority.Group(new PriorityFacts(null, null, overdose), Today));
    }

    [Fact]
    public void Reasons_cite_the_regulation_for_each_federal_group()
    {
        Assert.Equal(["Pregnant and injects drugs: first priority (45 CFR 96.131)"],
            AdmissionPriority.Reasons(new PriorityFacts(true, true, null), Today));
        Assert.Equal(["Pregnant: second priority (45 CFR 96.131)"],
            AdmissionPriority.Reasons(new PriorityFacts(true, false, null), Today));
        Assert.Equal(["Injects drugs: third priority (45 CFR 96.126)"],
            AdmissionPriority.Reasons(new PriorityFacts(false, true, null), Today));
    }

    [Fact]
    public void The_overdose_reason_says_it_is_a_program_rule_not_the_federal_order()
    {
        var reasons = AdmissionPriority.Reasons(new PriorityFacts(false, false, new DateOnly(2026, 2, 8)), Today);
        var reason = Assert.Single(reasons);
        Assert.Contains("2026-02-08", reason, StringComparison.Ordinal);
        Assert.Contains("program rule", reason, StringComparison.Ordinal);
        Assert.Contains("not in the federal order", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Injecting_and_a_recent_overdose_give_two_reasons()
    {
        var reasons = AdmissionPriority.Reasons(new PriorityFacts(false, true, Today), Today);
        Assert.Equal(2, reasons.Count);
        Assert.StartsWith("Injects drugs", reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("Non-fatal overdose", reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_pregnant_person_with_a_recent_overdose_has_it_noted()
    {
        var reasons = AdmissionPriority.Reasons(new PriorityFacts(true, true, Today.AddDays(-30)), Today);
        Assert.Equal(2, reasons.Count);
        Assert.StartsWith("Also a non-fatal overdose", reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Unasked_questions_that_could_raise_the_group_are_reported_as_unknown()
    {
        var pregnantInjectingUnknown = AdmissionPriority.Reasons(new PriorityFacts(true, null, null), Today);
        Assert.Contains(pregnantInjectingUnknown, r => r.StartsWith("Injecting drug use not asked yet", StringComparison.Ordinal));

        var injectingPregnancyUnknown = AdmissionPriority.Reasons(new PriorityFacts(null, true, null), Today);
        Assert.Contains(injectingPregnancyUnknown, r => r.StartsWith("Pregnancy not asked yet", StringComparison.Ordinal));

        // Known answers: no unknown sentence.
        Assert.Single(AdmissionPriority.Reasons(new PriorityFacts(false, true, null), Today));
    }

    [Fact]
    public void Everyone_has_no_reasons_but_the_unasked_questions_are_listed()
    {
        var facts = new PriorityFacts(null, null, null);
        Assert.Empty(AdmissionPriority.Reasons(facts, Today));
        Assert.Empty(AdmissionPriority.Reasons(new PriorityFacts(false, false, Today.AddDays(-31)), Today));
        Assert.Equal(["pregnancy not asked yet", "injecting drug use not asked yet", "last overdose not recorded"], AdmissionPriority.Unasked(facts));
        Assert.Empty(AdmissionPriority.Unasked(new PriorityFacts(false, false, Today)));
    }

    [Theory]
    [InlineData(PriorityGroup.PregnantAndInjecting, "1 · pregnant and injecting")]
    [InlineData(PriorityGroup.Pregnant, "2 · pregnant")]
    [InlineData(PriorityGroup.InjectingOrRecentOverdose, "3 · injecting or recent overdose")]
    [InlineData(PriorityGroup.Everyone, "4 · everyone else")]
    public void Each_group_has_a_short_label(PriorityGroup group, string label) =>
        Assert.Equal(label, AdmissionPriority.Describe(group));

    [Fact]
    public void An_undefined_group_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AdmissionPriority.Describe((PriorityGroup)0));
        Assert.Throws<ArgumentNullException>(() => AdmissionPriority.Group(null!, Today));
    }

    [Fact]
    public void The_group_numbers_are_the_federal_ranks() =>
        Assert.Equal([1, 2, 3, 4], Enum.GetValues<PriorityGroup>().Select(g => (int)g));
}
