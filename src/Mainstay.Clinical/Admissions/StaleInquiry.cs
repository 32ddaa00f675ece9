namespace Mainstay.Clinical.Admissions;

/// <summary>
/// Whether an open inquiry (a call, a walk-in, a referral) has waited too long for someone to reach the person.
/// The 24-hour target is a Mainstay default and a program setting, not a federal rule. Pure; now is passed in.
/// </summary>
public static class StaleInquiry
{
    /// <summary>Mainstay's default contact target: 24 hours.</summary>
    public static readonly TimeSpan DefaultTarget = TimeSpan.FromHours(24);

    /// <summary>
    /// Stale when no contact has been made and more than <paramref name="target"/> has passed since the inquiry was
    /// received, or when the last contact is more than <paramref name="target"/> old. Exactly at the target is not stale.
    /// Call it only for inquiries still open (closed ones are never stale).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is zero or negative.</exception>
    public static bool IsStale(DateTimeOffset receivedAt, DateTimeOffset? lastContactAt, DateTimeOffset now, TimeSpan target)
    {
        if (target <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The contact target must be more than zero.");
        }

        var since = lastContactAt ?? receivedAt;
        return now - since > target;
    }
}
