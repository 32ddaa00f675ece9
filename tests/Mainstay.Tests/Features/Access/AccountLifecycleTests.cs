using System.Net;
using System.Net.Http.Headers;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Access;

/// <summary>
/// Accounts through their life, by an administrator: a new role or new sites end the sessions that carried the old
/// rights; a disabled account cannot sign in by any path and its tokens die at once; a new password ends the old one;
/// a lockout can be lifted; the last administrator cannot be demoted or disabled; every change is audited.
/// </summary>
public abstract class AccountLifecycleTests(ClinicFixture fixture)
{
    private const string Password = "a-long-test-password-1";

    private ClinicServer Server => fixture.Server;

    [Fact]
    public async Task A_new_role_or_new_sites_end_the_sessions_that_carried_the_old_rights()
    {
        using var admin = await Server.As("admin");
        using var prescriber = await Server.As("prescriber");
        var patient = (await prescriber.PostJson("/api/v1/patients", new { givenName = "Grant", familyName = "Wall" + Guid.NewGuid().ToString("N")[..6], birthDate = "1980-01-01", sexAtBirth = "male", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var username = "acct" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostJson("/api/v1/users", new { username, role = "nurse", password = Password, siteIds = new[] { 1 }, displayName = "Night Nurse" }).Expect(HttpStatusCode.Created);
        Assert.Equal(("nurse", 1), (created.GetProperty("role").GetString(), created.GetProperty("siteIds")[0].GetInt32()));

        using var nurse = await TokenAsync(username, Password);
        await nurse.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);

        // A new name changes no rights: the session goes on.
        await admin.PatchJson($"/api/v1/users/{username}", new { displayName = "Nora Nurse" }).Expect(HttpStatusCode.OK);
        await nurse.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);

        // A new role ends it; the next sign-in carries the new role (an auditor does not open charts).
        var changed = await admin.PatchJson($"/api/v1/users/{username}", new { role = "auditor" }).Expect(HttpStatusCode.OK);
        Assert.Equal("auditor", changed.GetProperty("role").GetString());
        await nurse.GetAsync($"/api/v1/patients/{patient}").ExpectProblem(HttpStatusCode.Unauthorized);
        using (var auditor = await TokenAsync(username, Password))
        {
            await auditor.GetAsync($"/api/v1/patients/{patient}").ExpectProblem(HttpStatusCode.Forbidden);
        }

        // New sites: the site wall moves with them.
        await admin.PatchJson($"/api/v1/users/{username}", new { role = "nurse", siteIds = new[] { 2 } }).Expect(HttpStatusCode.OK);
        using (var elsewhere = await TokenAsync(username, Password))
        {
            await elsewhere.GetAsync($"/api/v1/patients/{patient}").ExpectProblem(HttpStatusCode.NotFound);
        }

        await admin.PatchJson($"/api/v1/users/{username}", new { allSites = true }).Expect(HttpStatusCode.OK);
        using (var everywhere = await TokenAsync(username, Password))
        {
            await everywhere.GetAsync($"/api/v1/patients/{patient}").Expect(HttpStatusCode.OK);
        }

        await admin.PatchJson($"/api/v1/users/{username}", new { role = "wizard" }).ExpectProblem(HttpStatusCode.BadRequest, "role");
        await admin.PatchJson($"/api/v1/users/{username}", new { role = "patient" }).ExpectProblem(HttpStatusCode.BadRequest, "role");
        await admin.PatchJson($"/api/v1/users/{username}", new { siteIds = new[] { 99999 } }).ExpectProblem(HttpStatusCode.BadRequest, "siteIds");
        await admin.PatchJson($"/api/v1/users/{username}", new { siteIds = Array.Empty<int>() }).ExpectProblem(HttpStatusCode.BadRequest, "siteIds");
        await admin.PatchJson($"/api/v1/users/{username}", new { allSites = true, siteIds = new[] { 1 } }).ExpectProblem(HttpStatusCode.BadRequest, "siteIds");
        await admin.PatchJson("/api/v1/users/nobody-here", new { role = "nurse" }).ExpectProblem(HttpStatusCode.NotFound);
        await admin.PostJson("/api/v1/users", new { username, role = "nurse", password = Password }).ExpectProblem(HttpStatusCode.BadRequest, "username");
        await admin.PostJson("/api/v1/users", new { username = username + "p", role = "patient", password = Password }).ExpectProblem(HttpStatusCode.BadRequest, "role");
        await admin.PostJson("/api/v1/users", new { username = username + "s", role = "nurse", password = "short" }).ExpectProblem(HttpStatusCode.BadRequest, "password");

        // The last enabled administrator keeps the role.
        await admin.PatchJson("/api/v1/users/admin", new { role = "nurse" }).ExpectProblem(HttpStatusCode.Conflict);

        Assert.Equal(["user-create", "user-change", "user-change", "user-change", "user-change"], await AuditedAsync(username));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_by_any_path_and_its_tokens_end_at_once()
    {
        using var admin = await Server.As("admin");
        var username = "acct" + Guid.NewGuid().ToString("N")[..8];
        await admin.PostJson("/api/v1/users", new { username, role = "counselor", password = Password, siteIds = new[] { 1 } }).Expect(HttpStatusCode.Created);
        using var token = await TokenAsync(username, Password);
        using var page = new CookieSession(Server.BaseAddress);
        await page.SignInAsync(username, Password);
        Assert.Equal(HttpStatusCode.OK, (await page.Client.GetAsync("/patients")).StatusCode);

        await admin.PostJson($"/api/v1/users/{username}/disable", new { reason = "no" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var disabled = await admin.PostJson($"/api/v1/users/{username}/disable", new { reason = "left the program on 2026-11-20" }).Expect(HttpStatusCode.OK);
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        await token.GetAsync("/api/v1/sites/").ExpectProblem(HttpStatusCode.Unauthorized);
        var after = await page.Client.GetAsync("/patients");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/signin", after.Headers.Location?.AbsolutePath);

        using var anonymous = Server.Anonymous();
        var refused = await anonymous.PostJson("/api/v1/auth/token", new { username, password = Password }).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("disabled", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var again = new CookieSession(Server.BaseAddress))
        {
            var signIn = await again.PostFormAsync("/signin", "/signin", new() { ["username"] = username, ["password"] = Password });
            Assert.Contains("This account is disabled", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await admin.PostJson($"/api/v1/users/{username}/disable", new { reason = "left the program" }).ExpectProblem(HttpStatusCode.Conflict);
        await admin.PostJson("/api/v1/users/admin/disable", new { reason = "testing myself" }).ExpectProblem(HttpStatusCode.Conflict);

        // The account page shows it; enabling it lets the person back in.
        using var adminPage = new CookieSession(Server.BaseAddress);
        await adminPage.SignInAsync("admin", "admin-demo-2026");
        var shown = await adminPage.Client.GetStringAsync($"/admin/accounts/{username}");
        Assert.Contains("left the program on 2026-11-20", shown, StringComparison.Ordinal);
        var enabled = await adminPage.PostFormAsync($"/admin/accounts/{username}?handler=Enable", $"/admin/accounts/{username}", []);
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        using (var back = await TokenAsync(username, Password))
        {
            await back.GetAsync("/api/v1/sites/").Expect(HttpStatusCode.OK);
        }

        await admin.PostAsync($"/api/v1/users/{username}/enable", null).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(["user-create", "user-disable", "user-enable"], await AuditedAsync(username));
    }

    [Fact]
    public async Task A_new_password_ends_the_old_one_and_a_lockout_can_be_lifted()
    {
        using var admin = await Server.As("admin");
        var username = "acct" + Guid.NewGuid().ToString("N")[..8];
        await admin.PostJson("/api/v1/users", new { username, role = "intake", password = Password, siteIds = new[] { 1 } }).Expect(HttpStatusCode.Created);
        using var token = await TokenAsync(username, Password);

        await admin.PostJson($"/api/v1/users/{username}/password", new { password = "short" }).ExpectProblem(HttpStatusCode.BadRequest, "password");
        const string fresh = "another-long-password-2";
        await admin.PostJson($"/api/v1/users/{username}/password", new { password = fresh }).Expect(HttpStatusCode.OK);
        await token.GetAsync("/api/v1/sites/").ExpectProblem(HttpStatusCode.Unauthorized);
        using var anonymous = Server.Anonymous();
        await anonymous.PostJson("/api/v1/auth/token", new { username, password = Password }).ExpectProblem(HttpStatusCode.Unauthorized);
        using (var signedIn = await TokenAsync(username, fresh))
        {
            await signedIn.GetAsync("/api/v1/sites/").Expect(HttpStatusCode.OK);
        }

        await admin.PostAsync($"/api/v1/users/{username}/unlock", null).ExpectProblem(HttpStatusCode.Conflict);
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostJson("/api/v1/auth/token", new { username, password = "wrong-password-" + i }).ExpectProblem(HttpStatusCode.Unauthorized);
        }

        var locked = await admin.GetAsync($"/api/v1/users/{username}").Expect(HttpStatusCode.OK);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, locked.GetProperty("lockedUntil").ValueKind);
        await anonymous.PostJson("/api/v1/auth/token", new { username, password = fresh }).ExpectProblem(HttpStatusCode.Unauthorized);
        await admin.PostAsync($"/api/v1/users/{username}/unlock", null).Expect(HttpStatusCode.OK);
        using (var unlocked = await TokenAsync(username, fresh))
        {
            await unlocked.GetAsync("/api/v1/sites/").Expect(HttpStatusCode.OK);
        }

        var list = await admin.GetAsync("/api/v1/users").Expect(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("username").GetString() == username && !a.GetProperty("disabled").GetBoolean());
        Assert.DoesNotContain("PasswordHash", list.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["user-create", "password-reset", "user-unlock"], await AuditedAsync(username));
    }

    [Fact]
    public async Task Outside_clients_created_and_revoked_are_audited()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ApiClients>();
        var (client, _) = await clients.AddAsync("County Hospital ED", ["Patient"], "all", "test", CancellationToken.None);
        Assert.True(await clients.RevokeAsync(client.ClientId, CancellationToken.None));
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var actions = await db.AuditEvents.AsNoTracking().Where(a => a.ResourceId == client.ClientId).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync();
        Assert.Equal(["client-create", "client-revoke"], actions);
    }

    private async Task<HttpClient> TokenAsync(string username, string password)
    {
        using var anonymous = Server.Anonymous();
        var token = await anonymous.PostJson("/api/v1/auth/token", new { username, password }).Expect(HttpStatusCode.OK);
        var client = Server.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }

    private async Task<List<string>> AuditedAsync(string username)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var id = (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == username)).Id.ToString();
        return await db.AuditEvents.AsNoTracking().Where(a => a.ResourceType == "UserAccount" && a.ResourceId == id && a.Action != "sessions-ended")
            .OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync();
    }
}

public sealed class AccountLifecycleOnSqlite(SqliteClinic fixture) : AccountLifecycleTests(fixture), IClassFixture<SqliteClinic>;

public sealed class AccountLifecycleOnPostgres(PostgresClinic fixture) : AccountLifecycleTests(fixture), IClassFixture<PostgresClinic>;
