using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Consents;

/// <summary>/api/v1/patients/{id}/consents: 42 CFR Part 2 consents.</summary>
public static class ConsentsApi
{
    public static RouteGroupBuilder MapConsentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients/{id:guid}/consents").WithTags("Consents");
        api.MapGet("/", List).WithName("ListConsents")
            .WithSummary("The patient's consents to disclose, with state active, expired or revoked (clinical readers and the privacy officer).")
            .RequireAuthorization(Policies.ReadConsents);
        api.MapPost("/", Record).WithName("RecordConsent")
            .WithSummary("Record a consent with the elements 42 CFR 2.31 requires; 400 naming each missing element.")
            .Accepts<RecordConsent>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{consentId:guid}/revoke", Revoke).WithName("RevokeConsent")
            .WithSummary("Record the patient's revocation of a consent (kept, never deleted).")
            .Accepts<RevokeConsent>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        return api;
    }

    internal static async Task<IResult> List(Guid id, ConsentRegistry consents, CancellationToken ct)
    {
        var outcome = await consents.ListAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> Record(Guid id, HttpRequest request, ConsentRegistry consents, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RecordConsent>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await consents.RecordAsync(id, body.Value!, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/v1/patients/{id}/consents/{outcome.Value!.Id}", outcome.Value)
            : outcome.ToProblem();
    }

    internal static async Task<IResult> Revoke(Guid id, Guid consentId, HttpRequest request, ConsentRegistry consents, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RevokeConsent>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await consents.RevokeAsync(id, consentId, body.Value!, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();
    }
}
