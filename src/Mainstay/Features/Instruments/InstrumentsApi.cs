using Mainstay.Clinical.Instruments;
using Mainstay.Web;
using Registry = Mainstay.Clinical.Instruments.Instruments;

namespace Mainstay.Features.Instruments;

/// <summary>POST /api/v1/instruments/{code}/score: the answers and what some instruments need besides them.</summary>
public sealed record ScoreRequest
{
    public Dictionary<string, int>? Answers { get; init; }

    /// <summary>female or male: required by the Opioid Risk Tool.</summary>
    public string? SexAtBirth { get; init; }

    public int? AgeYears { get; init; }
    public bool OnMedicalSupervision { get; init; }
    public bool OnMaintenanceTherapy { get; init; }
    public bool InControlledEnvironment { get; init; }
    public int? MonthsWithoutCriteria { get; init; }

    /// <summary>none, mild, moderate or severe.</summary>
    public string? PriorSeverity { get; init; }
}

/// <summary>
/// Validated instruments over HTTP, stateless: every definition (enough to render a form) and a
/// scorer for calculators and integrators. Nothing is stored; no patient data passes, so no sign-in is needed.
/// </summary>
public static class InstrumentsApi
{
    public static RouteGroupBuilder MapInstrumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/instruments").WithTags("Instruments").AllowAnonymous();
        api.MapGet("/", () => TypedResults.Ok(Registry.All)).WithName("ListInstruments")
            .WithSummary("Every instrument with its items, allowed answers, bands, sources and LOINC codes where they exist.");
        api.MapGet("/{code}", Definition).WithName("InstrumentDefinition")
            .WithSummary("One instrument's definition.");
        api.MapPost("/{code}/score", Score).WithName("ScoreInstrument")
            .WithSummary("Score answers: total, band, interpretation, alerts; 400 naming each missing or out-of-range item.")
            .Accepts<ScoreRequest>("application/json");
        return api;
    }

    internal static IResult Definition(string code) =>
        Registry.Find(code) is { } definition
            ? TypedResults.Ok(definition)
            : Problems.NotFound(UnknownInstrument(code));

    internal static async Task<IResult> Score(string code, HttpRequest request, CancellationToken ct)
    {
        if (Registry.Find(code) is not { } definition)
        {
            return Problems.NotFound(UnknownInstrument(code));
        }

        var body = await JsonBody.ReadAsync<ScoreRequest>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (context, contextErrors) = Context(body.Value!);
        if (contextErrors.Any)
        {
            return Problems.Validation(contextErrors);
        }

        var result = InstrumentScorer.Score(definition, body.Value!.Answers ?? [], context);
        return result.IsScored ? TypedResults.Ok(result.Score) : Problems.Validation(ToFieldErrors(result.Errors));
    }

    /// <summary>Reads the scoring context from request fields; shared with stored assessments.</summary>
    public static (ScoringContext Context, FieldErrors Errors) Context(ScoreRequest request)
    {
        var errors = new FieldErrors();
        SexAtBirth? sex = null;
        if (!string.IsNullOrWhiteSpace(request.SexAtBirth))
        {
            if (Enum.TryParse<SexAtBirth>(request.SexAtBirth.Trim(), ignoreCase: true, out var s) && Enum.IsDefined(s))
            {
                sex = s;
            }
            else
            {
                errors.Add("sexAtBirth", $"sexAtBirth '{request.SexAtBirth}' must be female or male for scoring.");
            }
        }

        OudSeverity? prior = null;
        if (!string.IsNullOrWhiteSpace(request.PriorSeverity))
        {
            if (Enum.TryParse<OudSeverity>(request.PriorSeverity.Trim(), ignoreCase: true, out var p) && Enum.IsDefined(p))
            {
                prior = p;
            }
            else
            {
                errors.Add("priorSeverity", $"priorSeverity '{request.PriorSeverity}' must be none, mild, moderate or severe.");
            }
        }

        var context = new ScoringContext
        {
            SexAtBirth = sex,
            AgeYears = request.AgeYears,
            OnMedicalSupervision = request.OnMedicalSupervision,
            OnMaintenanceTherapy = request.OnMaintenanceTherapy,
            InControlledEnvironment = request.InControlledEnvironment,
            MonthsWithoutCriteria = request.MonthsWithoutCriteria,
            PriorSeverity = prior,
        };
        return (context, errors);
    }

    public static FieldErrors ToFieldErrors(IEnumerable<FieldError> errors, string prefix = "")
    {
        var fields = new FieldErrors();
        foreach (var e in errors)
        {
            fields.Add(prefix + e.Field, e.Message);
        }

        return fields;
    }

    private static string UnknownInstrument(string code) =>
        $"There is no instrument '{code}'; use one of {string.Join(", ", Registry.All.Select(i => i.Code))}.";
}
