using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mainstay.Data;

/// <summary>
/// Writes tracked inserts and updates as plain statements: one INSERT or UPDATE text per table and set of columns,
/// values bound with the model's own type mappings (a Guid, a date or a timestamp is stored exactly as EF stores it),
/// run in the caller's transaction. On SQLite each text is prepared once and run for every row; on PostgreSQL all rows go
/// to the server in one batch. EF's SaveChanges builds and binds every row's command again, which for the dose recorder's
/// batches cost more than everything else the single writer does.
/// Only what these can write exactly as EF would is accepted (<see cref="CanWrite"/>); database-generated keys are not
/// read back, so the caller stops tracking the rows afterwards.
/// </summary>
internal static class PreparedWrites
{
    /// <summary>
    /// True when every change is an insert or an update of an entity mapped to one table of its own, whose inserted
    /// values are all set by the application (a database-generated number key excepted: it is left to the database).
    /// </summary>
    public static bool CanWrite(IReadOnlyList<EntityEntry> changed) => changed.All(e =>
        e.State is EntityState.Added or EntityState.Modified
        && Mapped(e.Metadata)
        && (e.State == EntityState.Modified || e.Metadata.GetProperties().All(p => SetByApplication(e, p) || IsGeneratedNumberKey(p))));

    /// <summary>
    /// The value to insert is the application's: never generated, or generated in the process (a Guid key) and not one of
    /// EF's temporary values, and the column has no default or computation of its own that EF would leave to the database.
    /// </summary>
    private static bool SetByApplication(EntityEntry e, IProperty p) =>
        p.ValueGenerated == ValueGenerated.Never
        || (p.GetDefaultValueSql() is null && p.GetComputedColumnSql() is null && !p.TryGetDefaultValue(out _) && !e.Property(p.Name).IsTemporary);

    /// <summary>
    /// Writes the changes (see <see cref="CanWrite"/>); returns the rows written. A statement the database refuses (a
    /// unique index, a foreign key) fails as SaveChanges fails, with a <see cref="DbUpdateException"/> around the cause.
    /// </summary>
    public static async Task<int> WriteAsync(DbContext db, IReadOnlyList<EntityEntry> changed, CancellationToken ct)
    {
        try
        {
            return await RunAsync(db, changed, ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException("The database refused a row: " + ex.Message, ex);
        }
    }

    private static async Task<int> RunAsync(DbContext db, IReadOnlyList<EntityEntry> changed, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Prepared writes run inside the caller's transaction.");
        var rows = Order(changed).Select(Statement).ToList();
        if (rows.Count == 0)
        {
            return 0;
        }

        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            using var scratch = connection.CreateCommand(); // parameters are made by a command; they belong to the batch's
            foreach (var row in rows)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = row.Text;
                foreach (var (property, name, value) in row.Values)
                {
                    command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(scratch, name, value, property.IsNullable));
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(ct);
            for (var i = 0; i < rows.Count; i++)
            {
                Expect(rows[i], batch.BatchCommands[i].RecordsAffected);
            }

            return rows.Count;
        }

        var prepared = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        try
        {
            foreach (var row in rows)
            {
                if (!prepared.TryGetValue(row.Text, out var command))
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = row.Text;
                    foreach (var (property, name, value) in row.Values)
                    {
                        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));
                    }

                    await command.PrepareAsync(ct);
                    prepared[row.Text] = command;
                }
                else
                {
                    for (var i = 0; i < row.Values.Count; i++)
                    {
                        command.Parameters[i].Value = ToProvider(row.Values[i].Property, row.Values[i].Value);
                    }
                }

