using CsCheck;
using Mainstay.Clinical.Admissions;

namespace Mainstay.Clinical.Tests.Admissions;

/// <summary>The duplicate-enrollment matcher, one kind of evidence at a time.</summary>
public class EnrollmentMatchTests
{
    private static readonly PersonKey William = new("William", "Garcia", new DateOnly(1985, 3, 12), "M", "(555) 123-4567", "S1234567");

    private static EnrollmentMatchResult Compare(PersonKey b) => EnrollmentMatch.Compare(William, b);

    [Fact]
    public void The_same_record_is_likely()
    {
        var r = Compare(William);
        Assert.Equal(MatchVerdict.Likely, r.Verdict);
        Assert.True(r.Score > 0.98);
        Assert.Equal(["given name same", "family name same", "birth date same", "identifier same", "phone same"], r.Evidence);
    }

    [Fact]
    public void Names_and_birth_date_alone_are_likely()
    {
        var r = EnrollmentMatch.Compare(William with { Phone = null, Identifier = null }, new PersonKey("william", "GARCIA", William.BirthDate));
        Assert.Equal(MatchVerdict.Likely, r.Verdict);
    }

    [Fact]
    public void A_nickname_counts_as_the_same_given_name()
    {
        var r = Compare(William with { GivenName = "Bill", Phone = null, Identifier = null });
        Assert.Contains("given name nickname: william/bill", r.Evidence);
        Assert.Equal(MatchVerdict.Likely, r.Verdict);
    }

    [Theory]
    [InlineData("Willaim")]
    [InlineData("Wiliam")]
    [InlineData("Williams")]
    public void A_typing_slip_in_the_given_name_is_close(string given)
    {
        var r = Compare(William with { GivenName = given, Phone = null, Identifier = null });
        Assert.Contains(r.Evidence, e => e.StartsWith("given name close", StringComparison.Ordinal));
        Assert.Equal(MatchVerdict.Likely, r.Verdict);
    }

    [Fact]
    public void A_slip_in_a_short_name_is_still_not_different()
    {
        var joe = new PersonKey("Joe", "Li", new DateOnly(1990, 1, 1));
        var r = EnrollmentMatch.Compare(joe, joe with { GivenName = "Oje" });
        Assert.Contains(r.Evidence, e => e.StartsWith("given name one typing slip apart", StringComparison.Ordinal));
        Assert.NotEqual(MatchVerdict.NoMatch, r.Verdict);
    }

    [Fact]
    public void A_different_given_name_is_strong_disagreement()
    {
        // Twins: same family name, birth date and phone.
        var r = Compare(William with { GivenName = "Alejandro", Identifier = null });
        Assert.Contains("given name different", r.Evidence);
        Assert.Equal(MatchVerdict.NoMatch, r.Verdict);
    }

    [Theory]
    [InlineData("Garcia Lopez")]
    [InlineData("García-López")]
    [InlineData("Lopez Garcia")]
    public void A_double_barrel_family_name_matches_its_part(string family)
    {
        var r = Compare(William with { FamilyName = family, Phone = null, Identifier = null });
        Assert.Contains(r.Evidence, e => e.StartsWith("family name part matches", StringComparison.Ordinal));
        Assert.Equal(MatchVerdict.Likely, r.Verdict);
    }

    [Fact]
    public void Spacing_and_accents_in_a_family_name_do_not_matter()
    {
        var a = new PersonKey("Ana", "McDonald", new DateOnly(1970, 5, 5));
        Assert.Contains("family name same", EnrollmentMatch.Compare(a, a with { FamilyName = "Mc Donald" }).Evidence);
        var b = new PersonKey("Ana", "Muñoz", new DateOnly(1970, 5, 5));
        Assert.Contains("family name same", EnrollmentMatch.Compare(b, b with { FamilyName = "MUNOZ" }).Evidence);
    }

