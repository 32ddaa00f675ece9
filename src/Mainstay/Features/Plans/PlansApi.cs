using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Plans;

/// <summary>/api/v1/patients/{id}/plans: individualized treatment plans.</summary>
public static class PlansApi
{
    public static RouteGroupBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients/{id:guid}/plans").WithTags("Treatment plans");
        api.MapPost("/draft", Draft).WithName("DraftPlan")
            .WithSummary("Draft the treatment plan from the latest completed assessment (422 without one; 409 when a plan exists).")
            .RequireAuthorization(Policies.WritePatients);
        api.MapGet("/{planId:guid}", Read).WithName("ReadPlan")
            .WithSummary("The plan: problems, goals, objectives, interventions, medication options, signature, acknowledgement, reviews.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPut("/{planId:guid}", Edit).WithName("EditPlan")
            .WithSummary("Replace the problems (accept, edit, remove or add); 400 naming each goal without a target date or intervention without a role; 409 when updatedAt is given and the plan changed since.")
            .Accepts<PlanEdit>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{planId:guid}/sign", Sign).WithName("SignPlan")
            .WithSummary("Sign the current version (counselor or prescriber); 400 for an empty plan; 409 when updatedAt is given and the draft changed since.")
            .Accepts<SignPlan>(isOptional: true, "application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/{planId:guid}/acknowledge", Acknowledge).WithName("AcknowledgePlan")
            .WithSummary("Record the patient's acknowledgement: signature on screen, or verbal with a witness.")
            .Accepts<AcknowledgePlan>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapGet("/{planId:guid}/versions", Versions).WithName("PlanVersions")
            .WithSummary("Every signed version, newest first, with what changed.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/{planId:guid}/reviews", Review).WithName("ReviewPlan")
            .WithSummary("Record a review: progress per problem (met, progressing, not-progressing, revised); sets the next review date. The same review sent again the same day is recorded once.")
            .Accepts<ReviewPlan>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        app.MapGet("/api/v1/plans/worklist", WorkList).WithTags("Treatment plans").WithName("PlanWorkList")
            .WithSummary("Plans at the caller's sites needing a signature, or a review due within 7 days or overdue.")
            .RequireAuthorization(Policies.ReadPatients);
        return api;
    }

    internal static async Task<IResult> Draft(Guid id, TreatmentPlans plans, CancellationToken ct)
    {
        var outcome = await plans.DraftAsync(id, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/patients/{id}/plans/{outcome.Value!.Id}", outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> Read(Guid id, Guid planId, TreatmentPlans plans, CancellationToken ct) =>
        (await plans.ReadAsync(id, planId, ct)).ToResult();

    internal static async Task<IResult> Edit(Guid id, Guid planId, HttpRequest request, TreatmentPlans plans, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<PlanEdit>(request, ct);
        return body.Problem ?? (await plans.EditAsync(id, planId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Sign(Guid id, Guid planId, HttpRequest request, TreatmentPlans plans, CancellationToken ct)
    {
        var body = await JsonBody.ReadOptionalAsync<SignPlan>(request, ct);
        return body.Problem ?? (await plans.SignAsync(id, planId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Acknowledge(Guid id, Guid planId, HttpRequest request, TreatmentPlans plans, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<AcknowledgePlan>(request, ct);
        return body.Problem ?? (await plans.AcknowledgeAsync(id, planId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Versions(Guid id, Guid planId, TreatmentPlans plans, CancellationToken ct) =>
        (await plans.VersionsAsync(id, planId, ct)).ToResult();

    internal static async Task<IResult> Review(Guid id, Guid planId, HttpRequest request, TreatmentPlans plans, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ReviewPlan>(request, ct);
        return body.Problem ?? (await plans.ReviewAsync(id, planId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> WorkList(TreatmentPlans plans, CancellationToken ct) =>
        TypedResults.Ok(await plans.WorkListAsync(ct));
}
