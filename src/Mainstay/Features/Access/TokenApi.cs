using Mainstay.Features.Audit;
using Mainstay.Hosting;
using Mainstay.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Mainstay.Features.Access;

public sealed record TokenRequest
{
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>For an account with two-step sign-in: the authenticator code (or a recovery code).</summary>
    public string? Code { get; init; }
}

/// <summary>POST /api/v1/auth/token: bearer tokens for API clients, with the account's lockout rules.</summary>
public static class TokenApi
{
    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/token", IssueToken).WithTags("Sign-in").WithName("IssueToken")
            .WithSummary("Exchange a username and password for a bearer token ({access_token, token_type, expires_in}).")
            .Accepts<TokenRequest>("application/json")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignIn);
        app.MapPost("/api/v1/auth/client-token", IssueClientToken).WithTags("Sign-in").WithName("IssueClientToken")
            .WithSummary("Client credentials for systems outside the program: form grant_type=client_credentials with client_id and client_secret (or HTTP Basic, or JSON) → a bearer token for /fhir reads under the patients' consents.")
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimits.SignIn);
        app.MapPost("/api/v1/auth/sign-out-everywhere", SignOutEverywhere).WithTags("Sign-in").WithName("SignOutEverywhere")
            .WithSummary("End every session and token of the signed-in account (this one included): 204.")
            .RequireAuthorization();
        app.MapPost("/api/v1/users/{username}/end-sessions", EndSessionsOf).WithTags("Sign-in").WithName("EndSessionsOfUser")
            .WithSummary("Administrators: end every session and token of an account (a lost device, a person leaving): 204; 404 for an unknown username.")
            .RequireAuthorization(Policies.Administer);
        return app;
    }

    internal static async Task<IResult> SignOutEverywhere(ClinicUser user, UserManager<UserAccount> users, AuditTrail audit)
    {
        if (user.UserId is not { } id || await users.FindByIdAsync(id.ToString()) is not { } account)
        {
            return TypedResults.Problem(detail: "Only a person's sign-in can be ended here; an outside system's token ends when it expires or its client is revoked.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not a person's sign-in");
        }

        await SessionRules.EndAllAsync(users, audit, account, "signed out on every device by the account holder");
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> EndSessionsOf(string username, UserManager<UserAccount> users, AuditTrail audit, ClinicUser user)
    {
        if (await users.FindByNameAsync(username) is not { } account)
        {
            return Problems.NotFound($"There is no account '{Clip(username)}'.");
        }

        await SessionRules.EndAllAsync(users, audit, account, $"sessions ended by administrator {user.Username}");
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> IssueClientToken(
        HttpRequest request,
        ApiClients clients,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        AuditTrail audit,
        Data.MainstayDb db,
        TimeProvider clock,
        CancellationToken ct)
    {
        string? id = null, secret = null;
        if (request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
                (id, secret) = pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
            }
            catch (FormatException)
            {
                return Problems.BadRequest("The Basic authorization header is not valid base64.", null);
            }
        }
        else if (request.HasFormContentType)
        {
            var (form, unreadable) = await FormBody.ReadAsync(request, ct);
            if (form is null)
            {
                return unreadable!;
            }

            if (form["grant_type"].ToString() is { Length: > 0 } grant && grant != "client_credentials")
            {
                return Problems.BadRequest($"grant_type must be client_credentials, not '{grant}'.", "grant_type");
            }

            (id, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        }
        else
        {
            var body = await JsonBody.ReadAsync<ClientTokenRequest>(request, ct);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            (id, secret) = (body.Value!.ClientId, body.Value.ClientSecret);
        }

        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            return Problems.BadRequest("client_id and client_secret are required.", string.IsNullOrEmpty(id) ? "client_id" : "client_secret");
        }

        var client = await clients.CheckAsync(id, secret, ct);
        if (client is null)
        {
            audit.Record(AuditActions.TokenRefused, "ApiClient", detail: $"client_id={Clip(id)}");
            await db.SaveChangesAsync(ct);
            return TypedResults.Problem(detail: "The client id or secret is wrong, or the client was revoked.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var now = clock.GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration };
        var token = options.BearerTokenProtector.Protect(new AuthenticationTicket(ApiClients.Principal(client), properties, IdentityConstants.BearerScheme));
        audit.Record(AuditActions.TokenIssued, "ApiClient", client.Id.ToString(), detail: $"client_id={client.ClientId}; recipient={client.RecipientName}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (long)options.BearerTokenExpiration.TotalSeconds));
    }

    internal static async Task<IResult> IssueToken(
        HttpRequest request,
        SignInManager<UserAccount> signIn,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        AuditTrail audit,
        Data.MainstayDb db,
        TimeProvider clock,
        CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<TokenRequest>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(body.Value!.Username))
        {
            errors.Add("username", "username is required.");
        }

        if (string.IsNullOrEmpty(body.Value.Password))
        {
            errors.Add("password", "password is required.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var check = await PasswordCheck.CheckAsync(signIn, body.Value.Username!, body.Value.Password!);
        if (check.User is null)
        {
            audit.Record(AuditActions.TokenRefused, "Session", detail: $"username={Clip(body.Value.Username!)}; {check.Why}");
            await db.SaveChangesAsync(ct);
            return TypedResults.Problem(
                detail: check.Why,
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed");
        }

        if (await signIn.UserManager.GetTwoFactorEnabledAsync(check.User)
            && (string.IsNullOrWhiteSpace(body.Value.Code) || !await TwoStep.CheckCodeAsync(signIn.UserManager, check.User, body.Value.Code)))
        {
            var why = string.IsNullOrWhiteSpace(body.Value.Code)
                ? "This account uses two-step sign-in: send the 6-digit code from the authenticator app (or a recovery code) as \"code\"."
                : "The one-time code is not right.";
            audit.Record(AuditActions.TokenRefused, "Session", check.User.Id.ToString(), detail: $"username={check.User.UserName}; {why}");
            await db.SaveChangesAsync(ct);
            return TypedResults.Problem(detail: why, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        var principal = await signIn.CreateUserPrincipalAsync(check.User);
        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var now = clock.GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration };
        var token = options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));

        audit.Record(AuditActions.TokenIssued, "Session", check.User.Id.ToString(), detail: $"username={check.User.UserName}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (long)options.BearerTokenExpiration.TotalSeconds));
    }

    private static string Clip(string s) => s.Length <= 100 ? s : s[..100];
}

public sealed record ClientTokenRequest
{
    [System.Text.Json.Serialization.JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }
}

public sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] long ExpiresIn);

/// <summary>One password check for the sign-in page and the token endpoint, with lockout.</summary>
public static class PasswordCheck
{
    public sealed record Result(UserAccount? User, string Why);

    public static async Task<Result> CheckAsync(SignInManager<UserAccount> signIn, string username, string password)
    {
        var user = await signIn.UserManager.FindByNameAsync(username);
        if (user is null)
        {
            return new Result(null, "The username or password is wrong.");
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return new Result(user, "");
        }

        return new Result(null, result.IsLockedOut && user.DisabledAt is not null
            ? "This account is disabled; ask an administrator."
            : result.IsLockedOut
            ? "This account is locked after repeated failed sign-ins; try again in 15 minutes or ask an administrator."
            : result.IsNotAllowed
                ? "This account may not sign in."
                : "The username or password is wrong.");
    }
}
