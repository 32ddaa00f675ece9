using System.Globalization;
using Mainstay.Clinical.Admissions;
using Xunit.Abstractions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>
/// Precision and recall of the duplicate-enrollment matcher on a seeded generated set: 2,000 true pairs (the same
/// person with 0–2 realistic slips) and 20,000 non-pairs (8,000 random, 5,000 same family name and birth year,
/// 2,000 twins-like, 5,000 common names). The numbers are written to the test output and to docs/CLINICAL.md.
/// </summary>
public class EnrollmentMatchMeasuredTests(ITestOutputHelper output)
{
    public const int Seed = 20260310;
    public const int TruePairs = 2_000;

    public static readonly (PeopleGenerator.NonPairKind Kind, int Count)[] NonPairs =
    [
        (PeopleGenerator.NonPairKind.Random, 8_000),
        (PeopleGenerator.NonPairKind.SameFamilySameBirthYear, 5_000),
        (PeopleGenerator.NonPairKind.TwinsLike, 2_000),
        (PeopleGenerator.NonPairKind.CommonNames, 5_000),
    ];

    [Fact]
    public void Precision_and_recall_on_the_generated_set_meet_the_targets()
    {
        var generator = new PeopleGenerator(Seed);
        var truth = new List<(double Score, IReadOnlyList<string> Slips)>();
        for (var i = 0; i < TruePairs; i++)
        {
            var (a, b, slips) = generator.TruePair();
            truth.Add((EnrollmentMatch.Compare(a, b).Score, slips));
        }

        var others = new List<(double Score, PeopleGenerator.NonPairKind Kind)>();
        foreach (var (kind, count) in NonPairs)
        {
            for (var i = 0; i < count; i++)
            {
                var (a, b) = generator.NonPair(kind);
                others.Add((EnrollmentMatch.Compare(a, b).Score, kind));
            }
        }

        var possible = Measure(truth.Select(t => t.Score), others.Select(o => o.Score), EnrollmentMatch.PossibleAt);
        var likely = Measure(truth.Select(t => t.Score), others.Select(o => o.Score), EnrollmentMatch.LikelyAt);
        Report("Possible", EnrollmentMatch.PossibleAt, possible);
        Report("Likely", EnrollmentMatch.LikelyAt, likely);

        output.WriteLine("Other thresholds, for comparison:");
        foreach (var threshold in new[] { 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 })
        {
            Report("  at", threshold, Measure(truth.Select(t => t.Score), others.Select(o => o.Score), threshold));
        }

        output.WriteLine("True pairs by number of slips: " + string.Join(", ", truth.GroupBy(t => t.Slips.Count).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        output.WriteLine("Slips in true pairs: " + string.Join(", ", truth.SelectMany(t => t.Slips).GroupBy(s => s).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine("True pairs below Possible, by slip:");
        foreach (var g in truth.Where(t => t.Score < EnrollmentMatch.PossibleAt)
                     .GroupBy(t => string.Join(" + ", t.Slips.Order(StringComparer.Ordinal)))
                     .OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {g.Count(),4}  {(g.Key.Length == 0 ? "(no slip)" : g.Key)}");
        }

        output.WriteLine("Non-pairs at or above Possible / Likely, by kind:");
        foreach (var (kind, count) in NonPairs)
        {
            var scores = others.Where(o => o.Kind == kind).Select(o => o.Score).ToList();
            output.WriteLine($"  {kind,-24} {scores.Count(s => s >= EnrollmentMatch.PossibleAt),4} / {scores.Count(s => s >= EnrollmentMatch.LikelyAt),4}  of {count}");
        }

        Assert.True(possible.Recall >= 0.95, $"recall at Possible {possible.Recall:0.0000}");
        Assert.True(possible.Precision >= 0.95, $"precision at Possible {possible.Precision:0.0000}");
        Assert.True(likely.Precision >= 0.99, $"precision at Likely {likely.Precision:0.0000}");
    }

    public readonly record struct Counts(int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }

    public static Counts Measure(IEnumerable<double> trueScores, IEnumerable<double> otherScores, double threshold)
    {
        var t = trueScores.ToList();
        var tp = t.Count(s => s >= threshold);
        return new Counts(tp, otherScores.Count(s => s >= threshold), t.Count - tp);
    }

    private void Report(string name, double threshold, Counts c) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} (score >= {threshold}): precision {c.Precision:0.0000}, recall {c.Recall:0.0000} (TP {c.TruePositives}, FP {c.FalsePositives}, FN {c.FalseNegatives})"));
}
