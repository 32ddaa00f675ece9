using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mainstay.Features.Access;

/// <summary>
/// What every signed-in request checks of its account (the security stamp and the sites it may use), kept for a moment so
/// that a nurse's station dosing a patient every few seconds does not read the same account again for each dose. A change
/// to any account or site grant saved through this process's contexts forgets everything kept, from the moment it is saved
/// and again when its transaction commits, so within the server it takes effect at once, as before. A change made by
/// another process (the command line while the server runs, a second server on the same PostgreSQL database) takes effect
/// within <see cref="Freshness"/>.
/// </summary>
public sealed class SignedInAccounts
{
    /// <summary>How long an account read stays usable when nothing in this process changed an account.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    /// <summary>Past this many accounts, the oldest reads are not worth sorting out: all are forgotten.</summary>
    private const int MostKept = 10_000;

    // Process-wide: a change saved by any context of the process (a test's own, the command line's) counts. A change seen by
    // another host in the same process only costs this one a read.
    private static long generation;

    private readonly ConcurrentDictionary<Guid, Kept> kept = new();

    /// <summary>Some account or site grant is being changed: every read kept so far, or made before now, is stale.</summary>
    public static void Changed() => Interlocked.Increment(ref generation);

    /// <summary>The moment a read begins, to be handed to <see cref="Keep"/> with what it found.</summary>
    public static long Now => Volatile.Read(ref generation);

    /// <summary>The account's stamp and sites as last read, when still fresh and no account has changed since that read began.</summary>
    public bool TryGet(Guid accountId, out string? stamp, out SiteScope scope)
    {
        if (kept.TryGetValue(accountId, out var k) && k.Generation == Now && Stopwatch.GetElapsedTime(k.ReadAt) < Freshness)
        {
            (stamp, scope) = (k.Stamp, k.Scope);
            return true;
        }

        (stamp, scope) = (null, SiteScope.None);
        return false;
    }

    /// <summary>Keeps a read that began at <paramref name="readBeganAt"/> (<see cref="Now"/> before the query).</summary>
    public void Keep(Guid accountId, long readBeganAt, string? stamp, SiteScope scope)
    {
        if (readBeganAt != Now)
        {
            return; // an account changed while this was read; the next request reads again
        }

        if (kept.Count >= MostKept)
        {
            kept.Clear();
        }

        kept[accountId] = new Kept(readBeganAt, Stopwatch.GetTimestamp(), stamp, scope);
    }

    private sealed record Kept(long Generation, long ReadAt, string? Stamp, SiteScope Scope);
}
