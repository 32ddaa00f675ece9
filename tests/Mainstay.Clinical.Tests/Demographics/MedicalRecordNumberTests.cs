using CsCheck;
using Mainstay.Clinical.Demographics;

namespace Mainstay.Clinical.Tests.Demographics;

public class MedicalRecordNumberTests
{
    /// <summary>The worked example of the Luhn algorithm (ISO/IEC 7812-1 Annex B): 7992739871 → 3.</summary>
    [Theory]
    [InlineData("7992739871", 3)]
    [InlineData("0000001", 8)]
    [InlineData("0000000", 0)]
    [InlineData("1234567", 4)]
    public void Check_digit_follows_Luhn(string payload, int expected) =>
        Assert.Equal(expected, MedicalRecordNumber.LuhnCheckDigit(payload));

    [Fact]
    public void Mrn_is_written_with_prefix_serial_and_check_digit() =>
        Assert.Equal("MS-0000001-8", MedicalRecordNumber.FromSerial(1).ToString());

    [Theory]
    [InlineData("MS-0000001-8")]
    [InlineData("ms00000018")]
    [InlineData(" MS 0000001 8 ")]
    public void Mrn_reads_the_ways_people_type_it(string text)
    {
        Assert.True(MedicalRecordNumber.TryParse(text, out var mrn));
        Assert.Equal(1, mrn.Serial);
    }

    [Theory]
    [InlineData("MS-0000001-7")] // wrong check digit
    [InlineData("MS-0000010-8")] // transposed digits
    [InlineData("XX-0000001-8")]
    [InlineData("MS-000001-8")]
    [InlineData("MS-0000000-0")] // serial zero is never issued
    [InlineData("")]
    [InlineData(null)]
    public void Mistyped_mrns_are_refused(string? text) =>
        Assert.False(MedicalRecordNumber.TryParse(text, out _));

    [Theory]
    [InlineData(0)]
    [InlineData(10_000_000)]
    public void Serial_out_of_range_is_refused(long serial) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MedicalRecordNumber.FromSerial(serial));

    [Fact]
    public void Every_mrn_reads_back_as_itself() =>
        Gen.Long[1, 9_999_999].Sample(serial =>
            MedicalRecordNumber.TryParse(MedicalRecordNumber.FromSerial(serial).ToString(), out var back) && back.Serial == serial);

    [Fact]
    public void Any_single_digit_typo_is_caught() =>
        Gen.Select(Gen.Long[1, 9_999_999], Gen.Int[0, 7], Gen.Int[1, 9]).Sample(t =>
        {
            var text = MedicalRecordNumber.FromSerial(t.Item1).ToString().Replace("-", "", StringComparison.Ordinal);
            var digits = text.ToCharArray();
            var at = 2 + t.Item2; // a digit of serial or check
            digits[at] = (char)('0' + ((digits[at] - '0' + t.Item3) % 10));
            return !MedicalRecordNumber.TryParse(new string(digits), out _);
        });
}
