using Mainstay.Features.Access;
using Mainstay.Features.Counseling;
using Mainstay.Web;

namespace Mainstay.Features.Recovery;

/// <summary>/api/v1 check-ins and contingency management.</summary>
public static class RecoveryApi
{
    public static void MapRecoveryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Recovery support");
        api.MapGet("/patients/{id:guid}/check-ins", Series).WithName("CheckIns").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The patient's check-ins over the last days (days=30 by default, at most 365), the craving signal and the triggers named most.");
        api.MapPost("/patients/{id:guid}/check-ins", Record).WithName("RecordCheckIn").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Record a check-in from paper: craving 0–10, mood 1–5, sleep 1–5, stress 0–10, triggers, usedSinceLast. High or rising craving and reported use raise alerts.").Accepts<RecordCheckIn>("application/json");
        api.MapGet("/patients/{id:guid}/contingency", Standing).WithName("Contingency").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The patient's contingency-management enrolments: schedule, every opportunity with what it earned, the yearly cap, rewards given and the balance.");
        api.MapPost("/patients/{id:guid}/contingency", Enroll).WithName("EnrollContingency").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Enrol for a target (opioid-negative-screen, stimulant-negative-screen, attendance) on a schedule (escalating-voucher, fixed-attendance).").Accepts<EnrollContingency>("application/json");
        api.MapPost("/contingency/{id:guid}/rewards", Give).WithName("GiveReward").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Hand over a reward (voucher, gift card or item; never cash), at most the balance earned.").Accepts<GiveReward>("application/json");
        api.MapPost("/contingency/{id:guid}/end", End).WithName("EndContingency").RequireAuthorization(Policies.WritePatients)
            .WithSummary("End an enrolment with the reason; what was earned stays.").Accepts<EndContingency>("application/json");
    }

    private static async Task<IResult> Series(Guid id, int? days, CheckIns checkIns, CancellationToken ct) =>
        days is < 1 or > 365
            ? Problems.BadRequest("days must be from 1 to 365.", "days")
            : (await checkIns.ForPatientAsync(id, days ?? 30, ct)).ToResult();

    private static Task<IResult> Record(Guid id, HttpRequest request, CheckIns checkIns, CancellationToken ct) =>
        JsonBody.CreateAsync<RecordCheckIn, CheckInView>(request, r => checkIns.RecordAsync(id, r, ct), _ => $"/api/v1/patients/{id}/check-ins", ct);

    private static async Task<IResult> Standing(Guid id, ContingencyBook book, CancellationToken ct) => (await book.ForPatientAsync(id, ct)).ToResult();

    private static Task<IResult> Enroll(Guid id, HttpRequest request, ContingencyBook book, CancellationToken ct) =>
        JsonBody.CreateAsync<EnrollContingency, ContingencyView>(request, r => book.EnrollAsync(id, r, ct), _ => $"/api/v1/patients/{id}/contingency", ct);

    private static Task<IResult> Give(Guid id, HttpRequest request, ContingencyBook book, CancellationToken ct) =>
        CounselingApi.Ok<GiveReward, ContingencyView>(request, r => book.GiveAsync(id, r, ct), ct);

    private static Task<IResult> End(Guid id, HttpRequest request, ContingencyBook book, CancellationToken ct) =>
        CounselingApi.Ok<EndContingency, ContingencyView>(request, r => book.EndAsync(id, r, ct), ct);
}
