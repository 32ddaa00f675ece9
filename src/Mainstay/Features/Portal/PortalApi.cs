using Mainstay.Features.Access;
using Mainstay.Features.Counseling;
using Mainstay.Features.Recovery;
using Mainstay.Web;

namespace Mainstay.Features.Portal;

/// <summary>/api/v1/me (the patient's own record) and portal invitations.</summary>
public static class PortalApi
{
    public static void MapPortalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Patient portal");
        api.MapGet("/me", Summary).WithName("MyCare").RequireAuthorization(Policies.Portal)
            .WithSummary("The signed-in patient's own care: medication and today's dose, take-homes, appointments, the signed plan, rewards and check-ins.");
        api.MapPost("/me/check-ins", CheckIn).WithName("MyCheckIn").RequireAuthorization(Policies.Portal)
            .WithSummary("The patient's daily check-in (craving 0–10, mood 1–5, sleep 1–5, stress 0–10, triggers, usedSinceLast).").Accepts<RecordCheckIn>("application/json");
        api.MapPost("/portal/join/{token}", Join).WithName("JoinPortal").AllowAnonymous().RequireRateLimiting(Hosting.RateLimits.SignIn)
            .WithSummary("Redeem an invitation: birthDate (must match the chart), username, password → 201; then sign in as usual. 404 when the link is used, replaced, expired or locked.").Accepts<RedeemInvitation>("application/json");
        api.MapGet("/patients/{id:guid}/portal", Status).WithName("PortalStatus").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("Whether the patient has a portal account, and an invitation still open.");
        api.MapPost("/patients/{id:guid}/portal-invitations", Invite).WithName("InviteToPortal").RequireAuthorization(Policies.WritePatients)
            .WithSummary("A one-time invitation link (shown once; 7 days; the patient confirms the birth date). 409 when the patient has an account.");
    }

    private static async Task<IResult> Summary(PortalRecord record, CancellationToken ct) => (await record.SummaryAsync(ct)).ToResult();

    private static Task<IResult> CheckIn(HttpRequest request, PortalRecord record, CancellationToken ct) =>
        JsonBody.CreateAsync<RecordCheckIn, CheckInView>(request, r => record.CheckInAsync(r, ct), _ => "/api/v1/me", ct);

    private static async Task<IResult> Join(string token, HttpRequest request, PortalAccounts portal, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RedeemInvitation>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await portal.RedeemAsync(token, body.Value!, ct);
        return outcome.Succeeded ? TypedResults.Created("/api/v1/me", new { username = outcome.Value!.UserName }) : outcome.ToProblem();
    }

    private static async Task<IResult> Status(Guid id, PortalAccounts portal, CancellationToken ct) => (await portal.StatusAsync(id, ct)).ToResult();

    private static async Task<IResult> Invite(Guid id, PortalAccounts portal, CancellationToken ct)
    {
        var outcome = await portal.InviteAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/patients/{id}/portal", outcome.Value) : outcome.ToProblem();
    }
}
