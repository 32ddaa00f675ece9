using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mainstay.Features.Audit;
using Mainstay.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Mainstay.Data;

/// <summary>What a backup holds, written into it as <c>manifest.json</c>: every table's row count and digest in the backed-up snapshot.</summary>
public sealed record BackupManifest(
    int Format,
    DatabaseProvider Provider,
    DateTimeOffset CreatedAt,
    string? LastMigration,
    long AuditEvents,
    IReadOnlyList<TableDigest> Tables,
    IReadOnlyList<string> Files)
{
    public const int CurrentFormat = 1;
}

/// <summary>One table in one snapshot: its rows, and a SHA-256 over every value of every row in primary-key order.</summary>
public sealed record TableDigest(string Table, long Rows, string Sha256);

/// <summary>Where a backup or restore is, for a progress display.</summary>
public sealed record BackupStep(string What, int Done, int Of);

public sealed record RestoreResult(bool Succeeded, string Message, IReadOnlyList<(TableDigest Expected, TableDigest? Found)> Tables);

/// <summary>
/// <c>mainstay backup</c> and <c>mainstay restore</c>: an online, consistent copy of the database and the data folder's files
/// (data-protection keys, bulk-export files) in one zip archive, and its restore into an empty data folder.
/// <para>
/// SQLite is copied with SQLite's online backup API, which reads one snapshot while writers go on (WAL); PostgreSQL with
/// <c>pg_dump</c> running in a snapshot exported from the transaction that computes the digests. Either way the manifest's
/// digests describe exactly the copied data, and restore recomputes them before it reports success. A backup is written
/// to a temporary name and renamed when complete, so a half-written archive never carries the final name.
/// </para>
/// </summary>
public static class Backups
{
    private const string ManifestEntry = "manifest.json";
    private const string SqliteEntry = "database/mainstay.db";
    private const string PostgresEntry = "database/mainstay.pgdump";
    private const string FilesPrefix = "files/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<BackupManifest> BackupAsync(StorageSettings storage, string archivePath, IProgress<BackupStep>? progress, TimeProvider clock, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("mainstay-backup-");
        try
        {
            var createdAt = clock.GetUtcNow();
            var (database, digests, migration, auditEvents) = storage.Provider == DatabaseProvider.Sqlite
                ? await CopySqliteAsync(storage, work.FullName, progress, ct)
                : await DumpPostgresAsync(storage, work.FullName, progress, ct);

            var files = DataFolderFiles(storage).ToList();
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, storage.Provider, createdAt, migration, auditEvents, digests,
                files.Select(f => Path.GetRelativePath(storage.DataDirectory, f).Replace('\\', '/')).ToList());

