namespace Mainstay.Clinical.Admissions;

/// <summary>
/// Sort key for the waiting list: priority group (1 first), then urgency (emergent first), then who asked first
/// (the earlier request instant, whatever its offset), then the id, so that two different entries never tie.
/// The order of groups follows 45 CFR 96.131 / 96.126 as programs apply it (see <see cref="AdmissionPriority"/>);
/// urgency within a group and first-asked-first-served are Mainstay's defaults.
/// </summary>
/// <remarks>
/// A total order consistent with equality: <c>CompareTo</c> returns 0 exactly when the two keys are equal
/// (<see cref="DateTimeOffset"/> equality compares instants, as its comparison does).
/// </remarks>
public readonly record struct WaitlistKey(PriorityGroup Group, Urgency Urgency, DateTimeOffset RequestedAt, Guid Id)
    : IComparable<WaitlistKey>
{
    /// <summary>Negative when this entry comes first on the waiting list.</summary>
    public int CompareTo(WaitlistKey other)
    {
        var c = ((int)Group).CompareTo((int)other.Group);
        if (c != 0)
        {
            return c;
        }

        c = ((int)Urgency).CompareTo((int)other.Urgency);
        if (c != 0)
        {
            return c;
        }

        c = RequestedAt.CompareTo(other.RequestedAt);
        return c != 0 ? c : Id.CompareTo(other.Id);
    }

    public static bool operator <(WaitlistKey left, WaitlistKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(WaitlistKey left, WaitlistKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(WaitlistKey left, WaitlistKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(WaitlistKey left, WaitlistKey right) => left.CompareTo(right) >= 0;
}
