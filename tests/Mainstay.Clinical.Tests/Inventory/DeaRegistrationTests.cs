using CsCheck;
using Mainstay.Clinical.Inventory;

namespace Mainstay.Clinical.Tests.Inventory;

/// <summary>The DEA registration number's form and check digit, from the worked examples in the sources (docs/CLINICAL.md).</summary>
public class DeaRegistrationTests
{
    [Theory]
    [InlineData("AP5836727")] // 5+3+7 = 15, 2 × (8+6+2) = 32, 47: check digit 7
    [InlineData("F91234563")] // a business registrant: 9 in place of a name's initial
    [InlineData("bj1424326")] // 1+2+3 = 6, 2 × (4+4+2) = 20, 26: 6 (kept upper case)
    [InlineData(" RM1234563 ")]
    public void A_well_formed_number_with_its_check_digit_passes(string number) => Assert.Null(DeaRegistration.Problem(number));

    [Theory]
    [InlineData("583672", 7)]
    [InlineData("123456", 3)]
    [InlineData("142432", 6)]
    [InlineData("000000", 0)]
    public void The_check_digit_is_the_last_digit_of_odd_places_plus_twice_even_places(string six, int check) =>
        Assert.Equal(check, DeaRegistration.CheckDigit(six));

    [Theory]
    [InlineData("AP5836728", "should be 7")]
    [InlineData("AP583672", "seven digits")]
    [InlineData("1P5836727", "two letters")]
    [InlineData("A85836727", "two letters")]
    [InlineData("AP58367X7", "seven digits")]
    [InlineData("", "e.g. AP5836727")]
    [InlineData(null, "e.g. AP5836727")]
    public void Anything_else_is_refused_with_the_reason(string? number, string reason) =>
        Assert.Contains(reason, DeaRegistration.Problem(number));

    [Fact]
    public void Exactly_one_check_digit_completes_any_six_digits() =>
        Gen.Int[0, 999_999].Sample(n =>
        {
            var six = n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            return Enumerable.Range(0, 10).Count(d => DeaRegistration.Problem($"AB{six}{d}") is null) == 1;
        });

    /// <summary>
    /// The digits in second, fourth and sixth place count twice, so one of them off by 5 changes the sum by 10 and
    /// passes: the check catches every other single-digit mistake, not that one.
    /// </summary>
    [Fact]
    public void A_single_mistyped_digit_is_caught_unless_a_doubled_digit_is_off_by_five() =>
        Gen.Select(Gen.Int[0, 999_999], Gen.Int[0, 6], Gen.Int[1, 9]).Sample((n, place, shift) =>
        {
            var six = n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            var digits = (six + DeaRegistration.CheckDigit(six)).ToCharArray();
            digits[place] = (char)('0' + ((digits[place] - '0' + shift) % 10));
            var blind = place is 1 or 3 or 5 && shift == 5;
            return DeaRegistration.Problem("AB" + new string(digits)) is null == blind;
        });
}
