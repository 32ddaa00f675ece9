using System.Linq.Expressions;

namespace Mainstay.Data;

/// <summary>Query filters put together from parts, for shapes LINQ cannot write directly.</summary>
public static class Predicates
{
    /// <summary>
    /// Rows that match any of <paramref name="parts"/>: one OR in SQL. A database seeks an index once per part, where one
    /// condition with a list on each column (<c>a IN (…) AND b IN (…)</c>) seeks every pairing of the two lists.
    /// </summary>
    public static Expression<Func<T, bool>> AnyOf<T>(IReadOnlyList<Expression<Func<T, bool>>> parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var row = parts[0].Parameters[0];
        var body = parts.Skip(1).Aggregate(parts[0].Body, (either, part) => Expression.OrElse(either, part.Body.Rebound(part.Parameters[0], row)));
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    /// <summary><paramref name="expression"/> with the parameter <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    public static Expression Rebound(this Expression expression, ParameterExpression from, ParameterExpression to) =>
        new Rebind(from, to).Visit(expression);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
