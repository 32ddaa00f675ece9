using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Audit;

/// <summary>/api/v1/audit: the trail for auditors and privacy officers.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.ReadAudit);
        api.MapGet("/events", Events).WithName("AuditEvents")
            .WithSummary("Audit events, newest first, filtered by user, action, resource type, patient and dates; page with before=.");
        api.MapGet("/verify", Verify).WithName("VerifyAuditTrail")
            .WithSummary("Checks the hash chain of the whole trail.");
        return api;
    }

    internal static async Task<IResult> Events(
        string? user, string? action, string? resourceType, string? patientId, string? from, string? to, string? before, string? limit,
        MainstayDb db, AuditTrail audit, CancellationToken ct)
    {
        var (filter, errors) = AuditFilter.Parse(user, action, resourceType, patientId, from, to, before, limit);
        if (filter is null)
        {
            return Problems.Validation(errors);
        }

        var events = await AuditQueries.FindAsync(db, filter, ct);
        await audit.RecordNowAsync(AuditActions.Read, "AuditTrail", patientId: filter.PatientId,
            detail: $"{events.Count} events", ct: ct);
        return TypedResults.Ok(events);
    }

    internal static async Task<IResult> Verify(MainstayDb db, CancellationToken ct)
    {
        var result = await AuditQueries.VerifyAsync(db, null, ct);
        return TypedResults.Ok(result);
    }
}
