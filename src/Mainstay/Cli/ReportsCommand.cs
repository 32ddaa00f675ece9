using System.CommandLine;
using Mainstay.Features.Reports;
using Mainstay.Hosting;

namespace Mainstay.Cli;

/// <summary>
/// <c>mainstay reports rebuild</c>: computes the rows the reports read (each patient's retention course, each episode's
/// weekly urine outcomes) again from the records. The saves keep them in step; this is for a server moved to another time
/// zone (the weeks follow the clinic's calendar) or rows written by another program. Run it with the server stopped.
/// </summary>
public static class ReportsCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild", "Compute the report rows (retention courses, weekly urine outcomes) again from the records. Stop the server first.");
        rebuild.SetAction(async (parsed, ct) =>
        {
            var storage = MainstayCli.Storage(parsed);
            if (storage.Provider == Data.DatabaseProvider.Sqlite && !File.Exists(storage.SqlitePath))
            {
                await Console.Error.WriteLineAsync($"No database at {storage.SqlitePath}.");
                return 2;
            }

            await using var app = WebHost.Build(new ServeSettings(storage, "http://127.0.0.1:0") { Quiet = true });
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            Progress<int> Step(string what) => new(n => Console.Error.Write($"\r{what} {n,12:N0}"));
            var courses = await RetentionCourses.RebuildAsync(app.Services, Console.IsErrorRedirected ? null : Step("retention courses"), ct);
            Console.Error.Write(Console.IsErrorRedirected ? "" : "\n");
            Console.WriteLine($"{courses:N0} retention courses written.");
            var episodes = await EpisodeUrineWeeksUpkeep.RebuildAsync(app.Services, Console.IsErrorRedirected ? null : Step("episodes' urine weeks"), ct);
            Console.Error.Write(Console.IsErrorRedirected ? "" : "\n");
            Console.WriteLine($"{episodes:N0} episodes' urine weeks written (weeks by the time zone {TimeZoneInfo.Local.Id}).");
            return 0;
        });
        return new Command("reports", "The rows reports are read from.") { rebuild };
    }
}
