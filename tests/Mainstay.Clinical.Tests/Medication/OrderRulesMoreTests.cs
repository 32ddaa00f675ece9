using Mainstay.Clinical.Medication;
using static Mainstay.Clinical.Tests.Medication.OrderRulesTests;

namespace Mainstay.Clinical.Tests.Medication;

/// <summary>Methadone titration and QTc, naltrexone, pregnancy and sedative co-use, and the rules listing.</summary>
public class OrderRulesMoreTests
{
    private static RuleFinding? Finding(ProposedOrder order, OrderContext context, string id) =>
        OrderRules.Check(order, context).SingleOrDefault(f => f.RuleId == id);

    [Theory]
    [InlineData(30, false)]
    [InlineData(30.5, true)]
    public void Methadone_first_day_single_dose_above_30_mg_is_a_caution(decimal dose, bool cautioned)
    {
        var finding = Finding(Order(Moud.Methadone, dose), new() { Now = Now, FirstDay = true }, "methadone-initial-dose");
        Assert.Equal(cautioned, finding is { Severity: RuleSeverity.Caution });
        Assert.Equal(cautioned, finding is not null);
    }

    [Fact]
    public void Methadone_initial_dose_looks_at_each_split_and_only_on_the_first_day()
    {
        Assert.Null(Finding(Order(Moud.Methadone, 40, 30, 10), new() { Now = Now, FirstDay = true }, "methadone-initial-dose"));
        Assert.NotNull(Finding(Order(Moud.Methadone, 40, 35, 5), new() { Now = Now, FirstDay = true }, "methadone-initial-dose"));
        Assert.Null(Finding(Order(Moud.Methadone, 80), new() { Now = Now }, "methadone-initial-dose"));
        Assert.Null(Finding(Order(Moud.Methadone, 80), new() { Now = Now }, "methadone-first-day-total"));
    }

