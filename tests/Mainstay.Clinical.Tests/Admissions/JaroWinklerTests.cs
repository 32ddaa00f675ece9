using CsCheck;
using Mainstay.Clinical.Admissions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>Jaro-Winkler against the published examples (Winkler 1990, as in the Wikipedia article), and name normalization.</summary>
public class JaroWinklerTests
{
    private static readonly Gen<string> GenWord = Gen.Char["abcdeéñ' -ABC"].Array[0, 12].Select(c => new string(c));

    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.813)]
    public void Matches_the_published_examples(string a, string b, double expected)
    {
        Assert.Equal(expected, EnrollmentMatch.JaroWinkler(a, b), 3);
        Assert.Equal(expected, EnrollmentMatch.JaroWinkler(b, a), 3);
    }

    [Fact]
    public void Equal_strings_score_1_and_nothing_in_common_scores_0()
    {
        Assert.Equal(1.0, EnrollmentMatch.JaroWinkler("MARTHA", "MARTHA"));
        Assert.Equal(1.0, EnrollmentMatch.JaroWinkler("", ""));
        Assert.Equal(0.0, EnrollmentMatch.JaroWinkler("", "A"));
        Assert.Equal(0.0, EnrollmentMatch.JaroWinkler("ABC", "XYZ"));
    }

    [Fact]
    public void The_prefix_bonus_stops_at_4_characters()
    {
        // Jaro of these is 0.9; 4 (not 5) common leading characters add 4 × 0.1 × 0.1.
        var jw = EnrollmentMatch.JaroWinkler("ABCDEFGHIJ", "ABCDEFGHIX");
        var jaro = ((9 / 10.0) + (9 / 10.0) + 1) / 3;
        Assert.Equal(jaro + (4 * 0.1 * (1 - jaro)), jw, 12);
    }

    [Fact]
    public void Is_symmetric_and_between_0_and_1() =>
        Gen.Select(GenWord, GenWord).Sample((a, b) =>
        {
            var ab = EnrollmentMatch.JaroWinkler(a, b);
            return ab == EnrollmentMatch.JaroWinkler(b, a) && ab is >= 0 and <= 1 && (a != b || ab == 1);
        });

    [Theory]
    [InlineData("  José  O'Brien-Smith ", "jose obrien smith")]
    [InlineData("MÜLLER", "muller")]
    [InlineData("Ødegård", "odegard")]
    [InlineData("Straße", "strasse")]
    [InlineData("D’Angelo", "dangelo")]
    [InlineData("Mary-Ann", "mary ann")]
    [InlineData("St. John", "st john")]
    [InlineData("Núñez, Peña", "nunez pena")]
    [InlineData("---", "")]
    [InlineData(null, "")]
    public void Normalize_lowers_strips_accents_drops_apostrophes_and_spaces_punctuation(string? name, string expected) =>
        Assert.Equal(expected, EnrollmentMatch.Normalize(name));

    [Fact]
    public void Normalize_is_idempotent_and_leaves_no_stray_spaces() =>
        GenWord.Sample(w =>
        {
            var n = EnrollmentMatch.Normalize(w);
            return n == EnrollmentMatch.Normalize(n)
                && !n.Contains("  ", StringComparison.Ordinal)
                && n == n.Trim()
                && !n.Any(char.IsUpper);
        });
}
