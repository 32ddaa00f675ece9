using System.CommandLine;
using Mainstay.Data;
using Mainstay.Features.Audit;

namespace Mainstay.Cli;

/// <summary><c>mainstay audit verify</c>: checks the audit trail's hash chain; exit 0 when intact, 1 when broken.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var verify = new Command("verify", "Check that no stored audit event was altered or removed.");
        verify.SetAction(async (parsed, ct) =>
        {
            var storage = MainstayCli.Storage(parsed);
            if (storage.Provider == DatabaseProvider.Sqlite && !File.Exists(storage.SqlitePath))
            {
                await Console.Error.WriteLineAsync($"No database at {storage.SqlitePath}.");
                return 2;
            }

            await using var db = DataServices.Open(storage);
            var progress = new Progress<long>(n => Console.Error.Write($"\rchecked {n:N0} events"));
            var result = await AuditQueries.VerifyAsync(db, Console.IsErrorRedirected ? null : progress, ct);
            if (!Console.IsErrorRedirected)
            {
                Console.Error.WriteLine();
            }

            Console.WriteLine(result.Message);
            return result.IsIntact ? 0 : 1;
        });
        return new Command("audit", "The audit trail.") { verify };
    }
}
