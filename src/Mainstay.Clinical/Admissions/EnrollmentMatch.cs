using System.Globalization;
using System.Text;

namespace Mainstay.Clinical.Admissions;

/// <summary>
/// What the duplicate-enrollment check compares of a person: names, birth date and, when known, sex at birth,
/// phone and an identifier (for example a state ID or a central-registry number).
/// </summary>
public sealed record PersonKey(
    string GivenName,
    string FamilyName,
    DateOnly BirthDate,
    string? Sex = null,
    string? Phone = null,
    string? Identifier = null);

/// <summary>The matcher's verdict. <see cref="Possible"/> asks a person to look; <see cref="Likely"/> asks them to resolve it before enrolling.</summary>
public enum MatchVerdict
{
    NoMatch,
    Possible,
    Likely,
}

/// <summary>The result of comparing two people: a score from 0 to 1, the verdict, and the evidence in words.</summary>
public sealed record EnrollmentMatchResult(double Score, MatchVerdict Verdict, IReadOnlyList<string> Evidence);

/// <summary>
/// Fuzzy matching of two people, to find a person already enrolled (here, or in a registry under 42 CFR 2.34)
/// before a second enrollment. Each field adds a weight in bits, in the spirit of Fellegi and Sunter (1969): agreement
/// adds about log2(m/u), disagreement about log2((1−m)/(1−u)), where m is how often the field agrees for the same person
/// and u for two different people. The m and u behind the weights are Mainstay's estimates, rounded and then checked on
/// a generated set (docs/CLINICAL.md, "Admissions: priority, waiting times and duplicate enrollment"); they were not
/// estimated from real enrollment data.
/// </summary>
/// <remarks>
/// The score is 1 / (1 + 2^((<see cref="CenterBits"/> − total weight) / <see cref="ScaleBits"/>)), a monotone map of the
/// total weight onto 0..1 (0.5 at 16 bits); it is a ranking, not a calibrated probability. Names are compared after <see cref="Normalize"/>;
/// given names by Jaro-Winkler (Winkler 1990) and a built-in nickname table; family names by Jaro-Winkler, by a
/// shared part (hyphenated or double-barrel names) and with given and family names swapped; birth dates exactly, or
/// by one typing slip (day and month swapped, two adjacent digits transposed, one digit different, year one apart).
/// </remarks>
public static class EnrollmentMatch
{
    /// <summary>
    /// At or above: likely the same person. About 19.6 bits: names and birth date agree, or they nearly agree and a
    /// phone or identifier agrees too. Chosen on the generated set (precision 0.999 there).
    /// </summary>
    public const double LikelyAt = 0.65;

    /// <summary>
    /// At or above: possibly the same person, for a person to review. About 12.4 bits. Chosen on the generated set
    /// (precision and recall both about 0.99 there).
    /// </summary>
    public const double PossibleAt = 0.35;

    /// <summary>The total weight, in bits, at which the score is 0.5.</summary>
    public const double CenterBits = 16;

    /// <summary>Bits of weight per doubling of the score's odds.</summary>
    public const double ScaleBits = 4;

    // Weights in bits (log2 of likelihood ratios), Mainstay's estimates. A different given name weighs more than
    // independence would give (−12, not about −7): twins share family name, birth date and often phone, and only the
    // given name tells them apart.
    internal const double GivenSame = 6;
    internal const double GivenFirstPartSame = 5;
    internal const double GivenPartSame = 4;
    internal const double GivenNickname = 4.5;
    internal const double GivenClose = 4;
    internal const double GivenSimilar = 1.5;
    internal const double GivenInitial = 1;
    internal const double GivenOneSlip = -2;
    internal const double GivenWeak = -6;
    internal const double GivenDifferent = -12;

    internal const double FamilySame = 7.5;
    internal const double FamilyPart = 5;
    internal const double FamilyClose = 5;
    internal const double FamilySimilar = 2;
    internal const double FamilyOneSlip = -1;
    internal const double FamilyWeak = -1;
    internal const double FamilyDifferent = -7;

    internal const double SwapPenalty = 1;

    internal const double BirthSame = 10;
    internal const double BirthDayMonthSwapped = 4;
    internal const double BirthTransposed = 4;
    internal const double BirthOneDigit = 3;
    internal const double BirthYearOneApart = 3;
    internal const double BirthDifferent = -10;

