using Mainstay.Clinical.Instruments;
using static Mainstay.Clinical.Tests.Instruments.AnswerSheet;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>Opioid Risk Tool, Webster &amp; Webster 2005: female/male points, categories 0–3, 4–7, ≥8.</summary>
public class OpioidRiskToolTests
{
    private static readonly InstrumentDefinition Ort = Get("ort");
    private static readonly ScoringContext Female = new() { SexAtBirth = SexAtBirth.Female };
    private static readonly ScoringContext Male = new() { SexAtBirth = SexAtBirth.Male };

    private static Dictionary<string, int> Only(params string[] yes)
    {
        var answers = Zeros(Ort);
        foreach (var id in yes)
        {
            answers[id] = 1;
        }

        return answers;
    }

    [Theory]
    [InlineData("family-alcohol", 1, 3)]
    [InlineData("family-illegal-drugs", 2, 3)]
    [InlineData("family-rx-drugs", 4, 4)]
    [InlineData("personal-alcohol", 3, 3)]
    [InlineData("personal-illegal-drugs", 4, 4)]
    [InlineData("personal-rx-drugs", 5, 5)]
    [InlineData("age", 1, 1)]
    [InlineData("preadolescent-sexual-abuse", 3, 0)]
    [InlineData("add-ocd-bipolar-schizophrenia", 2, 2)]
    [InlineData("depression", 1, 1)]
    public void Ort_points_for_the_same_answer_differ_by_sex_as_printed(string item, int female, int male)
    {
        Assert.Equal(female, Scored("ort", Only(item), Female).Total);
        Assert.Equal(male, Scored("ort", Only(item), Male).Total);
    }

    [Fact]
    public void Ort_family_history_of_alcohol_alone_scores_1_for_a_woman_and_3_for_a_man()
    {
        Assert.Equal(1, Scored("ort", Only("family-alcohol"), Female).Total);
        Assert.Equal(3, Scored("ort", Only("family-alcohol"), Male).Total);
    }

    [Theory]
    [InlineData(new[] { "family-alcohol", "personal-illegal-drugs" }, SexAtBirth.Male, 7, "moderate")] // 3 + 4
    [InlineData(new[] { "personal-alcohol" }, SexAtBirth.Male, 3, "low")]
    [InlineData(new[] { "personal-alcohol", "age" }, SexAtBirth.Male, 4, "moderate")]
    [InlineData(new[] { "family-alcohol", "personal-rx-drugs" }, SexAtBirth.Male, 8, "high")] // 3 + 5
    [InlineData(new[] { "family-illegal-drugs", "age" }, SexAtBirth.Female, 3, "low")]
    [InlineData(new[] { "family-rx-drugs" }, SexAtBirth.Female, 4, "moderate")]
    [InlineData(new[] { "family-rx-drugs", "personal-alcohol" }, SexAtBirth.Female, 7, "moderate")]
    [InlineData(new[] { "family-rx-drugs", "personal-illegal-drugs" }, SexAtBirth.Female, 8, "high")]
    public void Ort_risk_categories_change_at_4_and_8(string[] yes, SexAtBirth sex, int total, string category)
    {
        var score = Scored("ort", Only(yes), new ScoringContext { SexAtBirth = sex });
        Assert.Equal(total, score.Total);
        Assert.Equal(category, score.Band);
    }

    [Theory]
    [InlineData(SexAtBirth.Female)]
    [InlineData(SexAtBirth.Male)]
    public void Ort_maximum_is_26_for_either_sex(SexAtBirth sex) =>
        Assert.Equal(26, Scored("ort", Ort.Items.ToDictionary(i => i.Id, _ => 1), new ScoringContext { SexAtBirth = sex }).Total);

    [Fact]
    public void Ort_without_sex_at_birth_is_refused_naming_sexAtBirth()
    {
        var error = Assert.Single(Refused("ort", Zeros(Ort)));
        Assert.Equal(("sexAtBirth", "missing"), (error.Field, error.Code));
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(16, 1)]
    [InlineData(45, 1)]
    [InlineData(46, 0)]
    public void Ort_age_item_is_derived_from_the_age_when_not_answered(int age, int points)
    {
        var answers = Zeros(Ort);
        answers.Remove("age");
        Assert.Equal(points, Scored("ort", answers, Female with { AgeYears = age }).Total);
    }

    [Fact]
    public void Ort_age_answer_that_contradicts_the_age_is_refused()
    {
        var answers = Zeros(Ort);
        answers["age"] = 1;
        var error = Assert.Single(Refused("ort", answers, Female with { AgeYears = 60 }));
        Assert.Equal(("age", "inconsistent"), (error.Field, error.Code));
    }

    [Fact]
    public void Ort_without_age_answer_or_age_is_refused_naming_age()
    {
        var answers = Zeros(Ort);
        answers.Remove("age");
        var error = Assert.Single(Refused("ort", answers, Male));
        Assert.Equal(("age", "missing"), (error.Field, error.Code));
    }
}
