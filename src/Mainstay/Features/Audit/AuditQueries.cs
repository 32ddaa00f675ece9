using System.Globalization;
using Mainstay.Data;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Audit;

/// <summary>Filters an auditor uses on the trail. All optional; newest events first unless <see cref="Oldest"/>.</summary>
public sealed record AuditFilter(
    string? Username,
    string? Action,
    string? ResourceType,
    Guid? PatientId,
    DateOnly? From,
    DateOnly? To,
    long? Before,
    int Limit)
{
    /// <summary>Oldest first (a period read in order); page on with <see cref="After"/>.</summary>
    public bool Oldest { get; init; }

    /// <summary>Only events after this sequence number (paging oldest first).</summary>
    public long? After { get; init; }

    public const int MaxLimit = 500;

    /// <summary>Reads the filter from query-string text; errors name the parameter.</summary>
    public static (AuditFilter? Filter, FieldErrors Errors) Parse(
        string? user, string? action, string? resourceType, string? patientId, string? from, string? to, string? before, string? limit,
        string? order = null, string? after = null)
    {
        var errors = new FieldErrors();
        Guid? patient = null;
        if (!string.IsNullOrWhiteSpace(patientId))
        {
            if (Guid.TryParse(patientId, out var p))
            {
                patient = p;
            }
            else
            {
                errors.Add("patientId", $"patientId '{patientId}' is not a patient id.");
            }
        }

        DateOnly? Date(string name, string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            errors.Add(name, $"{name} '{text}' is not a date written YYYY-MM-DD.");
            return null;
        }

        var fromDate = Date("from", from);
        var toDate = Date("to", to);
        long? beforeSeq = null;
        if (!string.IsNullOrWhiteSpace(before))
        {
            if (long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                beforeSeq = b;
            }
            else
            {
                errors.Add("before", "before must be an event sequence number.");
            }
        }

        long? afterSeq = null;
        if (!string.IsNullOrWhiteSpace(after))
        {
            if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var a))
            {
                afterSeq = a;
            }
            else
            {
                errors.Add("after", "after must be an event sequence number.");
            }
        }

        var oldest = false;
        if (!string.IsNullOrWhiteSpace(order))
        {
            if (order is "oldest" or "newest")
            {
                oldest = order == "oldest";
            }
            else
            {
                errors.Add("order", "order is newest (the default) or oldest.");
            }
        }

        var take = 100;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, out take) || take is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"limit must be a whole number from 1 to {MaxLimit}.");
        }

        return errors.Any
            ? (null, errors)
            : (new AuditFilter(Blank(user), Blank(action), Blank(resourceType), patient, fromDate, toDate, beforeSeq, take) { Oldest = oldest, After = afterSeq }, errors);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public sealed record AuditEventView(
    long Sequence, DateTimeOffset At, string? Username, string? Role, int? SiteId, string Action,
    string ResourceType, string? ResourceId, Guid? PatientId, string? ClientAddress, string? Purpose, string? Detail, string Hash);

public static class AuditQueries
{
    public static async Task<List<AuditEventView>> FindAsync(MainstayDb db, AuditFilter f, CancellationToken ct) =>
        await Matching(db, f).Take(f.Limit).ToListAsync(ct);

    /// <summary>Every matching event in order, however many (the CSV export streams these; the limit does not apply).</summary>
    public static IAsyncEnumerable<AuditEventView> StreamAsync(MainstayDb db, AuditFilter f) => Matching(db, f).AsAsyncEnumerable();

    private static IQueryable<AuditEventView> Matching(MainstayDb db, AuditFilter f)
    {
        var q = db.AuditEvents.AsNoTracking();
        if (f.Username is { } u)
        {
            q = q.Where(e => e.Username == u);
        }

        if (f.Action is { } a)
        {
            q = q.Where(e => e.Action == a);
        }

        if (f.ResourceType is { } r)
        {
            q = q.Where(e => e.ResourceType == r);
        }

        if (f.PatientId is { } p)
        {
            q = q.Where(e => e.PatientId == p);
        }

        if (f.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            q = q.Where(e => e.At >= start);
        }

        if (f.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            q = q.Where(e => e.At < end);
        }

        if (f.Before is { } before)
        {
            q = q.Where(e => e.Sequence < before);
        }

        if (f.After is { } after)
        {
            q = q.Where(e => e.Sequence > after);
        }

        return (f.Oldest ? q.OrderBy(e => e.Sequence) : q.OrderByDescending(e => e.Sequence))
            .Select(e => new AuditEventView(e.Sequence, e.At, e.Username, e.Role, e.SiteId, e.Action, e.ResourceType,
                e.ResourceId, e.PatientId, e.ClientAddress, e.Purpose, e.Detail, e.Hash));
    }

    /// <summary>Streams the whole trail in order, in pages, and checks the chain.</summary>
    public static async Task<AuditVerification> VerifyAsync(MainstayDb db, IProgress<long>? progress, CancellationToken ct)
    {
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        return AuditChain.Verify(ReadAll(db, progress, ct).ToBlockingEnumerable(ct), head);
    }

    private static async IAsyncEnumerable<AuditEvent> ReadAll(
        MainstayDb db, IProgress<long>? progress, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        long seen = 0;
        while (true)
        {
            var page = await db.AuditEvents.AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(5000)
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var e in page)
            {
                yield return e;
            }

            after = page[^1].Sequence;
            seen += page.Count;
            progress?.Report(seen);
        }
    }
}
