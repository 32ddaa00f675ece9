using System.Data.Common;
using Mainstay.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Mainstay.Bench;

/// <summary>
/// Loads many rows of one entity type as the database's own bulk path: PostgreSQL's binary COPY, SQLite prepared INSERTs
/// in large transactions. Columns and their stored forms come from the EF model (table and column names, value converters),
/// so a generated row is read back by the application exactly as one it wrote itself.
/// </summary>
internal sealed class BulkTable<T> : IAsyncDisposable
{
    private const int SqliteRowsPerTransaction = 200_000;

    private readonly IProperty[] _properties;
    private readonly Func<NpgsqlBinaryImporter, object?, Task>[] _pgWriters = [];
    private readonly NpgsqlBinaryImporter? _copy;
    private readonly SqliteConnection? _sqlite;
    private readonly RawInsert<T>? _insert;
    private readonly MainstayDb _db;
    private DbTransaction? _transaction;
    private int _inTransaction;

    public long Rows { get; private set; }

    private BulkTable(MainstayDb db, DbConnection connection, IProperty[] properties, NpgsqlBinaryImporter? copy)
    {
        _db = db;
        _properties = properties;
        _copy = copy;
        if (copy is not null)
        {
            _pgWriters = properties.Select(PgWriter).ToArray();
        }
        else
        {
            _sqlite = (SqliteConnection)connection;
            _transaction = _sqlite.BeginTransaction();
            _insert = RawInsert.For<T>(db, _sqlite, _transaction);
        }
    }

    public static async Task<BulkTable<T>> OpenAsync(MainstayDb db, DbConnection connection)
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var properties = RawInsert.Columns(type).ToArray();
        NpgsqlBinaryImporter? copy = null;
        if (connection is NpgsqlConnection pg)
        {
            var columns = string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""));
            copy = await pg.BeginBinaryImportAsync($"COPY \"{type.GetTableName()}\" ({columns}) FROM STDIN (FORMAT BINARY)");
        }

        return new BulkTable<T>(db, connection, properties, copy);
    }

    public async Task AddAsync(T entity)
    {
        Rows++;
        if (_copy is not null)
        {
            await _copy.StartRowAsync();
            for (var i = 0; i < _properties.Length; i++)
            {
                var value = RawInsert.ToProvider(_properties[i], _properties[i].GetGetter().GetClrValueUsingContainingEntity(entity!));
                await _pgWriters[i](_copy, value);
            }

            return;
        }

        await _insert!.RunAsync(entity);
        if (++_inTransaction == SqliteRowsPerTransaction)
        {
            await _transaction!.CommitAsync();
            await _transaction.DisposeAsync();
            _transaction = _sqlite!.BeginTransaction();
            _insert.Transaction = _transaction;
            _inTransaction = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            await _copy.CompleteAsync();
            await _copy.DisposeAsync();
        }
        else
        {
            await _transaction!.CommitAsync();
            await _transaction.DisposeAsync();
            _insert!.Dispose();
        }

        GC.KeepAlive(_db);
    }

    /// <summary>A typed COPY writer for one column: the PostgreSQL type from the model's store type, the value as the converter leaves it.</summary>
    private static Func<NpgsqlBinaryImporter, object?, Task> PgWriter(IProperty property)
    {
        var store = property.GetRelationalTypeMapping().StoreType;
        var bare = System.Text.RegularExpressions.Regex.Replace(store, @"\(\d+(,\s*\d+)?\)", "").Trim();
        var type = bare switch
        {
            "uuid" => NpgsqlDbType.Uuid,
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "smallint" => NpgsqlDbType.Smallint,
            "boolean" => NpgsqlDbType.Boolean,
            "date" => NpgsqlDbType.Date,
            "numeric" => NpgsqlDbType.Numeric,
            "double precision" => NpgsqlDbType.Double,
            "real" => NpgsqlDbType.Real,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            "timestamp without time zone" => NpgsqlDbType.Timestamp,
            "text" => NpgsqlDbType.Text,
            "character varying" => NpgsqlDbType.Varchar,
            "bytea" => NpgsqlDbType.Bytea,
            "jsonb" => NpgsqlDbType.Jsonb,
            _ => throw new NotSupportedException($"COPY of {property.DeclaringType.DisplayName()}.{property.Name} ({store}) is not written by the bench."),
        };
        return (copy, value) => value is null or DBNull ? copy.WriteNullAsync() : copy.WriteAsync(value, type);
    }
}

/// <summary>The indexes of a table dropped for a bulk load and built again after it (each built once, from sorted keys).</summary>
internal static class BulkIndexes
{
    public static async Task<List<string>> DropAsync(DbConnection connection, string table)
    {
        var definitions = new List<(string Name, string Sql)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = connection is NpgsqlConnection
                ? $"SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '{table}' AND indexname NOT LIKE 'PK\\_%'"
                : $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        return definitions.Select(d => d.Sql).ToList();
    }

    public static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
