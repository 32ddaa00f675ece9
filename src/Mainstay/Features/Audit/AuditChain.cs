using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mainstay.Features.Audit;

/// <summary>
/// The hash chain over the audit trail. Each event's hash is SHA-256 over its own fields and the
/// previous event's hash; the first event links to <see cref="Genesis"/>. Changing any field of any
/// stored event, removing one, or reordering them makes <see cref="Verify"/> name the first bad event.
/// </summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Timestamps are kept to whole microseconds, the finest both SQLite (text) and PostgreSQL
    /// (timestamptz) store exactly, so a hash computed before saving matches the row read back.
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string ComputeHash(AuditEvent e)
    {
        var text = new StringBuilder(256);
        Field(text, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(text, e.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
        Field(text, e.UserId?.ToString("D"));
        Field(text, e.Username);
        Field(text, e.Role);
        Field(text, e.SiteId?.ToString(CultureInfo.InvariantCulture));
        Field(text, e.Action);
        Field(text, e.ResourceType);
        Field(text, e.ResourceId);
        Field(text, e.PatientId?.ToString("D"));
        Field(text, e.ClientAddress);
        Field(text, e.Purpose);
        Field(text, e.Detail);
        Field(text, e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Length-prefixed fields, so that no two different events can spell the same text.</summary>
    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-;");
            return;
        }

        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
    }

    /// <summary>
    /// Checks events given in stored order against each other and against the chain head.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> eventsInOrder, AuditChainHead? head)
    {
        long expected = 1;
        var previousHash = Genesis;
        foreach (var e in eventsInOrder)
        {
            if (e.Sequence != expected)
            {
                return AuditVerification.Broken(expected,
                    $"event {expected} is missing (the next stored event is {e.Sequence})");
            }

            if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(e.Sequence, $"event {e.Sequence} does not link to the event before it");
            }

            if (!string.Equals(ComputeHash(e), e.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(e.Sequence, $"event {e.Sequence} was altered after it was stored");
            }

            previousHash = e.Hash;
            expected++;
        }

        var count = expected - 1;
        var headSequence = head?.LastSequence ?? 0;
        var headHash = head?.LastHash ?? Genesis;
        if (headSequence != count || !string.Equals(headHash, previousHash, StringComparison.Ordinal))
        {
            return headSequence > count
                ? AuditVerification.Broken(count + 1, $"events {count + 1} to {headSequence} are missing from the end of the trail")
                : AuditVerification.Broken(count, $"the chain head does not match event {count}");
        }

        return AuditVerification.Intact(count);
    }
}

public sealed record AuditVerification(bool IsIntact, long EventsChecked, long? FirstBadSequence, string Message)
{
    public static AuditVerification Intact(long count) =>
        new(true, count, null, $"audit trail intact: {count} events, chain verified");

    public static AuditVerification Broken(long sequence, string why) =>
        new(false, sequence - 1, sequence, $"audit trail BROKEN at event {sequence}: {why}");
}