    internal const double IdentifierSame = 14;
    internal const double IdentifierDifferent = -6;
    internal const double PhoneSame = 5;
    internal const double SexDifferent = -5;

    /// <summary>Jaro-Winkler at or above which two names count as close (a typing slip in a name).</summary>
    internal const double CloseAt = 0.94;

    /// <summary>Jaro-Winkler at or above which two names count as similar.</summary>
    internal const double SimilarAt = 0.88;

    /// <summary>Jaro-Winkler below which two names count as different.</summary>
    internal const double WeakAt = 0.80;

    private static readonly HashSet<string> FamilyParticles = new(StringComparer.Ordinal)
    {
        // Not "le" or "do": common Vietnamese family names.
        "de", "del", "della", "la", "las", "los", "da", "das", "dos", "di", "du", "van", "von", "der",
        "den", "ter", "y", "e", "st", "saint", "bin", "ibn", "al", "el", "mc", "mac", "o",
    };

    /// <summary>Compares two people; symmetric in its arguments.</summary>
    public static EnrollmentMatchResult Compare(PersonKey a, PersonKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        var evidence = new List<string>();
        var total = Names(a, b, evidence);
        total += BirthDates(a.BirthDate, b.BirthDate, evidence);
        total += Identifiers(a.Identifier, b.Identifier, evidence);
        total += Phones(a.Phone, b.Phone, evidence);
        total += Sexes(a.Sex, b.Sex, evidence);

        var score = 1.0 / (1.0 + Math.Pow(2, (CenterBits - total) / ScaleBits));
        var verdict = score >= LikelyAt ? MatchVerdict.Likely : score >= PossibleAt ? MatchVerdict.Possible : MatchVerdict.NoMatch;
        return new EnrollmentMatchResult(score, verdict, evidence);
    }

    /// <summary>
    /// Jaro-Winkler similarity, 0 (nothing in common) to 1 (equal): Jaro's matches within half the longer length
    /// less one, transpositions halved, and Winkler's prefix bonus of 0.1 per common leading character, up to 4
    /// (Winkler 1990; the Wikipedia article's examples MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX 0.813).
    /// Case-sensitive; two empty strings are equal (1), one empty string matches nothing (0).
    /// </summary>
    public static double JaroWinkler(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 1.0;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0.0;
        }

        // A fixed order makes the greedy matching, and so the result, symmetric.
        if (string.CompareOrdinal(a, b) > 0)
        {
            (a, b) = (b, a);
        }

        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        var aMatched = new bool[a.Length];
        var bMatched = new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var hi = Math.Min(b.Length - 1, i + window);
            for (var j = Math.Max(0, i - window); j <= hi; j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0.0;
        }

        var outOfOrder = 0;
        for (int i = 0, k = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }

            while (!bMatched[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                outOfOrder++;
            }

            k++;
        }

