using System.Linq.Expressions;
using Mainstay.Data;

namespace Mainstay.Features.Fhir;

/// <summary>
/// What a search asks of the records' own values: their time, their main code and their status. A source whose columns
/// decide a value reads only the rows that can match; the search's own filter then checks the resources exactly.
/// </summary>
internal sealed record Narrowing(
    DateTimeOffset? From = null, DateTimeOffset? Before = null, IReadOnlyList<FhirQuery.Token>? Codes = null, IReadOnlyList<string>? Statuses = null)
{
    public static Narrowing Of(FhirQuery q) => new(q.From, q.Before, q.Codes, q.Statuses);
}

/// <summary>
/// Row filters for the code or status a search asks, built from the same mapping that writes the resources, so the database
/// never leaves out a row whose resource would match (it may keep one that does not: the resources are checked after).
/// </summary>
internal static class SearchColumns
{
    /// <summary>Rows whose <paramref name="column"/> holds a value that is written as something asked.</summary>
    public static Func<IReadOnlyList<TAsked>, Expression<Func<T, bool>>> Among<T, TValue, TAsked>(
        Expression<Func<T, TValue>> column, Func<TValue, TAsked, bool> writtenAs)
        where TValue : struct, Enum =>
        asked => In(column, [.. Enum.GetValues<TValue>().Where(v => asked.Any(a => writtenAs(v, a)))]);

    /// <summary>Rows of one value when <paramref name="condition"/> holds and another when not.</summary>
    public static Func<IReadOnlyList<TAsked>, Expression<Func<T, bool>>> Either<T, TAsked>(
        Expression<Func<T, bool>> condition, Func<TAsked, bool> whenTrue, Func<TAsked, bool> whenFalse) =>
        asked => (asked.Any(whenTrue), asked.Any(whenFalse)) switch
        {
            (true, true) => _ => true,
            (true, false) => condition,
            (false, true) => Expression.Lambda<Func<T, bool>>(Expression.Not(condition.Body), condition.Parameters),
            _ => _ => false,
        };

    /// <summary>Rows each of which yields a resource per part present: a row can match when a part asked for is present in it.</summary>
    public static Func<IReadOnlyList<TAsked>, Expression<Func<T, bool>>> Parts<T, TAsked>(
        IReadOnlyList<(Func<TAsked, bool> Asks, Expression<Func<T, bool>> Present)> parts) =>
        asked => parts.Where(p => asked.Any(p.Asks)).Select(p => p.Present).ToList() is { Count: > 0 } present ? Predicates.AnyOf(present) : _ => false;

    /// <summary>Rows whose resources all carry the codings of <paramref name="written"/>: every row when one is asked, else none.</summary>
    public static Func<IReadOnlyList<FhirQuery.Token>, Expression<Func<T, bool>>> Written<T>(IEnumerable<(string System, string Code, string Display)> written) =>
        asked => asked.Any(t => written.Any(c => t.Matches(c.System, c.Code))) ? _ => true : _ => false;

    /// <summary>No row: its resources carry no coded main code, so no code asked matches.</summary>
    public static Expression<Func<T, bool>> Uncoded<T>(IReadOnlyList<FhirQuery.Token> asked) => _ => false;

    /// <summary>Rows whose <paramref name="column"/> is one of <paramref name="values"/> (the list a query parameter).</summary>
    public static Expression<Func<T, bool>> In<T, TValue>(Expression<Func<T, TValue>> column, List<TValue> values)
    {
        if (values.Count == 0)
        {
            return _ => false;
        }

        Expression<Func<List<TValue>>> list = () => values;
        return Expression.Lambda<Func<T, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TValue)], list.Body, column.Body), column.Parameters);
    }

    /// <summary>Whether a concept written with these codings answers one asked.</summary>
    public static bool Answers(Hl7.Fhir.Model.CodeableConcept concept, FhirQuery.Token asked) =>
        concept.Coding.Any(c => asked.Matches(c.System, c.Code));
}
