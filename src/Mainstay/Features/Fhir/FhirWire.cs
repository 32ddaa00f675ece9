using System.Buffers;
using System.Text;
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
    /// What Mainstay reads: JSON syntax and each element's shape are checked (an object where a value belongs, or the reverse,
    /// is refused), but not unknown elements, cardinality or bindings — another system's record is kept as it was sent, and
    /// the validating parse costs 2–3x (docs/PERFORMANCE.md).
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
        where T : R4.Resource =>
        HoldsNul(text) ? (null, NulRefused) : Deserialize(() => JsonSerializer.Deserialize<T>(text, Reading));

    /// <summary>
    /// Reads a resource as an import does (<see cref="FhirBundleImport"/>): the same as <see cref="Parse{T}"/>, except that a
    /// resource Mainstay does not keep (Claim, ExplanationOfBenefit and the others the import skips), alone or as a Bundle's
    /// entry, is read as its type and id only. Its content goes nowhere, so it is neither parsed nor checked. On Synthea's records that is over
    /// half the bytes, and Firely's parse was the larger part of an import's time (docs/PERFORMANCE.md).
    /// </summary>
    public static (T? Resource, string? Error) ParseForImport<T>(string text)
        where T : R4.Resource
    {
        if (HoldsNul(text))
        {
            return (null, NulRefused);
        }

        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return Parse<T>(text); // a lone surrogate: the full parse refuses it as it always did
        }

        var read = WithoutUnkeptContent(utf8, FhirBundleImport.NotKept) ?? utf8;
        return Deserialize(() => JsonSerializer.Deserialize<T>(read, Reading));
    }

    /// <summary>UTF-8 that refuses what is not text (a lone surrogate) rather than writing U+FFFD in its place.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // No database here stores U+0000 in text (PostgreSQL refuses it), and no FHIR string may hold it.
    private const string NulRefused = "The resource holds a NUL character (U+0000), which no FHIR string may contain.";

    private static (T? Resource, string? Error) Deserialize<T>(Func<T?> read)
        where T : R4.Resource
    {
        try
        {
            return (read(), null);
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
        catch (ArgumentException e) when (e.InnerException is EncoderFallbackException)
        {
            return (null, "The body is not valid Unicode text (it holds a lone surrogate).");
        }
        catch (InvalidOperationException e)
        {
            // Firely's reader refuses some shapes this way, e.g. an array where the resource should be.
            return (null, "The body is not a FHIR R4 resource: " + e.Message);
        }
    }

    /// <summary>
    /// A Bundle's JSON with every <c>entry.resource</c> whose type is in <paramref name="unkept"/> and that has an id cut down to
    /// <c>{"resourceType", "id"}</c>; everything else is copied byte for byte. A single resource of such a type (a line of
    /// Synthea's Claim.ndjson) is cut the same way. Null when there is nothing to cut, or when the text is not well-formed
    /// JSON (the full parse then says what is wrong).
    /// </summary>
    internal static byte[]? WithoutUnkeptContent(byte[] utf8, IReadOnlyDictionary<string, string> unkept)
    {
        List<(int Start, int End, string Type, string Id)>? cuts = null;
        string? rootType = null;
        string? rootId = null;
        int rootStart;
        int rootEnd;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1024 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            rootStart = (int)reader.TokenStartIndex;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.ValueTextEquals("resourceType") ? 1 : reader.ValueTextEquals("entry") ? 2 : reader.ValueTextEquals("id") ? 3 : 0;
                reader.Read();
                if (property is 1 or 3 && reader.TokenType == JsonTokenType.String)
                {
                    (property == 1 ? ref rootType : ref rootId) = reader.GetString();
                }
                else if (property == 2 && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            EntryCut(ref reader, unkept, ref cuts);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            rootEnd = (int)reader.BytesConsumed;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not well-formed, or an escaped lone surrogate in a type or id (GetString refuses it): the full parse says what is wrong.
            return null;
        }

        if (rootType != "Bundle")
        {
            // Not a Bundle: its entries (a List has some) are not records; the resource itself may be one the import skips.
            cuts = rootType is not null && rootId is not null && unkept.ContainsKey(rootType) ? [(rootStart, rootEnd, rootType, rootId)] : null;
        }

        if (cuts is null)
        {
            return null;
        }

        var output = new ArrayBufferWriter<byte>(utf8.Length);
        using var writer = new Utf8JsonWriter(output);
        var copied = 0;
        foreach (var (start, end, type, id) in cuts)
        {
            output.Write(utf8.AsSpan(copied, start - copied));
            writer.WriteStartObject();
            writer.WriteString("resourceType", type);
            writer.WriteString("id", id);

            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            copied = end;
        }

        output.Write(utf8.AsSpan(copied));
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads one entry (the reader on its '{', left on its '}') and notes its resource's span when the type is not kept.</summary>
    private static void EntryCut(ref Utf8JsonReader reader, IReadOnlyDictionary<string, string> unkept, ref List<(int, int, string, string)>? cuts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var resource = reader.ValueTextEquals("resource");
            reader.Read();
            if (!resource || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            string? type = null;
            string? id = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.ValueTextEquals("resourceType") ? 1 : reader.ValueTextEquals("id") ? 2 : 0;
                reader.Read();
                if (property != 0 && reader.TokenType == JsonTokenType.String)
                {
                    (property == 1 ? ref type : ref id) = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            // Firely reads a resource of its type alone as empty and refuses it, so one without an id is left whole.
            if (type is not null && id is not null && unkept.ContainsKey(type))
            {
                (cuts ??= []).Add((start, (int)reader.BytesConsumed, type, id));
            }
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
