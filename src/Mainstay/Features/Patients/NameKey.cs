using System.Globalization;
using System.Text;

namespace Mainstay.Features.Patients;

/// <summary>
/// The form of a name that search compares: lower case, accents removed, apostrophes dropped,
/// hyphens and other punctuation as single spaces. "José O'Brien-Smith" → "jose obrien smith".
/// </summary>
public static class NameKey
{
    public static string Of(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        var decomposed = name.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’' or '`')
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && key.Length > 0)
                {
                    key.Append(' ');
                }

                pendingSpace = false;
                key.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return key.ToString();
    }

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>:
    /// "smi" → "smj". Lets a prefix search be an index range (key &gt;= prefix AND key &lt; upper).
    /// </summary>
    public static string UpperBound(string prefix)
    {
        if (prefix.Length == 0)
        {
            throw new ArgumentException("A prefix must not be empty.", nameof(prefix));
        }

        var last = prefix[^1];
        return last == char.MaxValue ? prefix + char.MaxValue : prefix[..^1] + (char)(last + 1);
    }
}
