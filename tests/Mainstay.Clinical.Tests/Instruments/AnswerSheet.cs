using Mainstay.Clinical.Instruments;
using Registry = Mainstay.Clinical.Instruments.Instruments;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>Builds answer sets for tests.</summary>
internal static class AnswerSheet
{
    public static InstrumentDefinition Get(string code) => Registry.Find(code)!;

    /// <summary>All items answered 0.</summary>
    public static Dictionary<string, int> Zeros(InstrumentDefinition definition) =>
        definition.Items.ToDictionary(i => i.Id, _ => 0);

    /// <summary>Answers in item order, e.g. PHQ-9 0,0,0,1,2,1,3,2,1.</summary>
    public static Dictionary<string, int> InOrder(InstrumentDefinition definition, params int[] values) =>
        definition.Items.Zip(values).ToDictionary(p => p.First.Id, p => p.Second);

    /// <summary>A valid answer set (every item answered) whose plain sum is <paramref name="total"/>.</summary>
    public static Dictionary<string, int> WithTotal(InstrumentDefinition definition, int total)
    {
        var answers = new Dictionary<string, int>();
        var remaining = total;
        foreach (var item in definition.Items)
        {
            var value = item.AllowedAnswers.Select(a => a.Value).Where(v => v <= remaining).Max();
            answers[item.Id] = value;
            remaining -= value;
        }

        Assert.True(remaining == 0, $"could not build total {total} for {definition.Code}");
        return answers;
    }

    public static InstrumentScore Scored(string code, IReadOnlyDictionary<string, int> answers, ScoringContext? context = null)
    {
        var result = InstrumentScorer.Score(code, answers, context ?? ScoringContext.None);
        Assert.True(result.IsScored, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return result.Score!;
    }

    public static IReadOnlyList<FieldError> Refused(string code, IReadOnlyDictionary<string, int> answers, ScoringContext? context = null)
    {
        var result = InstrumentScorer.Score(code, answers, context ?? ScoringContext.None);
        Assert.False(result.IsScored);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }
}
