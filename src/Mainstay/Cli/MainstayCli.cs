using System.CommandLine;
using Mainstay.Hosting;

namespace Mainstay.Cli;

/// <summary>The command line: <c>mainstay serve | users | audit | import | export | backup | restore | reports</c>, with --data and --database on every command.</summary>
public static class MainstayCli
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Data folder (SQLite database, keys). Default ./mainstay-data, or $MAINSTAY_DATA.",
        Recursive = true,
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "Database connection string; one with Host=... means PostgreSQL. Default: SQLite in the data folder, or $MAINSTAY_DATABASE.",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Mainstay: open clinical software for opioid addiction treatment programs.");
        root.Options.Add(Data);
        root.Options.Add(Database);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(ClientsCommand.Create());
        root.Subcommands.Add(FhirCommands.Import());
        root.Subcommands.Add(FhirCommands.Export());
        root.Subcommands.Add(BackupCommands.Backup());
        root.Subcommands.Add(BackupCommands.Restore());
        root.Subcommands.Add(ReportsCommand.Create());
        return root;
    }

    public static StorageSettings Storage(ParseResult parsed) =>
        StorageSettings.Resolve(parsed.GetValue(Data), parsed.GetValue(Database));
}
