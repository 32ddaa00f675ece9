using Mainstay.Features.Reports;

namespace Mainstay.Tests.Features.Reports;

/// <summary>The bucket expression the reports group by: each instant in the bucket whose start it has reached.</summary>
public class BucketTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(13)]
    [InlineData(14)]
    public void Every_instant_falls_in_the_bucket_it_starts_or_follows(int count)
    {
        var starts = Enumerable.Range(0, count).Select(i => new DateTimeOffset(2026, 1, 5, 5, 0, 0, TimeSpan.Zero).AddDays(7 * i)).ToList();
        var bucket = Bucket.Of<DateTimeOffset>(t => t, starts).Compile();
        for (var i = 0; i < count - 1; i++)
        {
            Assert.Equal(i, bucket(starts[i]));
            Assert.Equal(i, bucket(starts[i + 1].AddTicks(-1)));
        }

        Assert.Equal(0, bucket(starts[0].AddDays(-1)));            // before the first: filtered out by the caller, bucket 0 here
        Assert.Equal(count - 2, bucket(starts[^1].AddDays(3)));    // after the last start: the last bucket
    }
}
