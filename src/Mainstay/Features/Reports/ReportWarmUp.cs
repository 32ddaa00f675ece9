using System.Diagnostics;
using Mainstay.Clinical.Outcomes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mainstay.Features.Reports;

/// <summary>What the warm-up counted (for no site: nothing) and how long it took.</summary>
public sealed record ReportWarmUpRun(TimeSpan Took, IReadOnlyList<ProgramDashboard> Dashboards, RetentionView Retention, UrineOutcomeView UrineOutcomes);

/// <summary>
/// Runs the director's reports once, for no site, when the server starts. The first dashboard a process builds spends
/// most of its time translating and compiling its queries and loading the code behind them (about 0.8 s of a 0.9 s first
/// run on a small network); after this the first director to open it does not wait for most of that. No patient's record
/// is read (no site has id 0; the only rows read are the ids of the last twelve weeks' group meetings, which every
/// dashboard reads), nothing is written and nothing is audited. Figures for every site at once run without the site
/// filter, in queries of their own, which are translated at their first real use: warming those too would count what is
/// open at every site (seconds of the database's time on a large network) for no gain measured (docs/PERFORMANCE.md).
/// </summary>
public sealed class ReportWarmUp(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReportWarmUp> log) : BackgroundService
{
    /// <summary>A site id no site has: identity columns start at 1.</summary>
    internal const int NoSite = 0;

    /// <summary>Done when the warm-up has run (or failed, or was stopped).</summary>
    public Task Finished => finished.Task;

    /// <summary>What the warm-up counted, once it has run to the end; null before, or when it failed or was stopped.</summary>
    public ReportWarmUpRun? Run { get; private set; }

    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the server listens first.
        await Task.Yield();
        try
        {
            Run = await RunAsync(scopes, clock, stoppingToken);
            log.LogInformation("Reports warmed up in {Milliseconds} ms.", (long)Run.Took.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A warm-up that fails costs only speed: the server must not stop for it.
            log.LogWarning(ex, "The reports could not be warmed up; the first of each will be slower.");
        }
        finally
        {
            finished.TrySetResult();
        }
    }

    /// <summary>Today's dashboard, last month's report, retention and urine outcomes, each for no site.</summary>
    public static async Task<ReportWarmUpRun> RunAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        List<int> none = [NoSite];
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        List<ProgramDashboard> dashboards = [];
        await using (var scope = scopes.CreateAsyncScope())
        {
            var program = scope.ServiceProvider.GetRequiredService<ProgramReport>();
            dashboards.Add(await program.CountAsync(false, none, null, null, ct));
            dashboards.Add(await program.CountAsync(false, none, null, lastMonth, ct));
        }

        RetentionView retention;
        await using (var scope = scopes.CreateAsyncScope())
        {
            retention = await scope.ServiceProvider.GetRequiredService<RetentionReport>().CountAsync(false, none, null, TreatmentRetention.DefaultGapDays, null, ct);
        }

        UrineOutcomeView urine;
        await using (var scope = scopes.CreateAsyncScope())
        {
            urine = await scope.ServiceProvider.GetRequiredService<UrineOutcomeReport>().CountAsync(none, null, UrineWeeks.TrialWeeks, ct);
        }

        return new ReportWarmUpRun(Stopwatch.GetElapsedTime(started), dashboards, retention, urine);
    }
}
