using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Mainstay.Features.TrialData;
using Mainstay.Hosting;
using Spectre.Console;

namespace Mainstay.Cli;

/// <summary><c>mainstay import ctn0094 FOLDER [--start YYYY-MM-DD] [--limit N] [--batch N]</c>: the CTN-0094 trial data as a program.</summary>
public static class Ctn0094Command
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "The ctn0094 data folder (with csv/everybody.csv, demographics.csv, randomization.csv, treatment.csv)." };
        var start = new Option<string?>("--start") { Description = "The calendar day study day 0 falls on (default 2025-01-06)." };
        var limit = new Option<int?>("--limit") { Description = "Load only the first N participants (by id)." };
        var batch = new Option<int>("--batch") { Description = "Participants per transaction (default 100): a run stopped mid-way keeps the batches it finished; run it again to load the rest.", DefaultValueFactory = _ => 100 };
        var command = new Command("ctn0094", "Load the NIDA CTN-0094 de-identified trial data: one site per trial, participants as charts with an episode, the randomized arm as the order, daily doses, urine screens, study visits kept and missed, withdrawal ratings; safe to run again.")
        {
            folder, start, limit, batch,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var path = parsed.GetValue(folder)!;
            if (!File.Exists(Path.Combine(path, "csv", "treatment.csv")))
            {
                await Console.Error.WriteLineAsync($"{path} is not the ctn0094 folder: csv/treatment.csv is missing.");
                return 2;
            }

            var day = new DateOnly(2025, 1, 6);
            if (parsed.GetValue(start) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                await Console.Error.WriteLineAsync($"--start '{text}' is not a date written YYYY-MM-DD.");
                return 2;
            }

            var perBatch = parsed.GetValue(batch);
            if (perBatch is < 1 or > 10_000)
            {
                await Console.Error.WriteLineAsync($"--batch {perBatch} must be between 1 and 10000.");
                return 2;
            }

            var clock = Stopwatch.StartNew();
            var participants = Ctn0094Import.Read(path);
            if (parsed.GetValue(limit) is { } n)
            {
                participants = participants.Take(Math.Max(0, n)).ToList();
            }

            await using var app = WebHost.Build(new ServeSettings(MainstayCli.Storage(parsed), "http://127.0.0.1:0") { Quiet = true });
            await WebHost.PrepareDatabaseAsync(app.Services, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<Ctn0094Import>();
            Ctn0094Report report;
            if (Console.IsOutputRedirected)
            {
                var done = 0;
                report = await import.ImportAsync(participants, day, n =>
                {
                    done += n;
                    Console.WriteLine($"{done}/{participants.Count} participants");
                }, ct, perBatch);
            }
            else
            {
                report = null!;
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Participants", maxValue: Math.Max(1, participants.Count));
                        report = await import.ImportAsync(participants, day, n => task.Increment(n), ct, perBatch);
                    });
            }

            Console.WriteLine($"{"trial",-6} {"arm",-24} {"medication",-14} {"participants",12} {"doses",9}");
            foreach (var a in report.Arms)
            {
                Console.WriteLine($"{a.Trial,-6} {a.Arm,-24} {a.Medication,-14} {a.Participants,12} {a.Doses,9}");
            }

            Console.WriteLine($"{report.Imported} participants loaded ({report.AlreadyThere} already there, {report.WithoutDoses} without a dose of study drug), {report.Doses} doses, {report.Screens} urine screens, {report.VisitsAttended} study visits kept and {report.VisitsMissed} missed ({report.VisitsMissedWithoutDay} missed visits without a day left out), {report.WithdrawalRatings} withdrawal ratings, in {clock.Elapsed.TotalSeconds:0.0} s; study day 0 = {day:yyyy-MM-dd}.");
            return 0;
        });
        return command;
    }
}
