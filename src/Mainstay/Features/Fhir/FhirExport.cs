using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Hosting;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>One NDJSON file of an export: its resource type, file name and number of resources.</summary>
public sealed record ExportFile(string Type, string File, long Count);

/// <summary>
/// Writes NDJSON files, one per resource type, of everything a scope may read: Mainstay's records in key order, in batches,
/// then the outside records. Shared by <c>$export</c> (in the background) and <c>mainstay export fhir</c>.
/// </summary>
public static class FhirExportWriter
{
    public const int Batch = 1000;

    /// <summary>Types in the order a reader needs them (patients first), AuditEvent last.</summary>
    public static readonly IReadOnlyList<string> Order =
        ["Patient", "Condition", "Observation", "QuestionnaireResponse", "MedicationRequest", "MedicationAdministration", "CarePlan", "EpisodeOfCare", "Encounter", "Consent"];

    public static async Task<List<ExportFile>> WriteAsync(MainstayDb db, SiteScope scope, IReadOnlyCollection<string> types, DateTimeOffset? since,
        bool includeAudit, string directory, DateOnly today, IProgress<(string Type, long Count)>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var outsideTypes = await db.OutsideRecords.AsNoTracking().Where(r => r.ResourceType != "Patient").Select(r => r.ResourceType).Distinct().ToListAsync(ct);
        var all = Order.Concat(outsideTypes.Order(StringComparer.Ordinal)).Distinct().ToList();
        if (includeAudit)
        {
            all.Add("AuditEvent");
        }

        var files = new List<ExportFile>();
        foreach (var type in all.Where(t => types.Count == 0 || types.Contains(t)))
        {
            var path = Path.Combine(directory, type + ".ndjson");
            long count = 0;
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
            {
                async Task WriteAsync(string json)
                {
                    await writer.WriteLineAsync(json.AsMemory(), ct);
                    if (++count % Batch == 0)
                    {
                        progress?.Report((type, count));
                    }
                }

                foreach (var source in FhirRecords.Native.GetValueOrDefault(type) ?? [])
                {
                    Guid? after = null;
                    while (true)
                    {
                        var (resources, rows, last) = await source.LoadAsync(db, scope, null, [], after, Batch, today, ct);
                        foreach (var resource in resources.Where(r => since is null || r.Meta?.LastUpdated > since))
                        {
                            await WriteAsync(FhirWire.Serialize(resource));
                        }

                        if (rows < Batch)
                        {
                            break;
                        }

                        after = last;
                    }
                }

                if (type == "AuditEvent")
                {
                    await AuditAsync(db, scope, since, WriteAsync, ct);
                }
                else if (type != "Patient")
                {
                    await OutsideAsync(db, scope, type, since, WriteAsync, ct);
                }
            }

            progress?.Report((type, count));
            if (count == 0)
            {
                File.Delete(path);
                continue;
            }

            files.Add(new ExportFile(type, type + ".ndjson", count));
        }

        return files;
    }

    /// <summary>
    /// Outside records of one type, copied as stored, site by site in id order: each page is a range of the
    /// (SiteId, ResourceType, Id) index. (Paging the whole type by id had the database sort every remaining record of the
    /// type, Json included, for every page.)
    /// </summary>
    private static async Task OutsideAsync(MainstayDb db, SiteScope scope, string type, DateTimeOffset? since, Func<string, Task> write, CancellationToken ct)
    {
        var sites = scope.All ? await db.Sites.AsNoTracking().OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(ct) : [.. scope.SiteIds.Order()];
        foreach (var site in sites)
        {
            Guid? after = null;
            while (true)
            {
                var rows = db.OutsideRecords.AsNoTracking().Where(r => r.SiteId == site && r.ResourceType == type);
                if (after is { } a)
                {
                    rows = rows.Where(r => r.Id > a);
                }

                if (since is { } s)
                {
                    rows = rows.Where(r => r.ImportedAt > s);
                }

                var page = await rows.OrderBy(r => r.Id).Select(r => new { r.Id, r.Json }).Take(Batch).ToListAsync(ct);
                foreach (var row in page)
                {
                    await write(row.Json);
                }

                if (page.Count < Batch)
                {
                    break;
                }

                after = page[^1].Id;
            }
        }
    }

    private static async Task AuditAsync(MainstayDb db, SiteScope scope, DateTimeOffset? since, Func<string, Task> write, CancellationToken ct)
    {
        var sites = scope.SiteIds.ToList();
        long after = 0;
        while (true)
        {
            var rows = db.AuditEvents.AsNoTracking().Where(e => e.Sequence > after && (scope.All || e.SiteId == null || sites.Contains(e.SiteId.Value)));
            if (since is { } s)
            {
                rows = rows.Where(e => e.At > s);
            }

            var page = await rows.OrderBy(e => e.Sequence).Take(Batch).ToListAsync(ct);
            foreach (var e in page)
            {
                await write(FhirWire.Serialize(ChartResources.AuditEvent(e)));
            }

            if (page.Count < Batch)
            {
                return;
            }

            after = page[^1].Sequence;
        }
    }
}

