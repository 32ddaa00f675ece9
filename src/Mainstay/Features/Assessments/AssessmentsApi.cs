using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Assessments;

/// <summary>/api/v1/patients/{id}/assessments and the risk-factor profile.</summary>
public static class AssessmentsApi
{
    public static RouteGroupBuilder MapAssessmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients/{id:guid}").WithTags("Assessments");
        api.MapGet("/assessments", List).WithName("ListAssessments")
            .WithSummary("The patient's assessments, newest first.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/assessments", Start).WithName("StartAssessment")
            .WithSummary("Start an intake assessment (a draft) with any sections already known: history, instruments, asam.")
            .Accepts<AssessmentContent>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapGet("/assessments/{assessmentId:guid}", Read).WithName("ReadAssessment")
            .WithSummary("An assessment with its content, scores, diagnosis, placement and risk-factor profile.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPut("/assessments/{assessmentId:guid}", SaveDraft).WithName("SaveAssessmentDraft")
            .WithSummary("Replace a draft's content (409 once completed: amend instead).")
            .Accepts<AssessmentContent>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/assessments/{assessmentId:guid}/complete", Complete).WithName("CompleteAssessment")
            .WithSummary("Complete a draft: 400 naming every missing or invalid answer; opens the follow-ups the screen calls for.")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/assessments/{assessmentId:guid}/sign", Sign).WithName("SignAssessment")
            .WithSummary("Sign a completed assessment as final (counselor or prescriber).")
            .RequireAuthorization(Policies.WritePatients);
        api.MapPost("/assessments/{assessmentId:guid}/amend", Amend).WithName("AmendAssessment")
            .WithSummary("Correct a completed or signed assessment with a reason; the earlier content is kept.")
            .Accepts<AmendAssessment>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        api.MapGet("/risk-profile", Profile).WithName("RiskFactorProfile")
            .WithSummary("The risk-factor profile of the latest completed assessment.")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapGet("/follow-ups", FollowUps).WithName("ListFollowUps")
            .WithSummary("Follow-ups opened by assessments (tests due, wound care, naloxone kit, ...).")
            .RequireAuthorization(Policies.ReadPatients);
        api.MapPost("/follow-ups/{followUpId:guid}/close", CloseFollowUp).WithName("CloseFollowUp")
            .WithSummary("Close a follow-up as done or cancelled, saying what happened.")
            .Accepts<CloseFollowUp>("application/json")
            .RequireAuthorization(Policies.WritePatients);
        return api;
    }

    internal static async Task<IResult> CloseFollowUp(Guid id, Guid followUpId, HttpRequest request, FollowUpList followUps, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CloseFollowUp>(request, ct);
        return body.Problem ?? (await followUps.CloseAsync(id, followUpId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> List(Guid id, AssessmentRegistry assessments, CancellationToken ct) =>
        (await assessments.ListAsync(id, ct)).ToResult();

    internal static async Task<IResult> Start(Guid id, HttpRequest request, AssessmentRegistry assessments, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<AssessmentContent>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await assessments.StartAsync(id, body.Value!, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/v1/patients/{id}/assessments/{outcome.Value!.Id}", outcome.Value)
            : outcome.ToProblem();
    }

    internal static async Task<IResult> Read(Guid id, Guid assessmentId, AssessmentRegistry assessments, CancellationToken ct) =>
        (await assessments.ReadAsync(id, assessmentId, ct)).ToResult();

    internal static async Task<IResult> SaveDraft(Guid id, Guid assessmentId, HttpRequest request, AssessmentRegistry assessments, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<AssessmentContent>(request, ct);
        return body.Problem ?? (await assessments.SaveDraftAsync(id, assessmentId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Complete(Guid id, Guid assessmentId, AssessmentRegistry assessments, CancellationToken ct) =>
        (await assessments.CompleteAsync(id, assessmentId, ct)).ToResult();

    internal static async Task<IResult> Sign(Guid id, Guid assessmentId, AssessmentRegistry assessments, CancellationToken ct) =>
        (await assessments.SignAsync(id, assessmentId, ct)).ToResult();

    internal static async Task<IResult> Amend(Guid id, Guid assessmentId, HttpRequest request, AssessmentRegistry assessments, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<AmendAssessment>(request, ct);
        return body.Problem ?? (await assessments.AmendAsync(id, assessmentId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Profile(Guid id, AssessmentRegistry assessments, CancellationToken ct)
    {
        var outcome = await assessments.LatestCompletedAsync(id, ct);
        return outcome.Succeeded
            ? TypedResults.Ok(new
            {
                AssessmentId = outcome.Value!.Id,
                outcome.Value.CompletedAt,
                outcome.Value.Results.Diagnosis,
                outcome.Value.Results.Asam,
                Findings = outcome.Value.Results.Profile.Findings,
                Alerts = outcome.Value.Results.Profile.Alerts,
                FollowUps = outcome.Value.Results.Profile.FollowUps,
                Scores = outcome.Value.Results.Scores,
            })
            : outcome.ToProblem();
    }

    internal static async Task<IResult> FollowUps(Guid id, FollowUpList followUps, CancellationToken ct) =>
        (await followUps.ForPatientAsync(id, ct)).ToResult();
}
