using CsCheck;
using Mainstay.Clinical.Instruments;
using Registry = Mainstay.Clinical.Instruments.Instruments;

namespace Mainstay.Clinical.Tests.Instruments;

/// <summary>Properties every instrument must keep, whatever the answers.</summary>
public class InstrumentPropertyTests
{
    public static TheoryData<string> Codes => [.. Registry.All.Select(d => d.Code)];

    /// <summary>A valid, complete answer set and a valid context for the instrument.</summary>
    private static Gen<(Dictionary<string, int> Answers, ScoringContext Context)> Valid(InstrumentDefinition definition) =>
        Gen.Select(Gen.Int[0, 1000].Array[definition.Items.Count], Gen.Bool, Gen.Bool, Gen.Bool)
            .Select(t =>
            {
                var answers = definition.Items
                    .Select((item, i) => (item.Id, Value: item.AllowedAnswers[t.Item1[i] % item.AllowedAnswers.Count].Value))
                    .ToDictionary(p => p.Id, p => p.Value);
                var context = new ScoringContext
                {
                    SexAtBirth = t.Item2 ? SexAtBirth.Female : SexAtBirth.Male,
                    OnMedicalSupervision = t.Item3,
                    OnMaintenanceTherapy = t.Item4 && t.Item3,
                    InControlledEnvironment = t.Item4,
                };
                return (answers, context);
            });

    [Fact]
    public void Registry_holds_exactly_the_nine_instrument_codes()
    {
        Assert.Equal(
            ["cows", "sows", "dsm5-oud", "ort", "phq9", "gad7", "pcptsd5", "ace", "social-needs"],
            Registry.All.Select(d => d.Code));
        Assert.Same(Registry.All[4], Registry.Find("PHQ9"));
        Assert.Null(Registry.Find("audit-c"));
    }

    [Fact]
    public void An_unknown_instrument_code_is_refused() =>
        Assert.Equal("code", Assert.Single(InstrumentScorer.Score("audit-c", new Dictionary<string, int>(), ScoringContext.None).Errors).Field);

    [Theory]
    [MemberData(nameof(Codes))]
    public void Item_ids_are_unique_and_every_item_allows_0_and_distinct_values(string code)
    {
        var definition = Registry.Find(code)!;
        Assert.Equal(definition.Items.Count, definition.Items.Select(i => i.Id).Distinct().Count());
        Assert.All(definition.Items, i =>
        {
            Assert.True(i.Allows(0));
            Assert.Equal(i.AllowedAnswers.Count, i.AllowedAnswers.Select(a => a.Value).Distinct().Count());
        });
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Random_valid_answers_give_a_total_within_the_instrument_range(string code)
    {
        var definition = Registry.Find(code)!;
        Valid(definition).Sample(t =>
        {
            var result = InstrumentScorer.Score(definition, t.Answers, t.Context);
            return result.IsScored
                   && result.Score!.Total >= definition.MinTotal
                   && result.Score.Total <= definition.MaxTotal
                   && (definition.Bands.Count == 0 ? result.Score.Band is null : result.Score.Band is not null);
        });
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Bands_cover_the_whole_range_without_gaps_or_overlaps(string code)
    {
        var definition = Registry.Find(code)!;
        if (definition.Bands.Count == 0)
        {
            Assert.Equal("sows", code); // the only instrument without published bands
            return;
        }

        Assert.Equal(definition.MinTotal, definition.Bands[0].From);
        Assert.Equal(definition.MaxTotal, definition.Bands[^1].To);
        for (var i = 0; i < definition.Bands.Count; i++)
        {
            Assert.True(definition.Bands[i].From <= definition.Bands[i].To);
            if (i > 0)
            {
                Assert.Equal(definition.Bands[i - 1].To + 1, definition.Bands[i].From);
            }
        }

        for (var total = definition.MinTotal; total <= definition.MaxTotal; total++)
        {
            Assert.Single(definition.Bands, b => b.Contains(total));
        }
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void A_higher_total_never_gets_a_lower_band(string code)
    {
        var definition = Registry.Find(code)!;
        Gen.Select(Valid(definition), Valid(definition)).Sample(t =>
        {
            var a = InstrumentScorer.Score(definition, t.Item1.Answers, t.Item1.Context).Score!;
            var b = InstrumentScorer.Score(definition, t.Item2.Answers, t.Item2.Context).Score!;
            return a.Total <= b.Total ? (a.BandIndex ?? 0) <= (b.BandIndex ?? 0) : (a.BandIndex ?? 0) >= (b.BandIndex ?? 0);
        });
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Removing_any_required_answer_gives_an_error_naming_that_item(string code)
    {
        var definition = Registry.Find(code)!;
        Gen.Select(Valid(definition), Gen.Int[0, definition.Items.Count - 1]).Sample(t =>
        {
            var (answers, context) = t.Item1;
            var item = definition.Items[t.Item2];
            if (!InstrumentScorer.Applies(item, answers))
            {
                return true; // e.g. PC-PTSD-5 symptoms after "no exposure": not required
            }

            answers.Remove(item.Id);
            var result = InstrumentScorer.Score(definition, answers, context);
            return !result.IsScored && result.Errors.Any(e => e.Field == item.Id && e.Code == "missing");
        });
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void A_value_outside_the_allowed_answers_is_refused_naming_the_item(string code)
    {
        var definition = Registry.Find(code)!;
        Gen.Select(Valid(definition), Gen.Int[0, definition.Items.Count - 1], Gen.Int[-3, 9]).Sample(t =>
        {
            var (answers, context) = t.Item1;
            var item = definition.Items[t.Item2];
            if (item.Allows(t.Item3))
            {
                return true;
            }

            answers[item.Id] = t.Item3;
            var result = InstrumentScorer.Score(definition, answers, context);
            return !result.IsScored && result.Errors.Any(e => e.Field == item.Id && e.Code == "not-allowed");
        });
    }

    [Fact]
    public void Asam_recommendations_never_fail_for_ratings_0_to_4() =>
        Gen.Int[0, 4].Array[6].Select(Gen.Bool).Sample((d, unstable) =>
            AsamPlacement.Recommend(new AsamRatings(d[0], d[1], d[2], d[3], d[4], d[5]), new AsamContext { MedicallyUnstable = unstable }).IsValid);
}
