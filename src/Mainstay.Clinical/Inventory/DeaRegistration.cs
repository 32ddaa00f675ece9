namespace Mainstay.Clinical.Inventory;

/// <summary>
/// The DEA registration number of a registrant (a treatment program's site, a supplier): a letter for the kind of
/// registrant, a second letter (or 9 for a business), six digits and a check digit. Pure. Sources in docs/CLINICAL.md,
/// section "Controlled-substance stock".
/// </summary>
public static class DeaRegistration
{
    public const string Source = "DEA registration number format and check digit: (d1 + d3 + d5) + 2 × (d2 + d4 + d6), last digit.";

    /// <summary>The number as kept: trimmed, upper case; null for blank text.</summary>
    public static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToUpperInvariant();

    /// <summary>The check digit of six digits: the ones digit of the odd-placed digits' sum plus twice the even-placed ones'.</summary>
    public static int CheckDigit(ReadOnlySpan<char> sixDigits)
    {
        if (sixDigits.Length != 6)
        {
            throw new ArgumentException("A check digit is computed from exactly six digits.", nameof(sixDigits));
        }

        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            if (!char.IsAsciiDigit(sixDigits[i]))
            {
                throw new ArgumentException("A check digit is computed from digits only.", nameof(sixDigits));
            }

            sum += (sixDigits[i] - '0') * (i % 2 == 0 ? 1 : 2);
        }

        return sum % 10;
    }

    /// <summary>What is wrong with <paramref name="text"/> as a registration number (after <see cref="Normalize"/>); null when it is well formed.</summary>
    public static string? Problem(string? text)
    {
        var number = Normalize(text);
        if (number is null)
        {
            return "A DEA registration number is two letters (or a letter and 9) and seven digits, e.g. AP5836727.";
        }

        if (number.Length != 9 || !char.IsAsciiLetterUpper(number[0]) || !(char.IsAsciiLetterUpper(number[1]) || number[1] == '9')
            || number.AsSpan(2).ContainsAnyExceptInRange('0', '9'))
        {
            return $"{number} is not a DEA registration number: two letters (or a letter and 9) and seven digits, e.g. AP5836727.";
        }

        var expected = CheckDigit(number.AsSpan(2, 6));
        return number[8] - '0' == expected
            ? null
            : $"{number} fails the DEA check digit (the last digit should be {expected}): check it against the registration certificate.";
    }
}