    [Fact]
    public void A_particle_alone_is_not_a_shared_part()
    {
        var a = new PersonKey("Ana", "De La Cruz", new DateOnly(1970, 5, 5));
        var r = EnrollmentMatch.Compare(a, a with { FamilyName = "De Leon" });
        Assert.DoesNotContain(r.Evidence, e => e.StartsWith("family name part", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_and_family_names_swapped_are_found()
    {
        var r = Compare(William with { GivenName = "Garcia", FamilyName = "William", Phone = null, Identifier = null });
        Assert.Equal("given and family names swapped", r.Evidence[0]);
        Assert.Equal(MatchVerdict.Likely, r.Verdict);
    }

    [Theory]
    [InlineData("1985-12-03", "birth date day and month swapped")]
    [InlineData("1985-03-21", "birth date two adjacent digits transposed")]
    [InlineData("1958-03-12", "birth date two adjacent digits transposed")]
    [InlineData("1985-03-13", "birth date one digit different")]
    [InlineData("1985-08-12", "birth date one digit different")]
    [InlineData("1984-03-12", "birth date one digit different")]
    public void A_birth_date_slip_is_a_partial_agreement(string date, string evidence)
    {
        var r = Compare(William with { BirthDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Phone = null, Identifier = null });
        Assert.Contains(evidence, r.Evidence);
        Assert.Equal(MatchVerdict.Possible, r.Verdict);
    }

    [Fact]
    public void A_year_one_apart_with_the_same_day_and_month_is_a_partial_agreement()
    {
        var a = new PersonKey("Ana", "Silva", new DateOnly(1989, 7, 4));
        var r = EnrollmentMatch.Compare(a, a with { BirthDate = new DateOnly(1990, 7, 4) });
        Assert.Contains("birth year one apart, same day and month", r.Evidence);
        Assert.Equal(MatchVerdict.Possible, r.Verdict);
    }

    [Fact]
    public void A_different_birth_date_is_strong_disagreement()
    {
        var r = Compare(William with { BirthDate = new DateOnly(1972, 11, 30), Phone = null, Identifier = null });
        Assert.Contains("birth date different", r.Evidence);
        Assert.Equal(MatchVerdict.NoMatch, r.Verdict);
    }

    [Fact]
    public void The_same_identifier_is_very_strong_evidence_after_trimming_and_upper_casing()
    {
        var withId = Compare(William with { BirthDate = new DateOnly(1972, 11, 30), Phone = null, Identifier = "  s1234567 " });
        var without = Compare(William with { BirthDate = new DateOnly(1972, 11, 30), Phone = null, Identifier = null });
        Assert.Contains("identifier same", withId.Evidence);
        Assert.Equal(MatchVerdict.NoMatch, without.Verdict);
        Assert.NotEqual(MatchVerdict.NoMatch, withId.Verdict);
    }

    [Fact]
    public void Different_identifiers_are_disagreement_and_a_missing_one_is_nothing()
    {
        var different = Compare(William with { Identifier = "S7654321" });
        var missing = Compare(William with { Identifier = "  " });
        Assert.Contains("identifier different", different.Evidence);
        Assert.DoesNotContain(missing.Evidence, e => e.StartsWith("identifier", StringComparison.Ordinal));
        Assert.True(different.Score < missing.Score);
    }

    [Fact]
    public void The_same_phone_digits_are_moderate_evidence()
    {
        var noDate = William with { BirthDate = new DateOnly(1985, 3, 21), Identifier = null };
        var samePhone = Compare(noDate with { Phone = "+1 555.123.4567" });
        var noPhone = Compare(noDate with { Phone = null });
        Assert.Contains("phone same", samePhone.Evidence);
        Assert.True(samePhone.Score > noPhone.Score);
        Assert.DoesNotContain("phone same", Compare(William with { Phone = "555-1234" }).Evidence);
    }

    [Theory]
    [InlineData("F", true)]
    [InlineData("female", true)]
    [InlineData("male", false)]
    [InlineData("unknown", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_different_sex_is_disagreement_unless_one_is_unknown(string? sex, bool different)
    {
        var r = Compare(William with { Sex = sex });
        Assert.Equal(different, r.Evidence.Contains("sex different"));
    }

    [Fact]
    public void Two_strangers_do_not_match()
    {
        var r = Compare(new PersonKey("Keisha", "Washington", new DateOnly(2001, 6, 30), "F", "(212) 555-0000", "X999"));
        Assert.Equal(MatchVerdict.NoMatch, r.Verdict);
        Assert.True(r.Score < 0.01);
    }

    [Fact]
    public void The_thresholds_are_ordered()
    {
        var (possible, likely) = (EnrollmentMatch.PossibleAt, EnrollmentMatch.LikelyAt);
        Assert.InRange(possible, 0.01, likely - 0.01);
        Assert.InRange(likely, possible + 0.01, 0.99);
    }

    [Fact]
    public void Comparing_is_symmetric_and_a_record_is_likely_itself() =>
        Gen.Int.Sample(seed =>
        {
            var generator = new PeopleGenerator(seed);
            var (a, b, _) = generator.TruePair();
            var (c, d) = generator.NonPair((PeopleGenerator.NonPairKind)(Math.Abs(seed % 4)));
            return EnrollmentMatch.Compare(a, b).Score == EnrollmentMatch.Compare(b, a).Score
                && EnrollmentMatch.Compare(c, d).Score == EnrollmentMatch.Compare(d, c).Score
                && EnrollmentMatch.Compare(a, a).Verdict == MatchVerdict.Likely
                && EnrollmentMatch.Compare(c, d).Score is >= 0 and <= 1;
        });
}
