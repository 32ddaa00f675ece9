using System.Globalization;

namespace Mainstay.Clinical.Demographics;

/// <summary>
/// A program's medical record number: the prefix <c>MS</c>, a seven-digit serial and a Luhn
/// (mod 10) check digit, written <c>MS-0001234-5</c>. The check digit catches every
/// single-digit typo and most adjacent transpositions at the dosing window, where a nurse may
/// read the number aloud or type it from a card.
/// </summary>
public readonly record struct MedicalRecordNumber
{
    public const string Prefix = "MS";
    public const int SerialDigits = 7;

    private MedicalRecordNumber(long serial) => Serial = serial;

    public long Serial { get; }

    public int CheckDigit => LuhnCheckDigit(Serial.ToString(new string('0', SerialDigits), CultureInfo.InvariantCulture));

    public static MedicalRecordNumber FromSerial(long serial)
    {
        if (serial is < 1 or > 9_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(serial), "An MRN serial has 1 to 7 digits.");
        }

        return new MedicalRecordNumber(serial);
    }

    /// <summary>Reads <c>MS-0001234-5</c>, <c>MS00012345</c> or <c>ms 0001234 5</c>; false when the check digit is wrong.</summary>
    public static bool TryParse(string? text, out MedicalRecordNumber mrn)
    {
        mrn = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = new string([.. text.Where(char.IsLetterOrDigit)]).ToUpperInvariant();
        if (!compact.StartsWith(Prefix, StringComparison.Ordinal) || compact.Length != Prefix.Length + SerialDigits + 1)
        {
            return false;
        }

        var digits = compact[Prefix.Length..];
        if (!digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var serialText = digits[..SerialDigits];
        var serial = long.Parse(serialText, CultureInfo.InvariantCulture);
        if (serial == 0 || LuhnCheckDigit(serialText) != digits[SerialDigits] - '0')
        {
            return false;
        }

        mrn = new MedicalRecordNumber(serial);
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{Serial:D7}-{CheckDigit}");

    /// <summary>Luhn mod-10 check digit (ISO/IEC 7812-1, Annex B) of a string of digits.</summary>
    public static int LuhnCheckDigit(string digits)
    {
        var sum = 0;
        var doubleIt = true; // the rightmost payload digit is doubled when a check digit follows
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10;
    }
}
