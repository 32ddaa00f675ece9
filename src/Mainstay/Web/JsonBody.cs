using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mainstay.Web;

/// <summary>
/// Reads a JSON request body into a request record and turns every way it can be wrong
/// (not JSON, wrong content type, wrong-typed field, too deep) into a 400 ProblemDetails
/// that names the field, instead of the framework's bare 400 or a 500.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        MaxDepth = 32,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false), new TextWithoutNul() },
    };

    internal const string NulMessage = "contains a NUL character";

    /// <summary>Reads the body, runs the action, and answers 201 at the location of what it made, or the refusal as ProblemDetails.</summary>
    public static async Task<IResult> CreateAsync<TRequest, TResult>(
        HttpRequest request, Func<TRequest, Task<Outcome<TResult>>> action, Func<TResult, string> location, CancellationToken ct)
        where TRequest : class
    {
        var body = await ReadAsync<TRequest>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await action(body.Value!);
        return outcome.Succeeded ? TypedResults.Created(location(outcome.Value!), outcome.Value) : outcome.ToProblem();
    }

    public static Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct = default)
        where T : class => ReadCoreAsync<T>(request, nullIs: null, ct);

    private static async Task<BodyResult<T>> ReadCoreAsync<T>(HttpRequest request, T? nullIs, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Fail<T>(Problems.BadRequest(
                "The request body must be JSON (Content-Type: application/json).", field: "body"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct) ?? nullIs;
            return value is null
                ? Fail<T>(Problems.BadRequest("The request body is empty or null; a JSON object is required.", field: "body"))
                : new BodyResult<T>(value, null);
        }
        catch (JsonException ex)
        {
            var field = FieldName(ex.Path);
            var message = ex.Message.StartsWith(NulMessage, StringComparison.Ordinal)
                ? $"The field '{field}' contains a NUL character (U+0000), which no text accepts."
                : field is null
                ? "The request body is not valid JSON" + LineInfo(ex) + "."
                : $"The field '{field}' has the wrong type or format" + LineInfo(ex) + ".";
            return Fail<T>(Problems.BadRequest(message, field ?? "body"));
        }
        catch (BadHttpRequestException ex)
        {
            return Fail<T>(Problems.BadRequest(ex.Message, "body", ex.StatusCode));
        }
    }

    /// <summary>
    /// A body that may be left out: no body at all (whatever the headers say, chunked or not) and a JSON <c>null</c> read as
    /// a new <typeparamref name="T"/>; anything else is read as <see cref="ReadAsync{T}"/> reads it.
    /// </summary>
    public static async Task<BodyResult<T>> ReadOptionalAsync<T>(HttpRequest request, CancellationToken ct = default)
        where T : class, new()
    {
        if (request.ContentLength is 0
            || request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return new BodyResult<T>(new T(), null);
        }

        // A body that may be empty (chunked, or no length given) is looked at before it is read, without taking it.
        try
        {
            var look = await request.BodyReader.ReadAsync(ct);
            var empty = look.Buffer.IsEmpty && look.IsCompleted;
            request.BodyReader.AdvanceTo(look.Buffer.Start);
            if (empty)
            {
                return new BodyResult<T>(new T(), null);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return Fail<T>(Problems.BadRequest(ex.Message, "body", ex.StatusCode));
        }

        return await ReadCoreAsync(request, nullIs: new T(), ct);
    }

    private static BodyResult<T> Fail<T>(IResult problem) where T : class => new(null, problem);

    /// <summary>"$.birthDate" → "birthDate"; "$.answers.q1" → "answers.q1"; "$" → null.</summary>
    internal static string? FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        name = name.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
        return name.Length == 0 ? null : name;
    }

    private static string LineInfo(JsonException ex) =>
        ex.LineNumber is { } line ? $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})" : "";
}

/// <summary>Text with U+0000 is refused as it is read: PostgreSQL cannot store it and no clinical text needs it.</summary>
internal sealed class TextWithoutNul : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException();
        }

        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(JsonBody.NulMessage) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

public sealed record BodyResult<T>(T? Value, IResult? Problem) where T : class;