            var partial = archivePath + ".partial";
            File.Delete(partial);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(archivePath))!);
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                progress?.Report(new BackupStep("writing the archive", 0, files.Count + 2));
                zip.CreateEntryFromFile(database, storage.Provider == DatabaseProvider.Sqlite ? SqliteEntry : PostgresEntry, CompressionLevel.Fastest);
                for (var i = 0; i < files.Count; i++)
                {
                    zip.CreateEntryFromFile(files[i], FilesPrefix + manifest.Files[i], CompressionLevel.Fastest);
                    progress?.Report(new BackupStep("writing the archive", i + 1, files.Count + 2));
                }

                await using var entry = zip.CreateEntry(ManifestEntry).Open();
                await JsonSerializer.SerializeAsync(entry, manifest, Json, ct);
            }

            await FlushToDiskAsync(partial, ct);
            File.Move(partial, archivePath, overwrite: false);
            return manifest;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Reads the manifest of an archive, or says why it cannot.</summary>
    public static async Task<(BackupManifest? Manifest, string? Problem)> ReadManifestAsync(string archivePath, CancellationToken ct)
    {
        if (!File.Exists(archivePath))
        {
            return (null, $"There is no backup file at {archivePath}.");
        }

        try
        {
            using var zip = ZipFile.OpenRead(archivePath);
            if (zip.GetEntry(ManifestEntry) is not { } entry)
            {
                return (null, $"{archivePath} is not a Mainstay backup: it has no {ManifestEntry}.");
            }

            await using var stream = entry.Open();
            var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, ct);
            return manifest is null || manifest.Format != BackupManifest.CurrentFormat
                ? (null, $"{archivePath} is a backup in a format this version cannot read (format {manifest?.Format}).")
                : (manifest, null);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            return (null, $"{archivePath} is not a readable Mainstay backup: {e.Message}");
        }
    }

    /// <summary>Restores an archive into an empty data folder (and, for PostgreSQL, an empty or missing database), then checks every table's digest.</summary>
    public static async Task<RestoreResult> RestoreAsync(StorageSettings target, string archivePath, IProgress<BackupStep>? progress, CancellationToken ct)
    {
        var (manifest, problem) = await ReadManifestAsync(archivePath, ct);
        if (manifest is null)
        {
            return new RestoreResult(false, problem!, []);
        }

        if (manifest.Provider != target.Provider)
        {
            return new RestoreResult(false, manifest.Provider == DatabaseProvider.Sqlite
                ? "This is a backup of a SQLite database; restore it into a data folder without --database."
                : "This is a backup of a PostgreSQL database; restore it with --database naming an empty PostgreSQL database.", []);
        }

        if (Directory.Exists(target.DataDirectory) && Directory.EnumerateFileSystemEntries(target.DataDirectory).Any())
        {
            return new RestoreResult(false, $"The data folder {target.DataDirectory} is not empty; restore only into an empty or new folder, so that nothing is overwritten.", []);
        }

        if (target.Provider == DatabaseProvider.PostgreSql && await PostgresProblemAsync(target.ConnectionString, ct) is { } refusal)
        {
            return new RestoreResult(false, refusal, []);
        }

        Directory.CreateDirectory(target.DataDirectory);
        using (var zip = ZipFile.OpenRead(archivePath))
        {
            var files = zip.Entries.Where(e => e.FullName.StartsWith(FilesPrefix, StringComparison.Ordinal)).ToList();
            for (var i = 0; i < files.Count; i++)
            {
                var path = Path.GetFullPath(Path.Combine(target.DataDirectory, files[i].FullName[FilesPrefix.Length..]));
                if (!path.StartsWith(Path.GetFullPath(target.DataDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    return new RestoreResult(false, $"The backup names a file outside the data folder ({files[i].FullName}); nothing more was restored.", []);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                files[i].ExtractToFile(path);
                progress?.Report(new BackupStep("restoring files", i + 1, files.Count));
            }

            if (target.Provider == DatabaseProvider.Sqlite)
            {
                // Extracted under another name and renamed when complete: a half-restored file is never taken for the database.
                var partial = target.SqlitePath + ".restoring";
                zip.GetEntry(SqliteEntry)!.ExtractToFile(partial);
                await FlushToDiskAsync(partial, ct);
                File.Move(partial, target.SqlitePath);
            }
            else
            {
                var dump = Path.Combine(target.DataDirectory, "restoring.pgdump");
                zip.GetEntry(PostgresEntry)!.ExtractToFile(dump);
                try
                {
                    progress?.Report(new BackupStep("pg_restore", 0, 1));
                    var connection = new NpgsqlConnectionStringBuilder(target.ConnectionString);
                    var (code, error) = await RunPostgresToolAsync("pg_restore", connection,
                        ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", connection.Database!, dump], ct);
                    if (code != 0)
                    {
                        return new RestoreResult(false, $"pg_restore failed (exit {code}); the restore ran in one transaction, so nothing was kept: {error.Trim()}", []);
                    }
                }
                finally
                {
                    File.Delete(dump);
                }
            }
        }

        await using var db = DataServices.Open(target);
        var connectionForDigest = db.Database.GetDbConnection();
        await connectionForDigest.OpenAsync(ct);
        var found = await DigestAsync(db, null, progress, ct);
        var pairs = manifest.Tables.Select(t => (t, found.FirstOrDefault(f => f.Table == t.Table))).ToList();
        var differing = pairs.Where(p => p.Item2 is null || p.Item2 != p.t).Select(p => p.t.Table).ToList();
        if (differing.Count > 0)
        {
            return new RestoreResult(false, $"The restored data differs from the backup in {differing.Count} table(s): {string.Join(", ", differing)}.", pairs);
        }

        var audit = await AuditQueries.VerifyAsync(db, null, ct);
        return audit.IsIntact
            ? new RestoreResult(true, $"Restored {manifest.Tables.Sum(t => t.Rows):N0} rows in {manifest.Tables.Count} tables and {manifest.Files.Count} files, each table identical to the backup of {manifest.CreatedAt:u}; {audit.Message}", pairs)
            : new RestoreResult(false, "The restored tables match the backup, but the audit chain does not verify: " + audit.Message, pairs);
    }

    /// <summary>
    /// Row counts and digests of every table of the model, read inside <paramref name="transaction"/> (a snapshot) when given.
    /// Values are written in an invariant text form, rows in primary-key order, so the same data gives the same digest.
    /// </summary>
    public static async Task<List<TableDigest>> DigestAsync(MainstayDb db, DbTransaction? transaction, IProgress<BackupStep>? progress, CancellationToken ct)
    {
        var tables = db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var connection = db.Database.GetDbConnection();
        var digests = new List<TableDigest>(tables.Count);
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            progress?.Report(new BackupStep("checking " + table.Name, i, tables.Count));
            var columns = table.Columns.Select(c => c.Name).OrderBy(c => c, StringComparer.Ordinal).ToList();
            var key = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? columns;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {(table.Schema is null ? "" : Quote(table.Schema) + ".")}{Quote(table.Name)} ORDER BY {string.Join(", ", key.Select(Quote))}";
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long rows = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                var line = new StringBuilder();
                while (await reader.ReadAsync(ct))
                {
                    line.Clear();
                    for (var c = 0; c < reader.FieldCount; c++)
                    {
                        line.Append(Canonical(reader.IsDBNull(c) ? null : reader.GetValue(c))).Append('\u001f');
                    }

                    hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\u001e').ToString()));
                    rows++;
                }
            }

            digests.Add(new TableDigest(table.Name, rows, Convert.ToHexStringLower(hash.GetHashAndReset())));
        }

        progress?.Report(new BackupStep("checked", tables.Count, tables.Count));
        return digests;
    }

    private static async Task<(string File, List<TableDigest> Digests, string? Migration, long AuditEvents)> CopySqliteAsync(
        StorageSettings storage, string work, IProgress<BackupStep>? progress, CancellationToken ct)
    {
        if (!File.Exists(storage.SqlitePath))
        {
            throw new FileNotFoundException($"There is no database at {storage.SqlitePath}.");
        }

        var copy = Path.Combine(work, "mainstay.db");
        progress?.Report(new BackupStep("copying the database", 0, 1));
        await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder(storage.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await source.OpenAsync(ct);
            await destination.OpenAsync(ct);
            // One step over every page under one read transaction: a consistent snapshot, and writers go on meanwhile (WAL).
            source.BackupDatabase(destination);
            await using var single = destination.CreateCommand();
            single.CommandText = "PRAGMA journal_mode=DELETE;";
            await single.ExecuteNonQueryAsync(ct);
        }

        progress?.Report(new BackupStep("copying the database", 1, 1));
        await using var db = DataServices.Open(new StorageSettings(work, $"Data Source={copy};Pooling=False"));
        await db.Database.OpenConnectionAsync(ct);
        var digests = await DigestAsync(db, null, progress, ct);
        var migration = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
        var events = await db.AuditEvents.LongCountAsync(ct);
        await db.Database.CloseConnectionAsync();
        return (copy, digests, migration, events);
    }

    private static async Task<(string File, List<TableDigest> Digests, string? Migration, long AuditEvents)> DumpPostgresAsync(
        StorageSettings storage, string work, IProgress<BackupStep>? progress, CancellationToken ct)
    {
        var file = Path.Combine(work, "mainstay.pgdump");
        await using var db = DataServices.Open(storage);
        await db.Database.OpenConnectionAsync(ct);
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var transaction = snapshot.GetDbTransaction();
        await using var export = db.Database.GetDbConnection().CreateCommand();
        export.Transaction = transaction;
        export.CommandText = "SELECT pg_export_snapshot()";
        var snapshotId = (string)(await export.ExecuteScalarAsync(ct))!;

        // pg_dump reads the snapshot this transaction holds open; the digests below read the same one.
        progress?.Report(new BackupStep("pg_dump", 0, 1));
        var connection = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
        var dump = RunPostgresToolAsync("pg_dump", connection,
            ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=" + snapshotId, "--file", file, connection.Database!], ct);
        var digests = await DigestAsync(db, transaction, progress, ct);
        var migration = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
        var events = await db.AuditEvents.LongCountAsync(ct);
        var (code, error) = await dump;
        await snapshot.CommitAsync(ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_dump failed (exit {code}): {error.Trim()}");
        }

        return (file, digests, migration, events);
    }

    /// <summary>Why a PostgreSQL database cannot receive a restore (it has tables), or null; creates it when missing.</summary>
    private static async Task<string?> PostgresProblemAsync(string connectionString, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using (var admin = new NpgsqlConnection(maintenance.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", target.Database!);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {Quote(target.Database!)}", admin);
                await create.ExecuteNonQueryAsync(ct);
                return null;
            }
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        var count = (long)(await tables.ExecuteScalarAsync(ct))!;
        return count == 0 ? null : $"The database {target.Database} already has {count} table(s); restore only into an empty or new database, so that nothing is overwritten.";
    }

    private static async Task<(int Code, string Error)> RunPostgresToolAsync(string tool, NpgsqlConnectionStringBuilder connection, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(PostgresTool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--host=" + connection.Host);
        start.ArgumentList.Add("--port=" + connection.Port.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(connection.Username))
        {
            start.ArgumentList.Add("--username=" + connection.Username);
        }

        start.ArgumentList.Add("--no-password");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await output;
        return (process.ExitCode, await error);
    }

    /// <summary>The newest installed PostgreSQL client tool (Debian keeps them under /usr/lib/postgresql/N/bin), else the one on PATH.</summary>
    private static string PostgresTool(string tool) =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", tool))
                .Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault() ?? tool
            : tool;

    /// <summary>Files of the data folder other than the live SQLite database (copied by the backup API instead).</summary>
    private static IEnumerable<string> DataFolderFiles(StorageSettings storage)
    {
        if (!Directory.Exists(storage.DataDirectory))
        {
            return [];
        }

        var database = Path.GetFileName(storage.SqlitePath);
        return Directory.EnumerateFiles(storage.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !(Path.GetDirectoryName(f) == storage.DataDirectory && Path.GetFileName(f).StartsWith(database, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
    }

    private static async Task FlushToDiskAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        await stream.FlushAsync(ct);
        stream.Flush(flushToDisk: true);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Canonical(object? value) => value switch
    {
        null => "\u2400",
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object?>().Select(Canonical)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
