namespace Mainstay.Clinical.Withdrawal;

/// <summary>The scale a withdrawal rating was taken on.</summary>
public enum WithdrawalScale
{
    /// <summary>Clinical Opiate Withdrawal Scale, 0–48, rated by a clinician.</summary>
    Cows,

    /// <summary>Subjective Opiate Withdrawal Scale, 0–64, rated by the patient.</summary>
    Sows,
}

/// <summary>
/// Withdrawal severity as one category, 0 none, 1 mild, 2 moderate, 3 severe, as the NIDA CTN-0094 team harmonized it
/// across trials that used different scales (harmonization vignette of public.ctn0094data, "The withdrawal dataset"):
/// COWS 0–4 none, 5–12 mild, 13–24 moderate, 25 and over severe (COWS's "moderately severe" joined to "severe" because
/// SOWS has no such band); SOWS 0 none, 1–10 mild, 11–20 moderate, 21 and over severe. Used where only the category is
/// known (imported trial data); a score recorded in Mainstay keeps its own band (<c>Instruments.Cows</c>).
/// </summary>
public static class WithdrawalCategory
{
    public const int None = 0;
    public const int Severe = 3;

    public static string Name(int category) => category switch
    {
        0 => "none",
        1 => "mild",
        2 => "moderate",
        3 => "severe",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "A withdrawal category is 0 to 3."),
    };

    /// <summary>The category of a score on a scale.</summary>
    public static int Of(WithdrawalScale scale, int score)
    {
        var (_, max) = Range(scale, Severe);
        ArgumentOutOfRangeException.ThrowIfNegative(score);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, max);
        return scale switch
        {
            WithdrawalScale.Cows => score >= 25 ? 3 : score >= 13 ? 2 : score >= 5 ? 1 : 0,
            _ => score >= 21 ? 3 : score >= 11 ? 2 : score >= 1 ? 1 : 0,
        };
    }

    /// <summary>The scores a category stands for on a scale.</summary>
    public static (int Min, int Max) Range(WithdrawalScale scale, int category) => (scale, category) switch
    {
        (WithdrawalScale.Cows, 0) => (0, 4),
        (WithdrawalScale.Cows, 1) => (5, 12),
        (WithdrawalScale.Cows, 2) => (13, 24),
        (WithdrawalScale.Cows, 3) => (25, 48),
        (WithdrawalScale.Sows, 0) => (0, 0),
        (WithdrawalScale.Sows, 1) => (1, 10),
        (WithdrawalScale.Sows, 2) => (11, 20),
        (WithdrawalScale.Sows, 3) => (21, 64),
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "A withdrawal category is 0 to 3."),
    };

    /// <summary>"moderate (COWS 13–24)": the category with the scores it stands for.</summary>
    public static string Describe(WithdrawalScale scale, int category)
    {
        var (min, max) = Range(scale, category);
        return $"{Name(category)} ({scale.ToString().ToUpperInvariant()} {(min == max ? $"{min}" : $"{min}–{max}")})";
    }
}
