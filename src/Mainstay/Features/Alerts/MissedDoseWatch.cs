using Mainstay.Data;
using Mainstay.Features.Dosing;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Alerts;

/// <summary>
/// Runs the missed-dose check for every site once an hour (Alerts:MissedDoseCheckMinutes; 0 turns it off), so a patient
/// who stops coming is noticed even on a day nobody opens their chart. Each site's check is its own transaction.
/// </summary>
public sealed class MissedDoseWatch(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<MissedDoseWatch> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("Alerts:MissedDoseCheckMinutes", 60);
        if (minutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAllSitesAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>One pass over every site; a failing site is logged and the others still run.</summary>
    public async Task<int> CheckAllSitesAsync(CancellationToken ct)
    {
        var raised = 0;
        List<int> siteIds;
        using (var scope = scopes.CreateScope())
        {
            siteIds = await scope.ServiceProvider.GetRequiredService<MainstayDb>().Sites.AsNoTracking().Select(s => s.Id).ToListAsync(ct);
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        foreach (var siteId in siteIds)
        {
            try
            {
                using var scope = scopes.CreateScope();
                raised += await scope.ServiceProvider.GetRequiredService<DosingWindow>().SweepMissedDosesAsync(siteId, today, ct);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                log.LogWarning(e, "The missed-dose check for site {SiteId} failed; it runs again next hour.", siteId);
            }
        }

        return raised;
    }
}