    [Theory]
    [InlineData(60, 70, false)]
    [InlineData(60, 70.5, true)]
    [InlineData(60, 80, true)]
    [InlineData(60, 40, false)]
    public void Methadone_increase_above_10_mg_is_warned(decimal current, decimal dose, bool warned) =>
        Assert.Equal(warned, Finding(Order(Moud.Methadone, dose), new() { Now = Now, CurrentDoseMg = current }, "methadone-increase-size") is
        { Severity: RuleSeverity.Warning });

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(0, true)]
    public void Methadone_increase_fewer_than_3_days_after_the_last_is_warned(int daysSinceLastIncrease, bool warned)
    {
        var context = new OrderContext { Now = Now, CurrentDoseMg = 60, LastIncreaseOn = Today.AddDays(-daysSinceLastIncrease) };
        Assert.Equal(warned, Finding(Order(Moud.Methadone, 65), context, "methadone-increase-interval") is not null);
        Assert.Null(Finding(Order(Moud.Methadone, 55), context, "methadone-increase-interval"));
        Assert.Null(Finding(Order(Moud.Methadone, 60), context, "methadone-increase-interval"));
    }

    [Theory]
    [InlineData(449, null)]
    [InlineData(450, RuleSeverity.Caution)]
    [InlineData(451, RuleSeverity.Caution)]
    [InlineData(500, RuleSeverity.Caution)]
    [InlineData(501, RuleSeverity.Warning)]
    public void Methadone_qtc_bands(int qtc, RuleSeverity? severity) =>
        Assert.Equal(severity, Finding(Order(Moud.Methadone, 60), new() { Now = Now, QtcMs = qtc }, "methadone-qtc")?.Severity);

    [Fact]
    public void Other_qt_risk_is_a_caution_and_a_long_qtc_still_a_warning()
    {
        Assert.Equal(RuleSeverity.Caution, Finding(Order(Moud.Methadone, 60), new() { Now = Now, OtherQtRisk = true }, "methadone-qtc")?.Severity);
        Assert.Equal(RuleSeverity.Warning, Finding(Order(Moud.Methadone, 60), new() { Now = Now, OtherQtRisk = true, QtcMs = 520 }, "methadone-qtc")?.Severity);
        Assert.Null(Finding(Order(Moud.Buprenorphine, 8), new() { Now = Now, QtcMs = 520 }, "methadone-qtc"));
    }

    [Fact]
    public void Naltrexone_opioid_free_rule_is_for_starts_and_pregnancy_is_a_warning()
    {
        Assert.Null(Finding(Order(Moud.Naltrexone, 380), new() { Now = Now, CurrentDoseMg = 380 }, "naltrexone-opioid-free"));
        Assert.NotNull(Finding(Order(Moud.Naltrexone, 380), new() { Now = Now }, "naltrexone-opioid-free"));
        var pregnant = new OrderContext { Now = Now, FirstDay = true, OpioidFreeDays = 10, Pregnant = true };
        Assert.Equal(["naltrexone-pregnancy"], Ids(Order(Moud.Naltrexone, 380), pregnant));
        Assert.Equal(RuleSeverity.Warning, Finding(Order(Moud.Naltrexone, 380), pregnant, "naltrexone-pregnancy")!.Severity);
    }

    [Theory]
    [InlineData(Moud.Methadone, true)]
    [InlineData(Moud.Buprenorphine, true)]
    [InlineData(Moud.Naltrexone, false)]
    public void Pregnancy_caution_and_sedative_warning_are_for_the_agonists(Moud medication, bool applies)
    {
        var dose = medication == Moud.Naltrexone ? 380 : 8;
        var context = new OrderContext { Now = Now, OpioidFreeDays = 10, Pregnant = true, AlcoholUse = true };
        Assert.Equal(applies, Finding(Order(medication, dose), context, "pregnancy") is { Severity: RuleSeverity.Caution });
        Assert.Equal(applies, Finding(Order(medication, dose), context, "sedative-co-use") is { Severity: RuleSeverity.Warning });
        Assert.Equal(applies, Finding(Order(medication, dose), context with { AlcoholUse = false, BenzodiazepineOrSedativeUse = true }, "sedative-co-use") is not null);
    }

    [Fact]
    public void Every_finding_carries_its_listed_limit_and_source()
    {
        var context = new OrderContext
        {
            Now = Now,
            FirstDay = true,
            GivenTodayMg = 40,
            CurrentDoseMg = 20,
            LastIncreaseOn = Today,
            QtcMs = 510,
            Pregnant = true,
            AlcoholUse = true,
            LastShortActingOpioidUse = Now,
            LastFentanylUse = Now,
            LastLongActingOpioidUse = Now,
        };
        var findings = new[] { Moud.Methadone, Moud.Buprenorphine }.SelectMany(m => OrderRules.Check(Order(m, 35), context))
            .Concat(OrderRules.Check(Order(Moud.Naltrexone, 380), context)).ToList();
        Assert.True(findings.Count >= 14);
        foreach (var f in findings)
        {
            var info = Assert.Single(OrderRules.All, r => r.RuleId == f.RuleId);
            Assert.Equal((info.Limit, info.Source), (f.Limit, f.Source));
            Assert.True(f.Severity <= info.Severity);
            Assert.False(string.IsNullOrWhiteSpace(f.Message));
        }
    }

    [Fact]
    public void The_listing_has_unique_ids_and_every_rule_cites_something()
    {
        Assert.Equal(OrderRules.All.Count, OrderRules.All.Select(r => r.RuleId).Distinct().Count());
        Assert.All(OrderRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Limit) || string.IsNullOrWhiteSpace(r.Source)));
        Assert.Equal(RuleSeverity.HardStop, OrderRules.All.Single(r => r.RuleId == "naltrexone-opioid-free").Severity);
        Assert.Equal(RuleSeverity.Warning, OrderRules.All.Single(r => r.RuleId == "sedative-co-use").Severity);
    }

    [Fact]
    public void Null_arguments_throw()
    {
        Assert.Throws<ArgumentNullException>(() => OrderRules.Check(null!, new() { Now = Now }));
        Assert.Throws<ArgumentNullException>(() => OrderRules.Check(Order(Moud.Methadone, 10), null!));
    }
}
