using System.Data.Common;
using System.Diagnostics;
using Mainstay.Clinical.Outcomes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mainstay.Features.Reports;

/// <summary>
/// Runs the director's reports once, for no site, when the server starts. The first dashboard a process builds spends
/// most of its time translating and compiling its queries and loading the code behind them (about 0.8 s of a 0.9 s first
/// run on a small network, the same on a large one); after this the first director to open it does not wait for that.
/// Nothing is read (no site has id 0), nothing is written and nothing is audited. Figures for every site at once run
/// without the site filter, whose queries are translated at their first real use.
/// </summary>
public sealed class ReportWarmUp(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReportWarmUp> log) : BackgroundService
{
    /// <summary>A site id no site has: identity columns start at 1.</summary>
    internal const int NoSite = 0;

    /// <summary>Done when the warm-up has run (or failed, or was stopped).</summary>
    public Task Finished => finished.Task;

    /// <summary>How long the warm-up took, once it has run to the end; null before, or when it failed or was stopped.</summary>
    public TimeSpan? Took { get; private set; }

    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the server listens first.
        await Task.Yield();
        try
        {
            Took = await RunAsync(scopes, clock, stoppingToken);
            log.LogInformation("Reports warmed up in {Milliseconds} ms.", (long)Took.Value.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            // A database that is not there yet shows itself at the first request as well; the reports then compile there.
            log.LogWarning(ex, "The reports could not be warmed up; the first of each will be slower.");
        }
        finally
        {
            finished.TrySetResult();
        }
    }

    /// <summary>Today's dashboard, last month's report, retention and urine outcomes, each for no site.</summary>
    public static async Task<TimeSpan> RunAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        var clockStart = Stopwatch.GetTimestamp();
        List<int> none = [NoSite];
        var thisMonth = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var lastMonth = new DateOnly(thisMonth.Year, thisMonth.Month, 1).AddMonths(-1);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var program = scope.ServiceProvider.GetRequiredService<ProgramReport>();
            await program.CountAsync(false, none, null, null, ct);
            await program.CountAsync(false, none, null, lastMonth, ct);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionReport>().CountAsync(false, none, null, TreatmentRetention.DefaultGapDays, null, ct);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UrineOutcomeReport>().CountAsync(none, null, UrineWeeks.TrialWeeks, ct);
        }

        return Stopwatch.GetElapsedTime(clockStart);
    }
}