                Expect(row, await command.ExecuteNonQueryAsync(ct));
            }
        }
        finally
        {
            foreach (var command in prepared.Values)
            {
                await command.DisposeAsync();
            }
        }

        return rows.Count;
    }

    /// <summary>A statement and its values as the entity holds them (the type mapping converts them when it binds).</summary>
    private sealed record Row(EntityEntry Entry, string Text, List<(IProperty Property, string Name, object? Value)> Values);

    /// <summary>An updated row must be found by its key and concurrency tokens, as SaveChanges requires.</summary>
    private static void Expect(Row row, int affected)
    {
        if (affected != 1)
        {
            throw new DbUpdateConcurrencyException(
                $"Expected to write one {row.Entry.Metadata.ShortName()} row but wrote {affected}: it was changed or deleted meanwhile.");
        }
    }

    private static Row Statement(EntityEntry entry)
    {
        var type = entry.Metadata;
        var table = Quote(type.GetTableName()!);
        var values = new List<(IProperty, string, object?)>();
        string Bind(IProperty p, object? clr)
        {
            var name = Name(values.Count);
            values.Add((p, name, clr));
            return name;
        }

        if (entry.State == EntityState.Added)
        {
            var insert = Inserts.GetOrAdd(type, t =>
            {
                var columns = t.GetProperties().Where(p => !IsGeneratedNumberKey(p)).ToArray();
                var text = $"INSERT INTO {table} ({string.Join(", ", columns.Select(Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => Name(i)))})";
                return (text, columns);
            });
            var current = entry.CurrentValues;
            for (var i = 0; i < insert.Columns.Length; i++)
            {
                values.Add((insert.Columns[i], Name(i), current[insert.Columns[i]]));
            }

            return new Row(entry, insert.Text, values);
        }

        var set = type.GetProperties().Where(p => !p.IsPrimaryKey() && entry.Property(p.Name).IsModified).ToList();
        var assignments = set.Select(p => $"{Column(p)} = {Bind(p, entry.CurrentValues[p])}").ToList();
        var conditions = type.FindPrimaryKey()!.Properties.Select(p => $"{Column(p)} = {Bind(p, entry.OriginalValues[p])}")
            .Concat(type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey())
                .Select(p => entry.OriginalValues[p] is null ? $"{Column(p)} IS NULL" : $"{Column(p)} = {Bind(p, entry.OriginalValues[p])}"))
            .ToList();
        if (assignments.Count == 0)
        {
            // Only the concurrency check: the row must still be there as read.
            var key = Column(type.FindPrimaryKey()!.Properties[0]);
            assignments.Add($"{key} = {key}");
        }

        return new Row(entry, $"UPDATE {table} SET {string.Join(", ", assignments)} WHERE {string.Join(" AND ", conditions)}", values);
    }

    /// <summary>Each table's INSERT, made once: its text and the properties its parameters bind, in order.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, (string Text, IProperty[] Columns)> Inserts = new();

    private static readonly string[] Names = Enumerable.Range(0, 64).Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string Name(int i) => i < Names.Length ? Names[i] : "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Inserts of principals before their dependents' (a dose before its ledger line), then the updates.</summary>
    private static IEnumerable<EntityEntry> Order(IReadOnlyList<EntityEntry> changed)
    {
        var added = changed.Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata).ToDictionary(g => g.Key, g => g.ToList());
        var seen = new HashSet<IEntityType>();
        var ordered = new List<EntityEntry>();
        void Visit(IEntityType type)
        {
            if (!seen.Add(type))
            {
                return; // written already, or on the path here (no order satisfies a cycle; the database says so)
            }

            foreach (var principal in type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(added.ContainsKey))
            {
                Visit(principal);
            }

            ordered.AddRange(added[type]);
        }

        foreach (var type in added.Keys)
        {
            Visit(type);
        }

        return ordered.Concat(changed.Where(e => e.State == EntityState.Modified));
    }

    private static bool Mapped(IEntityType type) =>
        !type.IsOwned() && type.BaseType is null && !type.GetDirectlyDerivedTypes().Any() && type.GetTableName() is not null
        && type.GetForeignKeys().All(k => k.PrincipalEntityType != type) // rows of one table referring to each other need EF's ordering
        && type.GetTableMappings().Count() == 1 && type.GetTableMappings().Single().Table.EntityTypeMappings.Count() == 1;

    private static bool IsGeneratedNumberKey(IProperty p) =>
        p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never && p.ClrType == typeof(long);

    private static string Column(IProperty p) => Quote(p.GetColumnName());

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A CLR value as the column stores it (through the property's value converter, if any).</summary>
    public static object ToProvider(IProperty property, object? value)
    {
        if (value is null)
        {
            return DBNull.Value;
        }

        var converter = property.GetTypeMapping().Converter;
        return converter is null ? value : converter.ConvertToProvider(value) ?? DBNull.Value;
    }
}
