using Mainstay.Features.Access;
using Mainstay.Web;

namespace Mainstay.Features.Beds;

/// <summary>/api/v1/beds, /api/v1/care-units and /api/v1/census.</summary>
public static class BedsApi
{
    public static void MapBedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Beds and census");
        api.MapGet("/beds", Board).RequireAuthorization(Policies.ReadPatients).WithName("BedBoard")
            .WithSummary("Units and their beds with status and occupant; ?siteId=.");
        api.MapGet("/beds/week", Week).RequireAuthorization(Policies.ReadPatients).WithName("BedWeek")
            .WithSummary("Seven days of each bed from ?from=YYYY-MM-DD (default today).");
        Action<BedAssignment>(api, "assign", "AssignBed", "Occupy with a patient, or reserve for an inquiry on the waitlist; 409 when the bed is taken.",
            (b, id, r, ct) => b.AssignAsync(id, r, ct), created: true);
        Action<BedTransfer>(api, "transfer", "TransferBed", "Move the patient in this bed to another bed.", (b, id, r, ct) => b.TransferAsync(id, r, ct));
        Action<BedRelease>(api, "release", "ReleaseBed", "Free the bed: discharged, transferred out, or reservation-cancelled.", (b, id, r, ct) => b.ReleaseAsync(id, r, ct));
        Action<BedStatusChange>(api, "status", "ChangeBedStatus", "available, cleaning or out-of-service (with a note); clinical staff and administrators.",
            (b, id, r, ct) => b.SetStatusAsync(id, r, ct), policy: Policies.BedStatus);
        api.MapPost("/care-units", AddUnit).RequireAuthorization(Policies.Administer).WithName("AddCareUnit").Accepts<NewCareUnit>("application/json")
            .WithSummary("A residential or withdrawal-management unit with its rooms and beds.");
        api.MapGet("/census", Census).RequireAuthorization(Policies.ReadPatients).WithName("MidnightCensus")
            .WithSummary("Midnight census of ?date= (default yesterday) by unit and level of care; &format=csv.");
    }

    private static void Action<T>(RouteGroupBuilder api, string path, string name, string summary,
        Func<BedBoard, int, T, CancellationToken, Task<Outcome<BedView>>> action, bool created = false, string policy = Policies.WritePatients)
        where T : class =>
        api.MapPost($"/beds/{{id:int}}/{path}", async (int id, HttpRequest request, BedBoard board, CancellationToken ct) =>
            {
                var body = await JsonBody.ReadAsync<T>(request, ct);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var outcome = await action(board, id, body.Value!, ct);
                return created && outcome.Succeeded ? TypedResults.Created("/api/v1/beds", outcome.Value) : outcome.ToResult();
            })
            .RequireAuthorization(policy).WithName(name).WithSummary(summary).Accepts<T>("application/json");

    internal static async Task<IResult> Board(int? siteId, BedBoard board, CancellationToken ct) => (await board.BoardAsync(siteId, ct)).ToResult();

    internal static async Task<IResult> Week(int? siteId, string? from, BedBoard board, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var day = errors.Day("from", from) ?? board.Today;
        return errors.Any ? Problems.Validation(errors) : (await board.WeekAsync(siteId, day, ct)).ToResult();
    }

    internal static Task<IResult> AddUnit(HttpRequest request, BedBoard board, CancellationToken ct) =>
        JsonBody.CreateAsync<NewCareUnit, UnitView>(request, r => board.AddUnitAsync(r, ct), u => $"/api/v1/beds?siteId={u.SiteId}", ct);

    internal static async Task<IResult> Census(int? siteId, string? date, string? format, BedBoard board, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var day = errors.Day("date", date) ?? board.Today.AddDays(-1);
        if (format is not (null or "json" or "csv"))
        {
            errors.Add("format", "format is json or csv.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var outcome = await board.CensusAsync(siteId, day, ct);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        return format == "csv" ? Csv.File(BedBoard.CensusCsv(outcome.Value!), $"census-{day:yyyy-MM-dd}.csv") : TypedResults.Ok(outcome.Value);
    }
}
