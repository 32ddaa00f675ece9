using Mainstay.Clinical.Assessment;

namespace Mainstay.Clinical.Demographics;

/// <summary>A concept of the CDC Race and Ethnicity Code Set (urn:oid:2.16.840.1.113883.6.238).</summary>
public sealed record CdcConcept(string Code, string Display);

/// <summary>
/// A race or an ethnicity as US Core's extensions write it: the OMB categories, the detailed CDC concepts under them, and
/// the words (which US Core requires).
/// </summary>
public sealed record CdcReported(IReadOnlyList<CdcConcept> Categories, IReadOnlyList<CdcConcept> Detailed, string Text);

/// <summary>
/// The TEDS race and ethnicity categories (SAMHSA's codebook, asked at intake) and the CDC Race and Ethnicity Code Set that
/// other systems send them in (US Core's us-core-race and us-core-ethnicity extensions, as Synthea and hospitals write them).
/// Both ways, so a received chart fills the intake's answers and Mainstay's chart is sent with them. Sources in
/// docs/CLINICAL.md ("Race and ethnicity").
/// </summary>
public static class RaceAndEthnicity
{
    public const string CodeSystem = "urn:oid:2.16.840.1.113883.6.238";

    /// <summary>
    /// The names systems send these codes under: the code set's OID, the URL HL7 gave it before 2021, and HL7 v3's Race and
    /// Ethnicity code systems (drawn from the same CDC codes), under their current and their old URLs.
    /// </summary>
    public static readonly IReadOnlySet<string?> CodeSystems = new HashSet<string?>
    {
        CodeSystem, "http://terminology.hl7.org/CodeSystem/PHRaceAndEthnicityCDC",
        "http://terminology.hl7.org/CodeSystem/v3-Race", "http://terminology.hl7.org/CodeSystem/v3-Ethnicity",
        "http://hl7.org/fhir/v3/Race", "http://hl7.org/fhir/v3/Ethnicity",
    };

    // The five OMB race categories and the two OMB ethnicity categories.
    public static readonly CdcConcept AmericanIndianOrAlaskaNative = new("1002-5", "American Indian or Alaska Native");
    public static readonly CdcConcept Asian = new("2028-9", "Asian");
    public static readonly CdcConcept BlackOrAfricanAmerican = new("2054-5", "Black or African American");
    public static readonly CdcConcept NativeHawaiianOrOtherPacificIslander = new("2076-8", "Native Hawaiian or Other Pacific Islander");
    public static readonly CdcConcept White = new("2106-3", "White");
    public static readonly CdcConcept HispanicOrLatino = new("2135-2", "Hispanic or Latino");
    public static readonly CdcConcept NotHispanicOrLatino = new("2186-5", "Not Hispanic or Latino");

    // The detailed concepts TEDS tells apart.
    public static readonly CdcConcept AmericanIndian = new("1004-1", "American Indian");
    public static readonly CdcConcept AlaskaNative = new("1735-0", "Alaska Native");
    public static readonly CdcConcept Mexican = new("2148-5", "Mexican");
    public static readonly CdcConcept PuertoRican = new("2180-8", "Puerto Rican");
    public static readonly CdcConcept Cuban = new("2182-4", "Cuban");
    public static readonly CdcConcept OtherRace = new("2131-1", "Other Race");

    /// <summary>The words Mainstay writes for the TEDS categories it sends without a code.</summary>
    public const string OtherSingleRaceText = "Other single race", TwoOrMoreRacesText = "Two or more races",
        OtherSpecificHispanicText = "Cuban or other specific Hispanic";

    private static readonly CdcConcept[] RaceCategories = [AmericanIndianOrAlaskaNative, Asian, BlackOrAfricanAmerican, NativeHawaiianOrOtherPacificIslander, White];

    /// <summary>The CDC concepts under Mexican (Mexican American, Mexicano, Chicano, La Raza, Mexican American Indian).</summary>
    private static readonly HashSet<string> MexicanCodes = [Mexican.Code, "2149-3", "2150-1", "2151-9", "2152-7", "2153-5"];

    /// <summary>How a TEDS race is sent; null when unknown (nothing is sent).</summary>
    public static CdcReported? Written(Race race) => race switch
    {
        Race.AlaskaNative => new([AmericanIndianOrAlaskaNative], [AlaskaNative], AlaskaNative.Display),
        Race.AmericanIndian => new([AmericanIndianOrAlaskaNative], [AmericanIndian], AmericanIndian.Display),
        Race.Asian => new([Asian], [], Asian.Display),
        Race.BlackOrAfricanAmerican => new([BlackOrAfricanAmerican], [], BlackOrAfricanAmerican.Display),
        Race.NativeHawaiianOrPacificIslander => new([NativeHawaiianOrOtherPacificIslander], [], NativeHawaiianOrOtherPacificIslander.Display),
        Race.White => new([White], [], White.Display),
        // Which races, or which other race, TEDS does not record: the words alone.
        Race.OtherSingleRace => new([], [], OtherSingleRaceText),
        Race.TwoOrMoreRaces => new([], [], TwoOrMoreRacesText),
        _ => null,
    };

