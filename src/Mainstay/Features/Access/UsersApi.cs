using Mainstay.Web;

namespace Mainstay.Features.Access;

/// <summary>/api/v1/users: administrators manage staff sign-in accounts (create, change, disable, enable, unlock, new password).</summary>
public static class UsersApi
{
    public static void MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/users").WithTags("Accounts").RequireAuthorization(Policies.Administer);
        app.MapGet("/api/v1/users", List).WithTags("Accounts").WithName("ListAccounts").RequireAuthorization(Policies.Administer)
            .WithSummary("Every sign-in account: role, sites, disabled or locked, two-step sign-in on or off (never passwords or keys).");
        app.MapPost("/api/v1/users", Create).WithTags("Accounts").WithName("CreateAccount").RequireAuthorization(Policies.Administer).Accepts<NewUserAccount>("application/json")
            .WithSummary("A staff account: {username, role, password, siteIds (omit for all sites), displayName}. 201; 400 naming the field (taken username, unknown role or site, a password under 12 characters).");
        api.MapGet("/{username}", One).WithName("ReadAccount").WithSummary("One account; 404 for an unknown username.");
        api.MapMethods("/{username}", ["PATCH"], Change).WithName("ChangeAccount").Accepts<AccountChange>("application/json")
            .WithSummary("Change {role, siteIds, allSites, displayName}; a new role or sites end the account's sessions at once. 409 when it would leave no enabled administrator.");
        api.MapPost("/{username}/disable", Disable).WithName("DisableAccount").Accepts<DisableAccount>("application/json")
            .WithSummary("Stop the account signing in, with a reason; its sessions and tokens end at once. 409 for your own account, the last administrator, or one already disabled.");
        api.MapPost("/{username}/enable", Enable).WithName("EnableAccount").WithSummary("Let a disabled account sign in again; 409 when it is not disabled.");
        api.MapPost("/{username}/unlock", Unlock).WithName("UnlockAccount").WithSummary("Lift a lockout after repeated failed sign-ins; 409 when it is not locked out.");
        api.MapPost("/{username}/password", Password).WithName("ResetAccountPassword").Accepts<ResetPassword>("application/json")
            .WithSummary("Set a new password (at least 12 characters) for a person who forgot theirs; their sessions end.");
    }

    internal static async Task<IResult> List(UserAccounts accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListAsync(ct));

    internal static async Task<IResult> One(string username, UserAccounts accounts, CancellationToken ct) => (await accounts.ViewAsync(username, ct)).ToResult();

    internal static async Task<IResult> Create(HttpRequest request, UserAccounts accounts, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<NewUserAccount>(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (string.Equals(body.Value!.Role?.Trim(), Roles.Patient, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest("A patient's portal account is made from the chart's portal invitation, which ties it to that chart.", "role");
        }

        var created = await accounts.CreateAsync(body.Value with { Password = body.Value.Password ?? "", Role = body.Value.Role ?? "", Username = body.Value.Username ?? "" }, ct);
        if (!created.Succeeded)
        {
            return created.ToProblem();
        }

        var view = await accounts.ViewAsync(created.Value!.UserName!, ct);
        return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(view.Value!.Username)}", view.Value);
    }

    internal static Task<IResult> Change(string username, HttpRequest request, UserAccounts accounts, CancellationToken ct) =>
        Counseling.CounselingApi.Ok<AccountChange, AccountView>(request, c => accounts.ChangeAsync(username, c, ct), ct);

    internal static Task<IResult> Disable(string username, HttpRequest request, UserAccounts accounts, CancellationToken ct) =>
        Counseling.CounselingApi.Ok<DisableAccount, AccountView>(request, d => accounts.DisableAsync(username, d, ct), ct);

    internal static async Task<IResult> Enable(string username, UserAccounts accounts, CancellationToken ct) => (await accounts.EnableAsync(username, ct)).ToResult();

    internal static async Task<IResult> Unlock(string username, UserAccounts accounts, CancellationToken ct) => (await accounts.UnlockAsync(username, ct)).ToResult();

    internal static Task<IResult> Password(string username, HttpRequest request, UserAccounts accounts, CancellationToken ct) =>
        Counseling.CounselingApi.Ok<ResetPassword, AccountView>(request, p => accounts.ResetPasswordAsync(username, p, ct), ct);
}
