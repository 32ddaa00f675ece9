using Mainstay.Data;
using Mainstay.Features.Audit;
using Mainstay.Features.Inventory;
using Mainstay.Features.Orders;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Dosing;

/// <summary>
/// Writes the doses the dosing stations have checked, many to a commit. A dose is recorded once its row, its ledger
/// line, its lot's new balance and its audit event are durably committed; committing costs a disk flush (about a
/// millisecond) under the write lock, and one flush per dose capped a morning rush at a few hundred doses a second.
/// Here the stations queue their checked doses and one writer, on a thread of its own, takes every dose queued at that
/// moment, writes them in one transaction — each checked again under the lock: the order still the one in force, the
/// slot still free, the lot holding enough — and commits them with one flush, then takes the doses queued meanwhile.
/// A dose refused under the lock is left out; the others are kept. If the shared commit fails the doses are written
/// again one transaction each, so one bad dose never takes the others with it.
/// </summary>
public sealed class DoseRecorder(IServiceScopeFactory scopes, WalCheckpoints checkpoints, ILogger<DoseRecorder> log) : IHostedService, IDisposable
{
    /// <summary>At most this many doses in one transaction (bounds how long the first of them waits).</summary>
    public const int MaxBatch = 128;

    /// <summary>The writer thread's name (as the bench finds it).</summary>
    public const string ThreadName = "Mainstay dose writer";

    private readonly Lock queueLock = new();
    private readonly Queue<PendingDose> queue = new();
    private readonly SemaphoreSlim wake = new(0);
    private Thread? writer;
    private bool idle;
    private bool stopping;
    private int writing;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Doses waiting for the writer, and doses in the batch it is writing now (for tests and monitoring).</summary>
    public (int Queued, int Writing) Load
    {
        get
        {
            lock (queueLock)
            {
                return (queue.Count, writing);
            }
        }
    }

    /// <summary>
    /// Records <paramref name="dose"/> (not yet tracked by any context) with its <paramref name="audit"/> event (its detail
    /// is written here, once the lot is known), taking it from
    /// <paramref name="lotName"/> or the site's earliest-expiring lot. <paramref name="orderStatus"/> is the status the
    /// order had when the dose was checked: a dose is refused when the order line changed since.
    /// </summary>
    public Task<Refusal?> RecordAsync(Dispense dose, OrderStatus orderStatus, string? lotName, AuditEvent audit)
    {
        var pending = new PendingDose(dose, orderStatus, lotName, audit);
        var signal = false;
        lock (queueLock)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            queue.Enqueue(pending);
            if (writer is null)
            {
                writer = new Thread(WriteQueued) { IsBackground = true, Name = ThreadName };
                writer.Start();
            }
            else if (idle)
            {
                idle = false;
                signal = true;
            }
        }

        if (signal)
        {
            wake.Release();
        }

