namespace Mainstay.Web;

/// <summary>
/// What a feature's action returns: the value, or why it was refused. Endpoints turn a refusal
/// into ProblemDetails (<see cref="ToProblem"/>); pages show it beside the fields.
/// </summary>
public sealed record Outcome<T>(T? Value, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);

    public IResult ToProblem() => Refusal?.ToProblem() ?? throw new InvalidOperationException("The action succeeded.");

    /// <summary>200 with the value, or the refusal as ProblemDetails.</summary>
    public IResult ToResult() => Succeeded ? TypedResults.Ok(Value) : ToProblem();
}

public enum RefusalKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    Unprocessable,
}

/// <param name="Violations">Clinical rules an order broke (rule id, limit, source), returned with a 422.</param>
public sealed record Refusal(RefusalKind Kind, string Message, FieldErrors? Errors = null, object? Violations = null)
{
    public static Refusal Invalid(FieldErrors errors) => new(RefusalKind.Invalid, errors.Summary(), errors);

    public static Refusal Invalid(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Forbidden(string message) => new(RefusalKind.Forbidden, message);

    public static Refusal Conflict(string message) => new(RefusalKind.Conflict, message);

    /// <summary>The refusal as one sentence for a page: every field error, or the message.</summary>
    public string Describe() => Errors is { Any: true } errors ? string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)) : Message;

    public IResult ToProblem() => Kind switch
    {
        RefusalKind.Invalid => Problems.Validation(Errors ?? new FieldErrors()),
        RefusalKind.NotFound => Problems.NotFound(Message),
        RefusalKind.Forbidden => Problems.Forbidden(Message),
        RefusalKind.Conflict => Problems.Conflict(Message),
        RefusalKind.Unprocessable => Problems.Unprocessable(Message,
            Violations is null ? null : new Dictionary<string, object?> { ["violations"] = Violations }),
    };
}