/// <summary>The export jobs waiting to be written, in the order they were asked for.</summary>
public sealed class FhirExportQueue
{
    private readonly Channel<Guid> _jobs = Channel.CreateUnbounded<Guid>();

    public void Enqueue(Guid jobId) => _jobs.Writer.TryWrite(jobId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => _jobs.Reader.ReadAllAsync(ct);
}

/// <summary>
/// <c>$export</c> jobs: kick-off (202 and a status address), status, the files, and cancellation. A job exports what its requester
/// may read; only the requester may poll it or fetch its files.
/// </summary>
public sealed class FhirExports(MainstayDb db, ClinicUser user, TimeProvider clock, StorageSettings storage, FhirExportQueue queue, Audit.AuditTrail audit)
{
    public static string Folder(StorageSettings storage, Guid jobId) => Path.Combine(storage.DataDirectory, "exports", jobId.ToString("N"));

    public async Task<FhirExportJob> KickOffAsync(string requestUrl, IReadOnlyList<string> types, DateTimeOffset? since, bool includeAudit, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var job = new FhirExportJob
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Status = "accepted",
            RequestUrl = requestUrl.Length > 2000 ? requestUrl[..2000] : requestUrl,
            RequestedAt = clock.GetUtcNow(),
            RequestedByUserId = user.UserId,
            RequestedBy = user.Username,
            Sites = scope.All ? "all" : string.Join(',', scope.SiteIds.Order()),
            Types = types.Count == 0 ? null : string.Join(',', types),
            Since = since,
            IncludeAudit = includeAudit,
        };
        db.FhirExportJobs.Add(job);
        audit.Record("export", "fhir/$export", job.Id.ToString(), null, null, $"types={job.Types ?? "all"}; since={since:o}; sites={job.Sites}");
        await db.SaveChangesAsync(ct);
        queue.Enqueue(job.Id);
        return job;
    }

    /// <summary>The requester's job, or null (another user's job is not found).</summary>
    public async Task<FhirExportJob?> FindAsync(Guid id, CancellationToken ct) =>
        await db.FhirExportJobs.SingleOrDefaultAsync(j => j.Id == id && j.RequestedByUserId == user.UserId && j.Status != "cancelled", ct);

    public async Task<bool> CancelAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } job)
        {
            return false;
        }

        job.Status = "cancelled";
        job.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var folder = Folder(storage, id);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return true;
    }

    public async Task RecordDownloadAsync(Guid id, string file, CancellationToken ct) =>
        await audit.RecordNowAsync("export-download", "fhir/$export", id.ToString(), null, null, file, ct);

    public static IReadOnlyList<ExportFile> Files(FhirExportJob job) =>
        job.Output is null ? [] : JsonSerializer.Deserialize<List<ExportFile>>(job.Output, JsonSerializerOptions.Web) ?? [];
}

/// <summary>Writes accepted export jobs in the background, one at a time; jobs left unfinished by a restart are written again.</summary>
public sealed class FhirExportWorker(IServiceScopeFactory scopes, FhirExportQueue queue, TimeProvider clock, StorageSettings storage, ILogger<FhirExportWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await DrainAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: unfinished jobs are picked up again at the next start
        }
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            foreach (var id in await db.FhirExportJobs.Where(j => j.Status == "accepted" || j.Status == "in-progress").OrderBy(j => j.RequestedAt).Select(j => j.Id).ToListAsync(stoppingToken))
            {
                queue.Enqueue(id);
            }
        }

        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            await RunAsync(id, stoppingToken);
        }
    }

    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var job = await db.FhirExportJobs.SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null || job.Status is "complete" or "cancelled" or "failed")
        {
            return;
        }

        job.Status = "in-progress";
        job.TransactionTime = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var siteScope = job.Sites == "all"
            ? new SiteScope(true, (await db.Sites.AsNoTracking().Select(s => s.Id).ToListAsync(ct)).ToHashSet())
            : new SiteScope(false, job.Sites.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToHashSet());
        var types = job.Types?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        try
        {
            var files = await FhirExportWriter.WriteAsync(db, siteScope, types, job.Since, job.IncludeAudit, FhirExports.Folder(storage, id),
                DateOnly.FromDateTime(clock.GetLocalNow().DateTime), null, ct);
            db.ChangeTracker.Clear();
            job = await db.FhirExportJobs.SingleAsync(j => j.Id == id, ct);
            if (job.Status == "cancelled")
            {
                return;
            }

            job.Status = "complete";
            job.Output = JsonSerializer.Serialize(files, JsonSerializerOptions.Web);
            job.Progress = $"{files.Sum(f => f.Count)} resources in {files.Count} files";
            job.CompletedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is IOException or DbUpdateException or InvalidOperationException or UnauthorizedAccessException)
        {
            log.LogError(e, "FHIR export {JobId} failed.", id);
            db.ChangeTracker.Clear();
            job = await db.FhirExportJobs.SingleAsync(j => j.Id == id, CancellationToken.None);
            job.Status = "failed";
            job.Error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            job.CompletedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
