using Mainstay.Clinical.Assessment;
using Mainstay.Clinical.Demographics;

namespace Mainstay.Clinical.Tests.Demographics;

public class RaceAndEthnicityTests
{
    public static TheoryData<Race> Races => [.. Enum.GetValues<Race>()];

    public static TheoryData<Ethnicity> Ethnicities => [.. Enum.GetValues<Ethnicity>()];

    [Theory]
    [MemberData(nameof(Races))]
    public void Every_TEDS_race_sent_is_read_back_as_itself(Race race)
    {
        var written = RaceAndEthnicity.Written(race);
        Assert.Equal(race == Race.Unknown, written is null);
        if (written is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace(written.Text)); // US Core requires the words
            Assert.Equal(race, RaceAndEthnicity.RaceOf(written.Categories.Select(c => c.Code), written.Detailed.Select(c => c.Code), written.Text));
        }
    }

    [Theory]
    [MemberData(nameof(Ethnicities))]
    public void Every_TEDS_ethnicity_sent_is_read_back_as_itself(Ethnicity ethnicity)
    {
        var written = RaceAndEthnicity.Written(ethnicity);
        Assert.Equal(ethnicity == Ethnicity.Unknown, written is null);
        if (written is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace(written.Text));
            Assert.Equal(ethnicity, RaceAndEthnicity.EthnicityOf(written.Categories.Select(c => c.Code), written.Detailed.Select(c => c.Code), written.Text));
        }
    }

    [Theory]
    // The OMB categories as Synthea writes them (one category and its words).
    [InlineData("2106-3", "", "White", Race.White)]
    [InlineData("2054-5", "", "Black or African American", Race.BlackOrAfricanAmerican)]
    [InlineData("2028-9", "", "Asian", Race.Asian)]
    [InlineData("2076-8", "", "Native Hawaiian or Other Pacific Islander", Race.NativeHawaiianOrPacificIslander)]
    // Synthea's "other" race: an ethnicity code where a race category belongs, and the word "Other".
    [InlineData("2135-2", "", "Other", Race.OtherSingleRace)]
    // American Indian or Alaska Native: which of TEDS's two codes only when the detail says so.
    [InlineData("1002-5", "", "American Indian or Alaska Native", Race.Unknown)]
    [InlineData("1002-5", "1010-8", "Apache", Race.Unknown)] // a tribe: the hierarchy under each is not listed here
    [InlineData("1002-5", "1735-0", "Alaska Native", Race.AlaskaNative)]
    [InlineData("1002-5", "1004-1", "American Indian", Race.AmericanIndian)]
    [InlineData("1002-5", "1735-0,1004-1", "Alaska Native and American Indian", Race.TwoOrMoreRaces)]
    [InlineData("", "1735-0", "Alaska Native", Race.AlaskaNative)] // the detail alone
    // Other race by its code or its words; words that merely begin so are not.
    [InlineData("", "2131-1", "Some other race", Race.OtherSingleRace)]
    [InlineData("2131-1", "", "Some other race", Race.OtherSingleRace)]
    [InlineData("", "", "Other Race", Race.OtherSingleRace)]
    [InlineData("", "", "Other Pacific Islander", Race.Unknown)]
    // Two categories are two or more races, whatever the words.
    [InlineData("2106-3,2054-5", "", "White, Black", Race.TwoOrMoreRaces)]
    // Asked but unknown, or declined: unknown.
    [InlineData("UNK", "", "Unknown", Race.Unknown)]
    [InlineData("ASKU", "", "Declined", Race.Unknown)]
    [InlineData("", "", "", Race.Unknown)]
    public void A_received_race_is_read_as_its_TEDS_category(string categories, string detailed, string text, Race expected) =>
        Assert.Equal(expected, RaceAndEthnicity.RaceOf(Codes(categories), Codes(detailed), text));

    [Theory]
    [InlineData("2186-5", "", "Not Hispanic or Latino", Ethnicity.NotHispanicOrLatino)]
    [InlineData("2135-2", "", "Hispanic or Latino", Ethnicity.HispanicOrLatinoUnspecified)]
    [InlineData("2135-2", "2148-5", "Mexican", Ethnicity.Mexican)]
    [InlineData("2135-2", "2151-9", "Chicano", Ethnicity.Mexican)] // a concept under Mexican
    [InlineData("2135-2", "2180-8", "Puerto Rican", Ethnicity.PuertoRican)]
    [InlineData("2135-2", "2182-4", "Cuban", Ethnicity.CubanOrOtherSpecificHispanic)]
    [InlineData("2135-2", "2157-6", "Guatemalan", Ethnicity.CubanOrOtherSpecificHispanic)]
    [InlineData("", "2148-5", "Mexican", Ethnicity.Mexican)] // the detail alone
    [InlineData("UNK", "", "Unknown", Ethnicity.Unknown)]
    [InlineData("2135-2,2186-5", "", "Both", Ethnicity.Unknown)] // cannot both be true
    [InlineData("", "", "", Ethnicity.Unknown)]
    public void A_received_ethnicity_is_read_as_its_TEDS_category(string categories, string detailed, string text, Ethnicity expected) =>
        Assert.Equal(expected, RaceAndEthnicity.EthnicityOf(Codes(categories), Codes(detailed), text));

    private static string[] Codes(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
