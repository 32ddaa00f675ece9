using Mainstay.Features.Reports;
using Microsoft.Data.Sqlite;

namespace Mainstay.Tests.Features.Reports;

/// <summary>The packed weekly columns of the urine outcome rows: what is packed is what C# and SQL read back.</summary>
public class PackingTests
{
    public static TheoryData<string> Packings() => [.. EpisodeUrineWeeks.Packings.Select(p => p.Prefix)];

    private static EpisodeUrineWeeks.Packing Named(string prefix) => EpisodeUrineWeeks.Packings.Single(p => p.Prefix == prefix);

    [Theory]
    [MemberData(nameof(Packings))]
    public void Every_week_reads_back_as_packed_and_held_at_the_largest(string prefix)
    {
        var packing = Named(prefix);
        var random = new Random(prefix.Length);
        for (var trial = 0; trial < 200; trial++)
        {
            var weeks = Enumerable.Range(0, EpisodeUrineWeeks.Span).Select(_ => random.Next(0, (int)packing.Largest + 3)).ToList();
            var columns = packing.Pack(weeks);
            Assert.Equal(packing.Columns, columns.Length);
            Assert.All(columns, c => Assert.InRange(c, 0, (1L << 60) - 1));
            for (var w = 1; w <= EpisodeUrineWeeks.Span; w++)
            {
                Assert.Equal((int)Math.Min(weeks[w - 1], packing.Largest), packing.Unpack(columns, w));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Packings))]
    public void The_sql_reads_each_week_as_csharp_does(string prefix)
    {
        var packing = Named(prefix);
        var weeks = Enumerable.Range(1, EpisodeUrineWeeks.Span).Select(w => (int)((w * 37L) % (packing.Largest + 1))).ToList();
        var columns = packing.Pack(weeks);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var values = string.Join(", ", columns.Select((c, i) => $"{c} AS \"{packing.ColumnName(i)}\""));
        command.CommandText = $"SELECT {string.Join(", ", Enumerable.Range(1, EpisodeUrineWeeks.Span).Select(packing.Sql))} FROM (SELECT {values})";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        for (var w = 1; w <= EpisodeUrineWeeks.Span; w++)
        {
            Assert.Equal(packing.Unpack(columns, w), reader.GetInt32(w - 1));
        }
    }

    [Fact]
    public void Each_definition_has_its_own_column() =>
        Assert.Equal(["Ctn0094RelapseBy", "XbotRelapseBy", "Ctn0094DropoutBy"], Mainstay.Clinical.Outcomes.UrineWeeks.Definitions.Select(EpisodeUrineWeeks.EventColumn));
}
