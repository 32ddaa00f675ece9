using Mainstay.Features.Fhir;

namespace Mainstay.Web;

/// <summary>
/// Refuses a query string that holds U+0000 (%00) before any endpoint reads it: no stored text holds NUL, PostgreSQL
/// refuses it in any text parameter, and no search or filter of Mainstay has a use for it. The answer is a 400 naming
/// the parameter (an OperationOutcome on the FHIR door). Runs after authorization, so 401 and 403 keep their meaning.
/// </summary>
internal static class QueryWithoutNul
{
    public static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.QueryString.HasValue && Offending(http.Request.Query) is { } key)
        {
            var message = $"The query parameter '{key}' holds a NUL character (%00), which no search or filter may contain.";
            IResult answer;
            if (http.Request.Path.StartsWithSegments("/fhir", StringComparison.Ordinal))
            {
                answer = FhirWire.Problem(StatusCodes.Status400BadRequest, message, Hl7.Fhir.Model.OperationOutcome.IssueType.Value, key);
            }
            else
            {
                var errors = new FieldErrors();
                errors.Add(key, message);
                answer = Problems.Validation(errors);
            }

            await answer.ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    private static string? Offending(IQueryCollection query)
    {
        foreach (var (key, values) in query)
        {
            if (key.Contains('\0', StringComparison.Ordinal) || values.Any(v => v is not null && v.Contains('\0', StringComparison.Ordinal)))
            {
                return key.Replace("\0", "%00", StringComparison.Ordinal);
            }
        }

        return null;
    }
}
