using Mainstay.Clinical.Assessment;
using Mainstay.Features.Assessments;

namespace Mainstay.Features.Patients;

/// <summary>A race or ethnicity select of the registration and demographics forms (<c>_RaceOrEthnicity.cshtml</c>).</summary>
/// <param name="Choices">Each category's value (kebab-case, as the API takes it) and its words; unknown first.</param>
public sealed record RaceOrEthnicityField(string Id, string Name, string Label, IReadOnlyList<(string Value, string Words)> Choices, string? Selected, string? Error)
{
    public static RaceOrEthnicityField Race(string id, string name, string? selected, string? error) =>
        new(id, name, "Race", Of<Race>(), selected, error);

    public static RaceOrEthnicityField Ethnicity(string id, string name, string? selected, string? error) =>
        new(id, name, "Ethnicity", Of<Ethnicity>(), selected, error);

    private static List<(string, string)> Of<T>()
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => (IntakeForm.Kebab(v), EqualityComparer<T>.Default.Equals(v, default) ? "unknown, or not asked" : IntakeForm.Words(v)))];
}