        // Not cancellable: once queued, the dose may be in the transaction being written.
        return pending.Done.Task;
    }

    /// <summary>
    /// The writer's own thread: takes every dose queued (up to <see cref="MaxBatch"/>), writes them in one transaction,
    /// and goes on while doses are queued; sleeps when none are. Before, the stations took turns at a shared lock and the
    /// first to find its dose unwritten wrote the batch, so every dose, written or not, passed the lock through the thread
    /// pool one after the other. With the writer on its own thread a rush of 3,000 doses at 32 stations ran about a tenth
    /// faster (docs/PERFORMANCE.md).
    /// </summary>
    private void WriteQueued()
    {
        while (true)
        {
            List<PendingDose> batch = [];
            lock (queueLock)
            {
                while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                writing = batch.Count;

                if (batch.Count == 0)
                {
                    if (stopping)
                    {
                        checkpoints.CloseWriterConnection();
                        stopped.TrySetResult();
                        return;
                    }

                    idle = true;
                }
            }

            if (batch.Count == 0)
            {
                wake.Wait();
                continue;
            }

            try
            {
                // SQLite completes its calls synchronously, so the batch runs on this thread from start to commit.
                WriteAsync(batch).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                // WriteAsync gives every dose its outcome, failures included; nothing may end this thread but Dispose.
                log.LogError(ex, "The dose writer failed outside a batch.");
                foreach (var p in batch)
                {
                    p.Done.TrySetException(ex);
                }
            }

            lock (queueLock)
            {
                writing = 0;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The host is stopping. The server has stopped first (it is registered after the app's services) and has answered the
    /// requests it held, so the queue is usually empty; doses still in it (the server gave up waiting) are written now, while
    /// the services the writer uses are still there, and this waits for them.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Stop())
        {
            await stopped.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops the writer once the doses already queued are written (or have failed, if the services are gone).</summary>
    public void Dispose() => Stop();

    /// <summary>Tells the writer to stop when the queue is empty; true when there is a writer to wait for.</summary>
    private bool Stop()
    {
        var signal = false;
        bool started;
        lock (queueLock)
        {
            stopping = true;
            started = writer is not null;
            if (idle)
            {
                idle = false;
                signal = true;
            }
        }

        if (signal)
        {
            wake.Release();
        }

        return started;
    }

    /// <summary>Writes a batch; each dose's outcome is set when this returns (a refusal, null when recorded, or the failure).</summary>
    private async Task WriteAsync(List<PendingDose> batch)
    {
        try
        {
            var written = await TryWriteAsync(batch);
            foreach (var p in batch)
            {
                p.Done.TrySetResult(written.GetValueOrDefault(p));
            }
        }
        catch (CommitNotConfirmedException unconfirmed)
        {
            await SettleUnconfirmedAsync(batch, unconfirmed);
        }
        catch (Exception ex) when (batch.Count > 1 && ex is DbUpdateException)
        {
            // One dose broke a rule only the database saw (say, an Idempotency-Key another request used meanwhile): write
            // each alone so that only that one is refused.
            log.LogWarning(ex, "A shared commit of {Count} doses failed; writing them one at a time.", batch.Count);
            foreach (var p in batch)
            {
                await WriteAsync([p]);
            }
        }
        catch (DbUpdateException ex) when (DosingWindow.IsUniqueViolation(ex))
        {
            // Said as it is: a dose already holds the slot, or only the request's Idempotency-Key was taken by another dose
            // (then this patient was not dosed, and the nurse must not read that they were).
            batch[0].Done.TrySetResult(Refusal.Conflict(DosingWindow.IsKeyReused(ex) ? DosingWindow.KeyReused : DosingWindow.AlreadyGiven));
        }
        catch (DbUpdateConcurrencyException)
        {
            batch[0].Done.TrySetResult(Refusal.Conflict("The stock changed at the same moment; try the dose again."));
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>One transaction for the batch; returns the refusals of the doses left out (the others were committed).</summary>
    private async Task<Dictionary<PendingDose, Refusal>> TryWriteAsync(List<PendingDose> batch)
    {
        var ct = CancellationToken.None;
        var scope = scopes.CreateAsyncScope();
        MainstayDb? own = null;
        try
        {
            // SQLite: a context on the writer's own connection, whose page cache lasts from batch to batch; PostgreSQL: a pooled one.
            own = checkpoints.OpenWriterContext();
            var db = own ?? scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var ledger = ActivatorUtilities.CreateInstance<StockLedger>(scope.ServiceProvider, db);
            var refused = await WriteLockedAsync(db, ledger, batch, ct);
            checkpoints.Committed();
            return refused;
        }
        catch
        {
            // Whatever state the failure left the connection in, the next batch starts on a new one.
            checkpoints.CloseWriterConnection();
            throw;
        }
        finally
        {
            // The context (back to its pool, or simply let go) forgets the batch's rows on another thread: the doses are
            // acknowledged and the next batch begins meanwhile. The writer's own connection stays open.
            var done = own;
            _ = Task.Run(async () =>
            {
                try
                {
                    if (done is not null)
                    {
                        await done.DisposeAsync();
                    }

                    await scope.DisposeAsync();
                }
                catch (ObjectDisposedException)
                {
                    // the host stopped meanwhile
                }
                catch (Exception ex)
                {
                    // The batch's outcome is already given; only its leftovers failed to go.
                    log.LogWarning(ex, "Releasing a dose batch's context failed.");
                }
            });
        }
    }

    /// <summary>The batch's transaction: the checks under the write lock, the rows, the commit.</summary>
    private static async Task<Dictionary<PendingDose, Refusal>> WriteLockedAsync(MainstayDb db, StockLedger ledger, List<PendingDose> batch, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct);

        // What another writer may have changed since the stations checked: the order lines and the day's slots. (A key that an
        // earlier batch committed is refused by its unique index; the commit then fails and the doses are written one by one.)
        var lineageIds = batch.Select(p => p.Dose.LineageId).Distinct().ToList();
        var days = batch.Select(p => p.Dose.DoseDate).Distinct().ToList();
        var lineages = (await Lineages.For(db)(db, lineageIds).ToListAsync(ct)).ToLookup(o => o.LineageId);
        var taken = (await SlotsTaken.For(db)(db, lineageIds, days).ToListAsync(ct)).Select(t => (t.LineageId, t.DoseDate, t.Slot)).ToHashSet();
        var keys = new HashSet<string>(StringComparer.Ordinal);

        var refused = new Dictionary<PendingDose, Refusal>();
        var recorded = 0;
        foreach (var p in batch)
        {
            var dose = p.Dose;
            if (DosingWindow.OrderInForce(lineages[dose.LineageId], dose.DoseDate) is not { } inForce || inForce.Id != dose.OrderId || inForce.Status != p.OrderStatus)
            {
                refused[p] = Refusal.Conflict(DosingWindow.OrderChanged);
                continue;
            }

            if (taken.Contains((dose.LineageId, dose.DoseDate, dose.Slot)))
            {
                refused[p] = Refusal.Conflict(DosingWindow.AlreadyGiven);
                continue;
            }

            // Only a dose kept in this batch holds its key: one refused below (no stock, say) leaves it to the next.
            if (dose.IdempotencyKey is { } key && keys.Contains(key))
            {
                refused[p] = Refusal.Conflict(DosingWindow.KeyReused);
                continue;
            }

            if (await DosingWindow.TakeFromStockAsync(ledger, dose, p.LotName, dose.Nurse, dose.At, ct) is { } stock)
            {
                refused[p] = stock;
                continue;
            }

            taken.Add((dose.LineageId, dose.DoseDate, dose.Slot));
            if (dose.IdempotencyKey is { } kept)
            {
                keys.Add(kept);
            }

            db.Dispenses.Add(dose);
            p.Audit.Sequence = -1 - recorded++; // a temporary key; the chain numbers the events when they are saved
            p.Audit.Detail = DosingWindow.AuditDetail(dose);
            db.AuditEvents.Add(p.Audit);
        }

        if (recorded == 0)
        {
            await tx.CommitAsync(ct);
            return refused;
        }

        await db.SaveBatchAsync(discarded: true, ct);
        try
        {
            await tx.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            // The commit may have been made and only its answer lost (a PostgreSQL connection dropped during COMMIT); what
            // the database holds decides what the stations are told (WriteAsync).
            throw new CommitNotConfirmedException(ex, refused);
        }

        return refused;
    }

    /// <summary>The batch's COMMIT failed or went unanswered; the refusals of the doses that were left out of it.</summary>
    private sealed class CommitNotConfirmedException(Exception inner, Dictionary<PendingDose, Refusal> refused)
        : Exception("The dose batch's commit was not confirmed.", inner)
    {
        public Dictionary<PendingDose, Refusal> Refused { get; } = refused;
    }

    /// <summary>
    /// After a commit that was not confirmed: each dose is recorded if the database holds it, and failed with the commit's
    /// own error (so the station is told nothing was saved, and may dose again) if it does not. If even that cannot be read,
    /// every dose gets the commit's error, as before this check.
    /// </summary>
    private async Task SettleUnconfirmedAsync(List<PendingDose> batch, CommitNotConfirmedException unconfirmed)
    {
        var failure = unconfirmed.InnerException!;
        HashSet<Guid>? stored = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            var ids = batch.Where(p => !unconfirmed.Refused.ContainsKey(p)).Select(p => p.Dose.Id).ToList();
            stored = [.. await db.Dispenses.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync()];
        }
        catch (Exception ex)
        {
            log.LogError(ex, "A dose batch's commit was not confirmed, and reading whether its doses were stored failed too.");
        }

        log.LogWarning(failure, "A dose batch's commit was not confirmed; {Stored} of {Count} doses were found stored.", stored?.Count ?? 0, batch.Count);
        foreach (var p in batch)
        {
            if (unconfirmed.Refused.TryGetValue(p, out var refusal))
            {
                p.Done.TrySetResult(refusal);
            }
            else if (stored?.Contains(p.Dose.Id) == true)
            {
                p.Done.TrySetResult(null);
            }
            else
            {
                p.Done.TrySetException(failure);
            }
        }
    }

    // The batch's reads, compiled once rather than translated for every batch (with the ledger's and the retention rows'
    // reads, this took about an eighth off the writer's CPU time per dose; docs/PERFORMANCE.md).
    private static readonly PerProvider<Func<MainstayDb, List<Guid>, IAsyncEnumerable<MedicationOrder>>> Lineages = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, List<Guid> lineageIds) => db.MedicationOrders.AsNoTracking().Where(o => lineageIds.Contains(o.LineageId))));

    private static readonly PerProvider<Func<MainstayDb, List<Guid>, List<DateOnly>, IAsyncEnumerable<SlotTaken>>> SlotsTaken = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, List<Guid> lineageIds, List<DateOnly> days) => db.Dispenses.AsNoTracking()
            .Where(d => lineageIds.Contains(d.LineageId) && days.Contains(d.DoseDate) && d.ClaimedSlot != null)
            .Select(d => new SlotTaken(d.LineageId, d.DoseDate, d.ClaimedSlot!.Value))));

    /// <summary>A slot of an order line's day that a dose already holds.</summary>
    private sealed record SlotTaken(Guid LineageId, DateOnly DoseDate, int Slot);

    private sealed class PendingDose(Dispense dose, OrderStatus orderStatus, string? lotName, AuditEvent audit)
    {
        public Dispense Dose { get; } = dose;
        public OrderStatus OrderStatus { get; } = orderStatus;
        public string? LotName { get; } = lotName;
        public AuditEvent Audit { get; } = audit;
        public TaskCompletionSource<Refusal?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
