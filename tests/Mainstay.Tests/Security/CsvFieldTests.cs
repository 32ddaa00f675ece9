using Mainstay.Web;

namespace Mainstay.Tests.Security;

/// <summary>CSV cells: formulas defused for spreadsheets, plain negative numbers (TEDS's -9) left as numbers, RFC 4180 quoting.</summary>
public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("-", "'-")]
    [InlineData("-.5", "'-.5")]
    [InlineData("-1.2.3", "'-1.2.3")]
    [InlineData("-9", "-9")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("12", "12")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("", "")]
    public void Cells_are_defused_and_quoted(string value, string written) => Assert.Equal(written, Csv.Field(value));
}
