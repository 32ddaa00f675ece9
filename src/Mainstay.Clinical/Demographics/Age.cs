namespace Mainstay.Clinical.Demographics;

/// <summary>Age in completed years, as a chart header shows it.</summary>
public static class Age
{
    /// <summary>
    /// Completed years between <paramref name="birthDate"/> and <paramref name="onDate"/>.
    /// A person born on 29 February turns a year older on 1 March in common years
    /// (the day after 28 February), the convention most US state laws use.
    /// </summary>
    public static int InYears(DateOnly birthDate, DateOnly onDate)
    {
        if (onDate < birthDate)
        {
            throw new ArgumentOutOfRangeException(nameof(onDate), "The date is before the birth date.");
        }

        var years = onDate.Year - birthDate.Year;
        var birthdayThisYear = BirthdayIn(birthDate, onDate.Year);
        return onDate < birthdayThisYear ? years - 1 : years;
    }

    private static DateOnly BirthdayIn(DateOnly birthDate, int year) =>
        birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, birthDate.Month, birthDate.Day);
}
