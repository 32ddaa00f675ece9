using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Mainstay.Data;

/// <summary>
/// A compiled query (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, TResult}})"/>)
/// for the hot paths, compiled once for each database provider's model: EF refuses to run a compiled query against a
/// model other than the one it was first run with, and one process can hold both (the tests run SQLite and PostgreSQL).
/// </summary>
internal sealed class PerProvider<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = [];

    public TQuery For(DbContext db) => byModel.GetValue(db.Model, _ => compile());
}