        double m = matches;
        var jaro = ((m / a.Length) + (m / b.Length) + ((m - (outOfOrder / 2.0)) / m)) / 3.0;
        var prefix = 0;
        var maxPrefix = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < maxPrefix && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1.0 - jaro));
    }

    /// <summary>
    /// A name as the matcher compares it: lower case, accents removed (é → e, ñ → n; also ß → ss, æ → ae, ø → o,
    /// ł → l), apostrophes dropped (O'Brien → obrien), every other character that is not a letter or digit turned into
    /// a space, runs of spaces made one, trimmed. <c>null</c> gives "".
    /// </summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var raw in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(raw) == UnicodeCategory.NonSpacingMark
                || raw is '\'' or '\u2019' or '\u2018' or '`' or '\u02BC' or '\u00B4')
            {
                continue;
            }

            var c = char.ToLowerInvariant(raw);
            var mapped = c switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'ø' => "o",
                'ł' => "l",
                'đ' or 'ð' => "d",
                'þ' => "th",
                'ı' => "i",
                _ => null,
            };
            if (mapped is null && !char.IsLetterOrDigit(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            if (mapped is null)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(mapped);
            }
        }

        return sb.ToString();
    }

    private static double Names(PersonKey a, PersonKey b, List<string> evidence)
    {
        var ga = Normalize(a.GivenName);
        var gb = Normalize(b.GivenName);
        var fa = Normalize(a.FamilyName);
        var fb = Normalize(b.FamilyName);

        var given = Given(ga, gb);
        var family = Family(fa, fb);
        var straight = given.Weight + family.Weight;

        // Either record may hold the names the wrong way round: try both and keep the better, so the result is symmetric.
        var (swappedGiven, swappedFamily) = Swapped(ga, fa, gb, fb);
        var (otherGiven, otherFamily) = Swapped(gb, fb, ga, fa);
        if (otherGiven.Weight + otherFamily.Weight > swappedGiven.Weight + swappedFamily.Weight)
        {
            (swappedGiven, swappedFamily) = (otherGiven, otherFamily);
        }

        var swapped = swappedGiven.Weight + swappedFamily.Weight - SwapPenalty;
        if (swapped > straight && swappedGiven.Weight >= GivenSimilar && swappedFamily.Weight >= FamilySimilar)
        {
            evidence.Add("given and family names swapped");
            evidence.Add(swappedGiven.Evidence);
            evidence.Add(swappedFamily.Evidence);
            return swapped;
        }

        evidence.Add(given.Evidence);
        evidence.Add(family.Evidence);
        return straight;
    }

    /// <summary>The given name of one record against the family name of the other, and the other way round.</summary>
    private static ((double Weight, string Evidence) Given, (double Weight, string Evidence) Family) Swapped(
        string givenA, string familyA, string givenB, string familyB) =>
        (Given(givenA, familyB), Family(familyA, givenB));

    private static (double Weight, string Evidence) Given(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return (0, "given name missing");
        }

        if (a == b || Compact(a) == Compact(b))
        {
            return (GivenSame, "given name same");
        }

        var ta = FirstPart(a);
        var tb = FirstPart(b);
        if (ta == tb)
        {
            return (GivenFirstPartSame, $"given name first part same: {a}/{b}");
        }

        if (Nicknames.AreSameName(ta, tb))
        {
            return (GivenNickname, $"given name nickname: {ta}/{tb}");
        }

        if (a.Split(' ').Intersect(b.Split(' '), StringComparer.Ordinal).Any())
        {
            return (GivenPartSame, $"given name part matches: {a}/{b}");
        }

        if ((ta.Length == 1 && tb[0] == ta[0]) || (tb.Length == 1 && ta[0] == tb[0]))
        {
            return (GivenInitial, $"given name initial matches: {ta}/{tb}");
        }

        var jw = Math.Max(JaroWinkler(a, b), JaroWinkler(ta, tb));
        return Level(jw, OneSlipApart(a, b) || OneSlipApart(ta, tb), "given name", GivenClose, GivenSimilar, GivenOneSlip, GivenWeak, GivenDifferent);
    }

    private static (double Weight, string Evidence) Family(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return (0, "family name missing");
        }

        if (a == b || Compact(a) == Compact(b))
        {
            return (FamilySame, "family name same");
        }

        var pa = Parts(a);
        var pb = Parts(b);
        if (pa.Intersect(pb, StringComparer.Ordinal).Any())
        {
            return (FamilyPart, $"family name part matches: {a}/{b}");
        }

        var jw = JaroWinkler(Compact(a), Compact(b));
        var oneSlip = OneSlipApart(Compact(a), Compact(b));
        foreach (var x in pa)
        {
            foreach (var y in pb)
            {
                jw = Math.Max(jw, JaroWinkler(x, y));
                oneSlip |= OneSlipApart(x, y);
            }
        }

        return Level(jw, oneSlip, "family name", FamilyClose, FamilySimilar, FamilyOneSlip, FamilyWeak, FamilyDifferent);
    }

    /// <summary>
    /// The band of a Jaro-Winkler value. Short names with one typing slip fall low ("joe"/"oje" is 0.56, "ann"/"amn"
    /// 0.80), so below <see cref="SimilarAt"/> one slip apart has its own, milder weight.
    /// </summary>
    private static (double Weight, string Evidence) Level(
        double jw, bool oneSlip, string field, double close, double similar, double slip, double weak, double different)
    {
        var shown = jw.ToString("0.00", CultureInfo.InvariantCulture);
        return jw switch
        {
            >= CloseAt => (close, $"{field} close (Jaro-Winkler {shown})"),
            >= SimilarAt => (similar, $"{field} similar (Jaro-Winkler {shown})"),
            _ when oneSlip => (slip, $"{field} one typing slip apart (Jaro-Winkler {shown})"),
            >= WeakAt => (weak, $"{field} weakly similar (Jaro-Winkler {shown})"),
            _ => (different, $"{field} different"),
        };
    }

    /// <summary>
    /// True when the two different strings are one substitution, insertion, deletion or swap of two adjacent
    /// characters apart (Damerau's single errors) and the shorter has at least 2 characters.
    /// </summary>
    internal static bool OneSlipApart(string a, string b)
    {
        if (a == b || Math.Min(a.Length, b.Length) < 2 || Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        if (a.Length == b.Length)
        {
            var diff = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
            return diff.Length == 1
                || (diff is [var i, var j] && j == i + 1 && a[i] == b[j] && a[j] == b[i]);
        }

        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        var k = 0;
        while (k < shorter.Length && shorter[k] == longer[k])
        {
            k++;
        }

        return shorter.AsSpan(k).SequenceEqual(longer.AsSpan(k + 1));
    }

    private static double BirthDates(DateOnly a, DateOnly b, List<string> evidence)
    {
        if (a == b)
        {
            evidence.Add("birth date same");
            return BirthSame;
        }

        if (a.Year == b.Year && a.Day == b.Month && a.Month == b.Day)
        {
            evidence.Add("birth date day and month swapped");
            return BirthDayMonthSwapped;
        }

        var da = a.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var db = b.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var differ = Enumerable.Range(0, da.Length).Where(i => da[i] != db[i]).ToArray();
        if (differ is [var i, var j] && j == i + 1 && da[i] == db[j] && da[j] == db[i])
        {
            evidence.Add("birth date two adjacent digits transposed");
            return BirthTransposed;
        }

        if (differ.Length == 1)
        {
            evidence.Add("birth date one digit different");
            return BirthOneDigit;
        }

        if (Math.Abs(a.Year - b.Year) == 1 && a.Month == b.Month && a.Day == b.Day)
        {
            evidence.Add("birth year one apart, same day and month");
            return BirthYearOneApart;
        }

        evidence.Add("birth date different");
        return BirthDifferent;
    }

    private static double Identifiers(string? a, string? b, List<string> evidence)
    {
        var ia = CleanIdentifier(a);
        var ib = CleanIdentifier(b);
        if (ia.Length == 0 || ib.Length == 0)
        {
            return 0;
        }

        if (ia == ib)
        {
            evidence.Add("identifier same");
            return IdentifierSame;
        }

        evidence.Add("identifier different");
        return IdentifierDifferent;
    }

    private static double Phones(string? a, string? b, List<string> evidence)
    {
        var pa = PhoneDigits(a);
        var pb = PhoneDigits(b);
        if (pa.Length == 0 || pb.Length == 0 || pa != pb)
        {
            return 0;
        }

        evidence.Add("phone same");
        return PhoneSame;
    }

    private static double Sexes(string? a, string? b, List<string> evidence)
    {
        var sa = CleanSex(a);
        var sb = CleanSex(b);
        if (sa is null || sb is null || sa == sb)
        {
            return 0;
        }

        evidence.Add("sex different");
        return SexDifferent;
    }

    private static string Compact(string name) => name.Replace(" ", "", StringComparison.Ordinal);

    private static string FirstPart(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? name : name[..space];
    }

    private static string[] Parts(string name) =>
        name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.Length >= 2 && !FamilyParticles.Contains(p))
            .ToArray();

    /// <summary>Trimmed, upper case, without inner spaces and hyphens.</summary>
    private static string CleanIdentifier(string? id) =>
        id is null ? "" : new string(id.Trim().ToUpperInvariant().Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    /// <summary>The last 10 digits; "" when fewer than 7 digits (not a usable number).</summary>
    private static string PhoneDigits(string? phone)
    {
        if (phone is null)
        {
            return "";
        }

        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 7 ? "" : digits.Length > 10 ? digits[^10..] : digits;
    }

    /// <summary>f, m, another stated value, or null when not given or unknown.</summary>
    private static string? CleanSex(string? sex)
    {
        var s = sex?.Trim().ToLowerInvariant();
        return s switch
        {
            null or "" or "u" or "unk" or "unknown" or "not known" or "asked but unknown" => null,
            "f" or "female" or "woman" => "f",
            "m" or "male" or "man" => "m",
            _ => s,
        };
    }
}
