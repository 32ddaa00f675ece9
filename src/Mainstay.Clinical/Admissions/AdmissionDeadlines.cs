namespace Mainstay.Clinical.Admissions;

/// <summary>
/// The waiting-time clock of one request for treatment.
/// </summary>
/// <param name="InterimServicesDue">Request + 48 hours: interim services must have started by then.</param>
/// <param name="AdmitBy">Request + 14 days: the admission deadline when interim services were not given within 48 hours.</param>
/// <param name="AdmitByWithInterimServices">Request + 120 days: the outer deadline, only when interim services started within 48 hours.</param>
/// <param name="InterimServicesLate">No interim service by the 48-hour mark, and that mark has passed.</param>
/// <param name="AdmissionLate">Now is past the deadline that applies (<paramref name="AdmitBy"/> or <paramref name="AdmitByWithInterimServices"/>).</param>
/// <param name="DaysWaiting">Whole days from the request to now; 0 if now is before the request.</param>
public sealed record AdmissionClock(
    DateTimeOffset InterimServicesDue,
    DateTimeOffset AdmitBy,
    DateTimeOffset AdmitByWithInterimServices,
    bool InterimServicesLate,
    bool AdmissionLate,
    int DaysWaiting);

/// <summary>
/// Admission deadlines of 45 CFR 96.126(b): a person who asks for and needs treatment for injection drug use is
/// admitted not later than 14 days after the request, or 120 days after it if no program has capacity and interim
/// services (including referral for prenatal care) are made available within 48 hours of the request.
/// Pure; now is passed in. Sources in docs/CLINICAL.md, section "Admissions: priority, waiting times and duplicate enrollment".
/// </summary>
/// <remarks>
/// The regulation binds programs funded by the Block Grant for people who inject drugs (and the statute, 42 U.S.C.
/// 300x-27(b), implemented by 45 CFR 96.131, asks for interim services within 48 hours for pregnant women no program
/// can admit). Mainstay runs the same clock for
/// everyone on the waiting list as a program standard; the waiting list marks where it is the legal requirement.
/// Days are 24-hour periods counted from the request instant (the rule does not say calendar or business days).
/// An interim service exactly at the 48-hour mark is on time; a deadline is passed only after its instant.
/// </remarks>
public static class AdmissionDeadlines
{
    /// <summary>45 CFR 96.126(b)(1).</summary>
    public const int AdmitWithinDays = 14;

    /// <summary>45 CFR 96.126(b)(2).</summary>
    public const int AdmitWithInterimWithinDays = 120;

    /// <summary>45 CFR 96.126(b)(2); also 42 U.S.C. 300x-27(b) for pregnant women.</summary>
    public const int InterimServicesWithinHours = 48;

    /// <summary>
    /// The clock for a request made at <paramref name="requestedAt"/>.
    /// </summary>
    /// <param name="requestedAt">When the person asked for treatment.</param>
    /// <param name="firstInterimServiceAt">When interim services were first given; <c>null</c> if not yet. A time
    /// before the request is taken as on time.</param>
    /// <param name="now">The current instant.</param>
    public static AdmissionClock For(DateTimeOffset requestedAt, DateTimeOffset? firstInterimServiceAt, DateTimeOffset now)
    {
        var interimDue = requestedAt.AddHours(InterimServicesWithinHours);
        var admitBy = requestedAt.AddDays(AdmitWithinDays);
        var admitByWithInterim = requestedAt.AddDays(AdmitWithInterimWithinDays);

        var interimOnTime = firstInterimServiceAt is { } given && given <= interimDue;
        var interimLate = !interimOnTime && now > interimDue;
        var admissionLate = now > (interimOnTime ? admitByWithInterim : admitBy);

        var waited = now - requestedAt;
        var days = waited <= TimeSpan.Zero ? 0 : (int)(waited.Ticks / TimeSpan.TicksPerDay);

        return new AdmissionClock(interimDue, admitBy, admitByWithInterim, interimLate, admissionLate, days);
    }
}