    /// <summary>How a TEDS ethnicity is sent; null when unknown.</summary>
    public static CdcReported? Written(Ethnicity ethnicity) => ethnicity switch
    {
        Ethnicity.NotHispanicOrLatino => new([NotHispanicOrLatino], [], NotHispanicOrLatino.Display),
        Ethnicity.PuertoRican => new([HispanicOrLatino], [PuertoRican], PuertoRican.Display),
        Ethnicity.Mexican => new([HispanicOrLatino], [Mexican], Mexican.Display),
        Ethnicity.CubanOrOtherSpecificHispanic => new([HispanicOrLatino], [], OtherSpecificHispanicText),
        Ethnicity.HispanicOrLatinoUnspecified => new([HispanicOrLatino], [], HispanicOrLatino.Display),
        _ => null,
    };

    /// <summary>
    /// The TEDS race of a received race: two or more OMB categories are two or more races; American Indian or Alaska Native
    /// is Alaska Native (1735-0) or American Indian (1004-1) only when the detail says which, as TEDS tells them apart,
    /// else unknown (the tribes under each are not listed here); other race by its code (2131-1) or the words "Other",
    /// "Other race" or "Other single race"; two or more races by those words. Anything else is unknown (including
    /// "asked but unknown" and codes that are not race categories).
    /// </summary>
    public static Race RaceOf(IEnumerable<string> categories, IEnumerable<string> detailed, string? text)
    {
        var named = RaceCategories.Where(c => categories.Contains(c.Code)).ToList();
        // Other race is read where some systems put it too, among the categories (US Core does not list it there).
        var details = detailed.Concat(categories.Where(c => c == OtherRace.Code)).ToHashSet();
        if (named.Count > 1)
        {
            return Race.TwoOrMoreRaces;
        }

        var alaskan = details.Contains(AlaskaNative.Code);
        var indian = details.Contains(AmericanIndian.Code);
        if (named.Count == 1)
        {
            return named[0] switch
            {
                var c when c == AmericanIndianOrAlaskaNative => (alaskan, indian) switch
                {
                    (true, false) => Race.AlaskaNative,
                    (false, true) => Race.AmericanIndian,
                    (true, true) => Race.TwoOrMoreRaces,
                    _ => Race.Unknown,
                },
                var c when c == Asian => Race.Asian,
                var c when c == BlackOrAfricanAmerican => Race.BlackOrAfricanAmerican,
                var c when c == NativeHawaiianOrOtherPacificIslander => Race.NativeHawaiianOrPacificIslander,
                _ => Race.White,
            };
        }

        var words = text?.Trim() ?? "";
        return (alaskan, indian) switch
        {
            (true, false) => Race.AlaskaNative,
            (false, true) => Race.AmericanIndian,
            (true, true) => Race.TwoOrMoreRaces,
            _ when words.Equals(TwoOrMoreRacesText, StringComparison.OrdinalIgnoreCase) => Race.TwoOrMoreRaces,
            _ when details.Contains(OtherRace.Code) || words.ToLowerInvariant() is "other" or "other race" or "other single race" => Race.OtherSingleRace,
            _ => Race.Unknown,
        };
    }

    /// <summary>
    /// The TEDS ethnicity of a received ethnicity: Hispanic or Latino (by its category, or by a detailed concept alone) is
    /// Puerto Rican, Mexican (or a concept under it), Cuban or another specific origin by the detail, else unspecified; not
    /// Hispanic or Latino is that; anything else unknown.
    /// </summary>
    public static Ethnicity EthnicityOf(IEnumerable<string> categories, IEnumerable<string> detailed, string? text)
    {
        var details = detailed.Where(d => d != HispanicOrLatino.Code && d != NotHispanicOrLatino.Code).ToList();
        var codes = categories.ToHashSet();
        if (codes.Contains(HispanicOrLatino.Code) && codes.Contains(NotHispanicOrLatino.Code))
        {
            return Ethnicity.Unknown; // the two cannot both be true; which is, the record does not say
        }

        if (codes.Contains(HispanicOrLatino.Code) || details.Count > 0)
        {
            return details.Contains(PuertoRican.Code) ? Ethnicity.PuertoRican
                : details.Any(MexicanCodes.Contains) ? Ethnicity.Mexican
                : details.Count > 0 || string.Equals(text?.Trim(), OtherSpecificHispanicText, StringComparison.OrdinalIgnoreCase) ? Ethnicity.CubanOrOtherSpecificHispanic
                : Ethnicity.HispanicOrLatinoUnspecified;
        }

        return codes.Contains(NotHispanicOrLatino.Code) ? Ethnicity.NotHispanicOrLatino : Ethnicity.Unknown;
    }
}
