using System.Data.Common;
using Mainstay.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Mainstay.Bench;

/// <summary>
/// A prepared INSERT of one entity type's columns, bound with the model's own type mappings (so a Guid, a date or a
/// timestamp is stored exactly as EF stores it on either database) but run as plain SQL: no change tracking, no batching.
/// Database-generated keys are left to the database.
/// </summary>
internal sealed class RawInsert<T>(DbCommand command, List<(IProperty Property, DbParameter Parameter)> columns) : IDisposable
{
    public DbTransaction? Transaction
    {
        get => command.Transaction;
        set => command.Transaction = value;
    }

    public void Dispose() => command.Dispose();

    public async Task RunAsync(T entity)
    {
        foreach (var (property, parameter) in columns)
        {
            parameter.Value = RawInsert.ToProvider(property, property.GetGetter().GetClrValueUsingContainingEntity(entity!));
        }

        await command.ExecuteNonQueryAsync();
    }
}

internal static class RawInsert
{
    public static RawInsert<T> For<T>(MainstayDb db, DbConnection connection, DbTransaction transaction)
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var properties = Columns(type).ToList();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""INSERT INTO "{type.GetTableName()}" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))}) """
                              + $"VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})";
        var columns = properties.Select((p, i) => (p, p.GetRelationalTypeMapping().CreateParameter(command, $"@p{i}", null, p.IsNullable))).ToList();
        command.Parameters.AddRange(columns.Select(c => c.Item2).ToArray());
        command.Prepare();
        return new RawInsert<T>(command, columns);
    }

    /// <summary>The columns an insert writes: every property but a database-generated numeric key.</summary>
    public static IEnumerable<IProperty> Columns(IEntityType type) =>
        type.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never && p.ClrType == typeof(long)));

    /// <summary>Adds a parameter for one property of an entity type, bound as the model binds it.</summary>
    public static DbParameter Parameter(MainstayDb db, DbCommand command, Type entity, string property, string name, object? value)
    {
        var p = db.Model.FindEntityType(entity)!.FindProperty(property)!;
        var parameter = p.GetRelationalTypeMapping().CreateParameter(command, name, ToProvider(p, value), p.IsNullable);
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static object? ToProvider(MainstayDb db, Type entity, string property, object? value) =>
        ToProvider(db.Model.FindEntityType(entity)!.FindProperty(property)!, value);

    public static object? ToProvider(IProperty property, object? value) => PreparedWrites.ToProvider(property, value);
}
