using System.Text.Json;
using Hl7.Fhir.Serialization;
using R4 = Hl7.Fhir.Model;

namespace Mainstay.Features.Fhir;

/// <summary>
/// FHIR R4 JSON on the wire: one serializer setting for reading and writing (Firely SDK on System.Text.Json),
/// the <c>application/fhir+json</c> answers, and errors as OperationOutcome, which FHIR clients expect in place of ProblemDetails.
/// </summary>
public static class FhirWire
{
    public const string ContentType = "application/fhir+json";

    /// <summary>The largest Bundle a client may post; bigger loads go through <c>mainstay import fhir</c>.</summary>
    public const int MaximumBundleBytes = 10 * 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(R4.ModelInfo.ModelInspector);

    /// <summary>
    /// What Mainstay reads: syntax, element names and types are checked (anything else is refused), but not cardinality or
    /// bindings — another system's record is kept as it was sent, and the validating parse costs 2–3x (docs/PERFORMANCE.md).
    /// </summary>
    private static readonly JsonSerializerOptions Reading = new JsonSerializerOptions().ForFhir(new FhirJsonConverterOptions { Validator = null });

    public static string Serialize(R4.Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Json);

    /// <summary>A resource as a 200 (or the given status) answer.</summary>
    public static IResult Answer(R4.Resource resource, int status = StatusCodes.Status200OK, string? location = null) =>
        new FhirResult(resource, status, location);

    /// <summary>An OperationOutcome with one issue, as the answer with <paramref name="status"/>.</summary>
    public static IResult Problem(int status, string message, R4.OperationOutcome.IssueType code = R4.OperationOutcome.IssueType.Invalid, string? expression = null) =>
        Answer(Outcome(message, code, expression), status);

    public static R4.OperationOutcome Outcome(string message, R4.OperationOutcome.IssueType code = R4.OperationOutcome.IssueType.Invalid, string? expression = null,
        R4.OperationOutcome.IssueSeverity severity = R4.OperationOutcome.IssueSeverity.Error) =>
        new()
        {
            Issue =
            [
                new R4.OperationOutcome.IssueComponent
                {
                    Severity = severity,
                    Code = code,
                    Diagnostics = message,
                    Expression = expression is null ? [] : [expression],
                },
            ],
        };

    /// <summary>Reads a resource of type <typeparamref name="T"/> from JSON text; the parser's first complaints when it is not one.</summary>
    public static (T? Resource, string? Error) Parse<T>(string text)
        where T : R4.Resource
    {
        if (HoldsNul(text))
        {
            // No database here stores U+0000 in text (PostgreSQL refuses it), and no FHIR string may hold it.
            return (null, "The resource holds a NUL character (U+0000), which no FHIR string may contain.");
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(text, Reading), null);
        }
        catch (DeserializationFailedException e)
        {
            var problems = e.Exceptions.Take(5).Select(x => x.Message);
            return (null, "The resource is not valid FHIR R4 JSON: " + string.Join("; ", problems));
        }
        catch (JsonException e)
        {
            return (null, "The body is not valid JSON: " + e.Message);
        }
        catch (InvalidCastException)
        {
            return (null, $"The resource is not a {typeof(T).Name}.");
        }
        catch (InvalidOperationException e)
        {
            // Firely's reader refuses some shapes this way, e.g. an array where the resource should be.
            return (null, "The body is not a FHIR R4 resource: " + e.Message);
        }
    }

    /// <summary>Whether JSON text holds U+0000, raw or written as the escape \u0000 (an escaped backslash before "u0000" does not count).</summary>
    internal static bool HoldsNul(string text)
    {
        var at = text.IndexOfAny(['\0', '\\']);
        while (at >= 0)
        {
            if (text[at] == '\0')
            {
                return true;
            }

            if (at + 5 < text.Length && text[at + 1] == 'u' && text.AsSpan(at + 2, 4).SequenceEqual("0000"))
            {
                return true;
            }

            var next = at + 2;
            at = next < text.Length ? text.IndexOfAny(['\0', '\\'], next) : -1;
        }

        return false;
    }

    private sealed class FhirResult(R4.Resource resource, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = ContentType + "; charset=utf-8";
            if (location is not null)
            {
                http.Response.Headers.Location = location;
            }

            await JsonSerializer.SerializeAsync(http.Response.Body, resource, resource.GetType(), Json, http.RequestAborted);
        }
    }
}
