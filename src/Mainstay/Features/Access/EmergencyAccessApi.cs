using Mainstay.Web;

namespace Mainstay.Features.Access;

/// <summary>/api/v1/emergency-access: break the glass (clinical staff), and the privacy officer's review list.</summary>
public static class EmergencyAccessApi
{
    public static void MapEmergencyAccessApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Emergency access");
        api.MapPost("/emergency-access", Grant).WithName("BreakTheGlass").RequireAuthorization(Policies.ReadPatients).Accepts<EmergencyAccessRequest>("application/json")
            .WithSummary("Open a chart of a site you are not granted, in an emergency: {mrn or patientId, reason}. 201 with the access (four hours, read only, every read audited as emergency); 409 when the patient is at your sites.");
        api.MapGet("/emergency-access", List).WithName("EmergencyAccessList").RequireAuthorization(Policies.ReadAudit)
            .WithSummary("Privacy officer: emergency accesses, newest first; unreviewed=true for those still to review.");
        api.MapPost("/emergency-access/{id:guid}/review", Review).WithName("ReviewEmergencyAccess").RequireAuthorization(Policies.ReadAudit).Accepts<EmergencyReviewRequest>("application/json")
            .WithSummary("Privacy officer: record whether the access was justified ({justified, note}; a note is required when not). 409 when already reviewed.");
    }

    internal static Task<IResult> Grant(HttpRequest request, EmergencyAccessBook book, CancellationToken ct) =>
        JsonBody.CreateAsync<EmergencyAccessRequest, EmergencyAccessView>(request, r => book.GrantAsync(r, ct), v => $"/api/v1/emergency-access/{v.Id}", ct);

    internal static async Task<IResult> List(bool? unreviewed, EmergencyAccessBook book, Audit.AuditTrail audit, CancellationToken ct)
    {
        var list = await book.ListAsync(new EmergencyListFilter(UnreviewedOnly: unreviewed ?? false), ct);
        await audit.RecordNowAsync(Audit.AuditActions.Search, "EmergencyAccess", detail: $"unreviewed={unreviewed ?? false}; {list.Count} found", ct: ct);
        return TypedResults.Ok(list);
    }

    internal static async Task<IResult> Review(Guid id, HttpRequest request, EmergencyAccessBook book, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<EmergencyReviewRequest>(request, ct);
        return body.Problem ?? (await book.ReviewAsync(id, body.Value!, ct)).ToResult();
    }
}
