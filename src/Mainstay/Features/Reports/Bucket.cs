using System.Linq.Expressions;
using Mainstay.Data;

namespace Mainstay.Features.Reports;

/// <summary>
/// Time buckets counted by the database: an expression that gives a row's bucket number from its instant, written as a
/// chain of comparisons (a CASE in SQL) against the buckets' starts, so a report groups by week or month in one query
/// without a database's own date functions, and at the clinic's local midnights rather than UTC ones.
/// </summary>
public static class Bucket
{
    /// <summary>
    /// The bucket of <paramref name="at"/>: 0 before <c>starts[1]</c>, 1 before <c>starts[2]</c>, … and the last bucket
    /// (<c>starts.Count - 2</c>) after that. Rows should be filtered to <c>[starts[0], starts[^1])</c> first.
    /// </summary>
    public static Expression<Func<T, int>> Of<T>(Expression<Func<T, DateTimeOffset>> at, IReadOnlyList<DateTimeOffset> starts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(starts.Count, 2);
        return Expression.Lambda<Func<T, int>>(Split(at.Body, starts, 0, starts.Count - 2), at.Parameters);
    }

    /// <summary>Buckets <paramref name="first"/> to <paramref name="last"/> as halves: four comparisons a row for twelve buckets, not twelve.</summary>
    private static Expression Split(Expression at, IReadOnlyList<DateTimeOffset> starts, int first, int last)
    {
        if (first == last)
        {
            return Expression.Constant(first);
        }

        var middle = (first + last + 1) / 2;
        return Expression.Condition(Expression.LessThan(at, Expression.Constant(starts[middle])), Split(at, starts, first, middle - 1), Split(at, starts, middle, last));
    }

    /// <summary>A grouping key of the bucket and two more of the row's values.</summary>
    public static Expression<Func<T, Key<TFirst, TSecond>>> With<T, TFirst, TSecond>(
        this Expression<Func<T, int>> bucket, Expression<Func<T, TFirst>> first, Expression<Func<T, TSecond>> second)
    {
        var row = bucket.Parameters[0];
        var type = typeof(Key<TFirst, TSecond>);
        return Expression.Lambda<Func<T, Key<TFirst, TSecond>>>(Expression.MemberInit(Expression.New(type),
            Expression.Bind(type.GetProperty(nameof(Key<TFirst, TSecond>.Bucket))!, bucket.Body),
            Expression.Bind(type.GetProperty(nameof(Key<TFirst, TSecond>.First))!, first.Body.Rebound(first.Parameters[0], row)),
            Expression.Bind(type.GetProperty(nameof(Key<TFirst, TSecond>.Second))!, second.Body.Rebound(second.Parameters[0], row))), row);
    }

    public sealed class Key<TFirst, TSecond>
    {
        public int Bucket { get; init; }
        public required TFirst First { get; init; }
        public required TSecond Second { get; init; }
    }
}
