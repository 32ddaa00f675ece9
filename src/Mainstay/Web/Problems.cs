using Microsoft.AspNetCore.Http.HttpResults;

namespace Mainstay.Web;

/// <summary>
/// The one place that turns bad input and refused actions into RFC 9457 ProblemDetails.
/// Validation errors name their fields in <c>errors</c>, as ASP.NET Core's ValidationProblem does.
/// </summary>
public static class Problems
{
    public static IResult BadRequest(string detail, string? field = null, int status = StatusCodes.Status400BadRequest) =>
        field is null
            ? TypedResults.Problem(detail: detail, statusCode: status, title: "The request is not valid")
            : TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [detail] },
                detail: detail,
                title: "The request is not valid");

    public static ValidationProblem Validation(FieldErrors errors) =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(),
            detail: errors.Summary(),
            title: "The request is not valid");

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(detail: what, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult Unprocessable(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The request cannot be carried out", extensions: extensions);
}

/// <summary>Collects what is wrong with a request, field by field, to answer all of it at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public string Summary() => string.Join(" ", _errors.SelectMany(e => e.Value));
}
