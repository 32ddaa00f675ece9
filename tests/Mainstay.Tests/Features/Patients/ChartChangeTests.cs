using Mainstay.Features.Patients;

namespace Mainstay.Tests.Features.Patients;

/// <summary>How the chart's change history reads a stored revision, including revisions written by earlier versions.</summary>
public sealed class ChartChangeTests
{
    [Fact]
    public void Each_field_is_named_in_words_with_its_value_before_and_after_in_the_order_stored()
    {
        var changes = ChartChange.Of("""{"phone":{"from":null,"to":"(937) 555-0101"},"race":{"from":"unknown","to":"black-or-african-american"},"status":{"from":"active","to":"entered-in-error"}}""");
        Assert.Equal(
            [new("Phone", ChartChange.Nothing, "(937) 555-0101"), new("Race", "unknown", "black or african american"), new("Status", "active", "entered in error")],
            changes);
    }

    [Fact]
    public void A_sex_at_birth_stored_as_its_number_by_an_earlier_version_is_shown_by_name()
    {
        Assert.Equal([new ChartChange("Sex at birth", "female", "male")], ChartChange.Of("""{"sexAtBirth":{"from":0,"to":1}}"""));
    }

    [Theory]
    [InlineData("""{"nickname":{"from":"","to":"Jo"}}""", "nickname", ChartChange.Nothing, "Jo")]
    [InlineData("""{"phone":"(937) 555-0101"}""", "Phone", ChartChange.Nothing, ChartChange.Nothing)]
    [InlineData("""{"phone":{"from":["a"],"to":7}}""", "Phone", """["a"]""", "7")]
    [InlineData("""not json""", "Changes", ChartChange.Nothing, "not json")]
    [InlineData("""[1,2]""", "Changes", ChartChange.Nothing, "[1,2]")]
    public void What_this_version_cannot_read_is_shown_as_stored_not_hidden(string stored, string field, string from, string to)
    {
        Assert.Equal([new ChartChange(field, from, to)], ChartChange.Of(stored));
    }
}
