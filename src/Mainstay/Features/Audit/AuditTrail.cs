using Mainstay.Data;
using Mainstay.Features.Access;

namespace Mainstay.Features.Audit;

/// <summary>
/// Records audit events for the current request. Events are added to the same unit of work as
/// the change they describe and are chained when it is saved: a change is never stored without
/// its audit event, nor an audit event without its change.
/// </summary>
public sealed class AuditTrail(MainstayDb db, ClinicUser user, TimeProvider clock)
{
    public AuditEvent Record(
        string action,
        string resourceType,
        string? resourceId = null,
        Guid? patientId = null,
        int? siteId = null,
        string? detail = null,
        string? purpose = null)
    {
        var e = Draft(action, resourceType, resourceId, patientId, siteId, detail, purpose);
        // A temporary key, unique within this unit of work, so one action can record several events; the chain
        // numbers them when they are saved.
        e.Sequence = -1 - db.AddedCount<AuditEvent>();
        db.AuditEvents.Add(e);
        return e;
    }

    /// <summary>
    /// The event of this request's user, not yet added to a unit of work: for a change another unit of work stores
    /// (a dose written by the <see cref="Dosing.DoseRecorder"/>), which adds it in the same transaction as the change.
    /// </summary>
    public AuditEvent Draft(
        string action,
        string resourceType,
        string? resourceId = null,
        Guid? patientId = null,
        int? siteId = null,
        string? detail = null,
        string? purpose = null) =>
        new()
        {
            At = clock.GetUtcNow(),
            UserId = user.UserId,
            Username = user.Username,
            Role = user.Role,
            SiteId = siteId,
            Action = action,
            ResourceType = resourceType,
            ResourceId = resourceId,
            PatientId = patientId,
            ClientAddress = user.ClientAddress,
            // Purpose of use applies to patient data; sign-ins and account events have none.
            Purpose = purpose ?? (patientId is not null || resourceType == "Patient" ? user.Purpose : null),
            Detail = Truncate(detail, 1000),
        };

    /// <summary>Records an event and stores it at once (reads, searches, sign-ins).</summary>
    public async Task RecordNowAsync(
        string action,
        string resourceType,
        string? resourceId = null,
        Guid? patientId = null,
        int? siteId = null,
        string? detail = null,
        CancellationToken ct = default)
    {
        Record(action, resourceType, resourceId, patientId, siteId, detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stores the events recorded so far (for reads that record several).</summary>
    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}

public static class AuditActions
{
    public const string Read = "read";
    public const string Search = "search";
    public const string Create = "create";
    public const string Update = "update";
    public const string StatusChange = "status";
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string TokenIssued = "token";
    public const string TokenRefused = "token-refused";
    public const string UserCreated = "user-create";
    public const string SessionsEnded = "sessions-ended";
    public const string UserChanged = "user-change";
    public const string UserDisabled = "user-disable";
    public const string UserEnabled = "user-enable";
    public const string UserUnlocked = "user-unlock";
    public const string PasswordReset = "password-reset";
    public const string ClientCreated = "client-create";
    public const string ClientRevoked = "client-revoke";
    public const string EmergencyAccess = "emergency-access";
    public const string TwoStepChanged = "two-step";
}
