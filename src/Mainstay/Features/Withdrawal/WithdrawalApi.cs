using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Withdrawal;

/// <summary>/api/v1/patients/{id}/withdrawal-episodes and the unit board.</summary>
public static class WithdrawalApi
{
    public static RouteGroupBuilder MapWithdrawalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/patients/{id:guid}/withdrawal-episodes").WithTags("Withdrawal management");
        api.MapGet("/", List).WithName("ListWithdrawalEpisodes").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("The patient's withdrawal episodes with their flowsheets.");
        api.MapPost("/", Start).WithName("StartWithdrawalEpisode").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Start an episode: setting (inpatient, residential, ambulatory) and protocol (sets the assessment schedule).")
            .Accepts<StartEpisode>("application/json");
        api.MapGet("/{episodeId:guid}", Read).WithName("ReadWithdrawalEpisode").RequireAuthorization(Policies.ReadPatients)
            .WithSummary("An episode: readings, next assessment due, alerts.");
        api.MapPost("/{episodeId:guid}/entries", Record).WithName("RecordFlowsheetReading").RequireAuthorization(Policies.WritePatients)
            .WithSummary("Record a reading: COWS and SOWS item answers (scored here), vital signs, last use, comfort medications, notes.")
            .Accepts<RecordReading>("application/json");
        api.MapPost("/{episodeId:guid}/end", End).WithName("EndWithdrawalEpisode").RequireAuthorization(Policies.WritePatients)
            .WithSummary("End the episode; without maintenance medication the patient is flagged for lost tolerance (naloxone).")
            .Accepts<EndEpisode>("application/json");
        app.MapGet("/api/v1/withdrawal/board", Board).WithTags("Withdrawal management").WithName("WithdrawalBoard")
            .WithSummary("Open episodes at the caller's sites: next assessment due, overdue, out-of-range vitals, severe COWS.")
            .RequireAuthorization(Policies.ReadPatients);
        return api;
    }

    internal static async Task<IResult> List(Guid id, WithdrawalUnit unit, CancellationToken ct) => (await unit.ListAsync(id, ct)).ToResult();

    internal static async Task<IResult> Start(Guid id, HttpRequest request, WithdrawalUnit unit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<StartEpisode>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await unit.StartAsync(id, body.Value!, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/patients/{id}/withdrawal-episodes/{outcome.Value!.Id}", outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> Read(Guid id, Guid episodeId, WithdrawalUnit unit, CancellationToken ct) =>
        (await unit.ReadAsync(id, episodeId, ct)).ToResult();

    internal static async Task<IResult> Record(Guid id, Guid episodeId, HttpRequest request, WithdrawalUnit unit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RecordReading>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await unit.RecordAsync(id, episodeId, body.Value!, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/patients/{id}/withdrawal-episodes/{episodeId}", outcome.Value) : outcome.ToProblem();
    }

    internal static async Task<IResult> End(Guid id, Guid episodeId, HttpRequest request, WithdrawalUnit unit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<EndEpisode>(request, ct);
        return body.Problem ?? (await unit.EndAsync(id, episodeId, body.Value!, ct)).ToResult();
    }

    internal static async Task<IResult> Board(string? siteId, WithdrawalUnit unit, CancellationToken ct)
    {
        int? site = null;
        if (!string.IsNullOrWhiteSpace(siteId))
        {
            if (!int.TryParse(siteId, out var s))
            {
                return Problems.BadRequest("siteId must be a site id (a whole number).", "siteId");
            }

            site = s;
        }

        return TypedResults.Ok(await unit.BoardAsync(site, ct));
    }
}
