using System.CommandLine;
using System.Diagnostics;
using Mainstay.Data;
using Spectre.Console;

namespace Mainstay.Cli;

/// <summary><c>mainstay backup [FILE]</c> and <c>mainstay restore FILE</c>, with progress on standard error and a summary.</summary>
public static class BackupCommands
{
    public static Command Backup()
    {
        var file = new Argument<string?>("file")
        {
            Description = "The archive to write (default: mainstay-backup-<UTC time>.zip in the current folder). An existing file is never overwritten.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("backup", "Copy the database and the data folder's files into one archive while Mainstay keeps running; the archive lists every table's rows and digest.")
        {
            file,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var storage = MainstayCli.Storage(parsed);
            var path = Path.GetFullPath(parsed.GetValue(file) ?? $"mainstay-backup-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}.zip");
            if (File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"{path} already exists; name a new file.");
                return 2;
            }

            if (storage.Provider == DatabaseProvider.Sqlite && !File.Exists(storage.SqlitePath))
            {
                await Console.Error.WriteLineAsync($"No database at {storage.SqlitePath}.");
                return 2;
            }

            var clock = Stopwatch.StartNew();
            try
            {
                var manifest = await Backups.BackupAsync(storage, path, Progress(), TimeProvider.System, ct);
                EndProgress();
                Console.WriteLine($"Backed up {storage.Describe()}: {manifest.Tables.Sum(t => t.Rows):N0} rows in {manifest.Tables.Count} tables, {manifest.AuditEvents:N0} audit events, {manifest.Files.Count} files, in {clock.Elapsed.TotalSeconds:N1} s.");
                Console.WriteLine($"Archive: {path} ({new FileInfo(path).Length / 1024.0 / 1024.0:N1} MiB)");
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                EndProgress();
                await Console.Error.WriteLineAsync("The backup failed; no archive was written: " + e.Message);
                return 1;
            }
        });
        return command;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("file") { Description = "An archive written by mainstay backup." };
        var command = new Command("restore", "Restore a backup into an empty data folder (and, with --database, an empty or new PostgreSQL database), then check every table against the backup's digests and verify the audit chain.")
        {
            file,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var storage = MainstayCli.Storage(parsed);
            try
            {
                var result = await Backups.RestoreAsync(storage, Path.GetFullPath(parsed.GetValue(file)!), Progress(), ct);
                EndProgress();
                if (result.Tables.Count > 0 && !Console.IsOutputRedirected)
                {
                    var table = new Table().AddColumns("table", "rows in backup", "rows restored", "identical");
                    foreach (var (expected, found) in result.Tables)
                    {
                        table.AddRow(Markup.Escape(expected.Table), expected.Rows.ToString("N0"), found?.Rows.ToString("N0") ?? "missing", expected == found ? "yes" : "[red]NO[/]");
                    }

                    AnsiConsole.Write(table);
                }

                (result.Succeeded ? Console.Out : Console.Error).WriteLine(result.Message);
                return result.Succeeded ? 0 : 1;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                EndProgress();
                await Console.Error.WriteLineAsync("The restore failed: " + e.Message);
                return 1;
            }
        });
        return command;
    }

    private static IProgress<BackupStep>? Progress() =>
        Console.IsErrorRedirected ? null : new Progress<BackupStep>(s => Console.Error.Write($"\r{s.What,-48} {s.Done}/{s.Of}   "));

    private static void EndProgress()
    {
        if (!Console.IsErrorRedirected)
        {
            Console.Error.WriteLine();
        }
    }
}
