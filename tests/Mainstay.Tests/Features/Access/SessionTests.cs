using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Access;

/// <summary>
/// Sessions as NIST SP 800-63B AAL2 reauthentication has them (30 idle minutes, 12 hours in all), sign-out everywhere,
/// an administrator ending someone's sessions, and optional two-step sign-in (TOTP) on the page and the token endpoint.
/// Each test signs in as an account of its own: ending sessions must not touch the shared demo accounts.
/// </summary>
public abstract partial class SessionTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private const string Password = "a-long-test-password-1";

    private async Task<string> NewNurseAsync()
    {
        var username = "n" + Guid.NewGuid().ToString("N")[..10];
        await Server.AddUserAsync(username, "nurse", Password, [1]);
        return username;
    }

    private static async Task<HttpClient> TokenClientAsync(ClinicServer server, string username, string? code = null)
    {
        using var anonymous = server.Anonymous();
        var token = await anonymous.PostJson("/api/v1/auth/token", new { username, password = Password, code }).Expect(HttpStatusCode.OK);
        var client = server.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_token_and_cookie_of_the_account_at_once_and_only_of_that_account()
    {
        var username = await NewNurseAsync();
        var other = await NewNurseAsync();
        using var first = await TokenClientAsync(Server, username);
        using var second = await TokenClientAsync(Server, username);
        using var bystander = await TokenClientAsync(Server, other);
        using var browser = new CookieSession(Server.BaseAddress);
        await browser.SignInAsync(username, Password);
        var list = await browser.Client.GetAsync("/patients");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("no-store", list.Headers.CacheControl?.ToString());

        await first.PostAsync("/api/v1/auth/sign-out-everywhere", null).ExpectStatus(HttpStatusCode.NoContent);

        var ended = await second.GetAsync("/api/v1/sites").ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("sign in again", ended.GetProperty("detail").GetString());
        await first.GetAsync("/api/v1/sites").ExpectProblem(HttpStatusCode.Unauthorized);
        var page = await browser.Client.GetAsync("/patients");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/signin", page.Headers.Location!.OriginalString);
        await bystander.GetAsync("/api/v1/sites").ExpectStatus(HttpStatusCode.OK);

        using var again = await TokenClientAsync(Server, username);
        await again.GetAsync("/api/v1/sites").ExpectStatus(HttpStatusCode.OK);
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == "sessions-ended" && a.Detail!.Contains(username)));
    }

    [Fact]
    public async Task A_site_taken_away_holds_from_the_next_request_though_a_request_read_the_account_before_the_change_committed()
    {
        // Requests keep what they read of their account for a moment (SignedInAccounts); a change must still hold at once.
        var username = await NewNurseAsync();
        using var nurse = await TokenClientAsync(Server, username);
        Assert.Contains(SiteIds(await nurse.GetAsync("/api/v1/sites").Expect(HttpStatusCode.OK)), id => id == 1);

        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var account = await db.Users.SingleAsync(u => u.UserName == username);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.SiteGrants.RemoveRange(await db.SiteGrants.Where(g => g.UserId == account.Id).ToListAsync());
            await db.SaveChangesAsync();

            // Read while the change is saved but not committed: the nurse still sees the site, as the database does.
            Assert.Contains(SiteIds(await nurse.GetAsync("/api/v1/sites").Expect(HttpStatusCode.OK)), id => id == 1);
            await tx.CommitAsync();
        }

        Assert.Empty(SiteIds(await nurse.GetAsync("/api/v1/sites").Expect(HttpStatusCode.OK)));

        // And given back by a save outside any transaction of the caller's: at once too.
        db.SiteGrants.Add(new Mainstay.Features.Access.SiteGrant { UserId = account.Id, SiteId = 1 });
        await db.SaveChangesAsync();
        Assert.Contains(SiteIds(await nurse.GetAsync("/api/v1/sites").Expect(HttpStatusCode.OK)), id => id == 1);
    }

    private static List<int> SiteIds(System.Text.Json.JsonElement sites) =>
        [.. sites.EnumerateArray().Select(s => s.GetProperty("id").GetInt32())];

    [Fact]
    public async Task An_administrator_ends_the_sessions_of_an_account_and_no_one_else_may()
    {
        var username = await NewNurseAsync();
        using var nurse = await TokenClientAsync(Server, username);
        using var colleague = await Server.As("nurse");
        await colleague.PostAsync($"/api/v1/users/{username}/end-sessions", null).ExpectProblem(HttpStatusCode.Forbidden);
        await nurse.GetAsync("/api/v1/sites").ExpectStatus(HttpStatusCode.OK);

        using var admin = await Server.As("admin");
        await admin.PostAsync("/api/v1/users/nobody-by-this-name/end-sessions", null).ExpectProblem(HttpStatusCode.NotFound);
        await admin.PostAsync($"/api/v1/users/{username}/end-sessions", null).ExpectStatus(HttpStatusCode.NoContent);
        await nurse.GetAsync("/api/v1/sites").ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_page_session_ends_after_30_idle_minutes_and_after_12_hours_however_active()
    {
        var clock = new SettableClock();
        await using var server = await ClinicServer.StartAsync(TestStorage.Create(fixture.Database), demo: true, clock: clock);
        using (var idle = new CookieSession(server.BaseAddress))
        {
            await idle.SignInAsync("nurse", "nurse-demo-2026");
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await idle.Client.GetAsync("/patients")).StatusCode);
            clock.Advance(TimeSpan.FromMinutes(31));
            Assert.Equal(HttpStatusCode.Redirect, (await idle.Client.GetAsync("/patients")).StatusCode);
        }

        using var busy = new CookieSession(server.BaseAddress);
        await busy.SignInAsync("nurse", "nurse-demo-2026");
        // A request every 20 minutes keeps the session alive (and Identity refreshes the principal every 30) ...
        for (var minutes = 20; minutes < 12 * 60; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            var during = await busy.Client.GetAsync("/patients");
            Assert.True(during.StatusCode == HttpStatusCode.OK, $"signed out after {minutes} busy minutes: {(int)during.StatusCode}");
        }

        // ... until 12 hours after the sign-in.
        clock.Advance(TimeSpan.FromMinutes(21));
        var after = await busy.Client.GetAsync("/patients");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/signin", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_bearer_token_serves_its_hour_and_no_longer_and_one_altered_by_a_character_is_refused()
    {
        // The server keeps what a token decrypts to (BearerTickets); expiry and integrity must hold as before.
        var clock = new SettableClock();
        await using var server = await ClinicServer.StartAsync(TestStorage.Create(fixture.Database), demo: true, clock: clock);
        using var nurse = await server.As("nurse");
        await nurse.GetAsync("/api/v1/sites").ExpectStatus(HttpStatusCode.OK);

        var token = nurse.DefaultRequestHeaders.Authorization!.Parameter!;
        var middle = token.Length / 2;
        using var altered = server.Anonymous();
        altered.DefaultRequestHeaders.Authorization = new("Bearer", token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..]);
        await altered.GetAsync("/api/v1/sites").ExpectStatus(HttpStatusCode.Unauthorized);

        clock.Advance(TimeSpan.FromMinutes(59));
        await nurse.GetAsync("/api/v1/sites").ExpectStatus(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(2));
        await nurse.GetAsync("/api/v1/sites").ExpectStatus(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Two_step_sign_in_is_set_up_on_the_account_page_and_then_asked_for_on_the_page_and_the_token_endpoint()
    {
        var username = await NewNurseAsync();
        using var browser = new CookieSession(Server.BaseAddress);
        await browser.SignInAsync(username, Password);
        var setup = await browser.PostFormAsync("/account?handler=Begin", "/account", []);
        var key = KeyPattern().Match(await setup.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(key), "the account page showed no key");
        var qr = await browser.Client.GetAsync("/account?handler=Qr");
        Assert.Equal("image/png", qr.Content.Headers.ContentType?.MediaType);

        var wrong = await browser.PostFormAsync("/account?handler=Confirm", "/account", new() { ["code"] = WrongCode(key) });
        Assert.Contains("not right", await wrong.Content.ReadAsStringAsync());
        var on = await browser.PostFormAsync("/account?handler=Confirm", "/account", new() { ["code"] = Totp(key, DateTimeOffset.UtcNow) });
        var recovery = RecoveryPattern().Matches(await on.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Client.GetAsync("/account?handler=Qr")).StatusCode);

        // The token endpoint: the password alone is no longer enough.
        using var anonymous = Server.Anonymous();
        var needsCode = await anonymous.PostJson("/api/v1/auth/token", new { username, password = Password }).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("two-step", needsCode.GetProperty("detail").GetString());
        await anonymous.PostJson("/api/v1/auth/token", new { username, password = Password, code = WrongCode(key) }).ExpectProblem(HttpStatusCode.Unauthorized);
        using (await TokenClientAsync(Server, username, Totp(key, DateTimeOffset.UtcNow)))
        {
        }

        using (await TokenClientAsync(Server, username, recovery[0]))
        {
        }

        await anonymous.PostJson("/api/v1/auth/token", new { username, password = Password, code = recovery[0] }).ExpectProblem(HttpStatusCode.Unauthorized);

        // The page: a second step after the password.
        using var later = new CookieSession(Server.BaseAddress);
        var step = await later.PostFormAsync("/signin", "/signin", new() { ["username"] = username, ["password"] = Password });
        var html = await step.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        var pending = PendingPattern().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(pending), "no code step after the password");
        var refused = await later.PostFormAsync("/signin?handler=Code", "/signin", new() { ["pending"] = WebUtility.HtmlDecode(pending), ["code"] = WrongCode(key), ["username"] = username });
        Assert.Contains("not right", await refused.Content.ReadAsStringAsync());
        var signedIn = await later.PostFormAsync("/signin?handler=Code", "/signin", new() { ["pending"] = WebUtility.HtmlDecode(pending), ["code"] = Totp(key, DateTimeOffset.UtcNow), ["username"] = username });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await later.Client.GetAsync("/patients")).StatusCode);

        // A forged or stale step token gets nowhere.
        using var forger = new CookieSession(Server.BaseAddress);
        var forged = await forger.PostFormAsync("/signin?handler=Code", "/signin", new() { ["pending"] = "not-a-token", ["code"] = Totp(key, DateTimeOffset.UtcNow), ["username"] = username });
        Assert.Contains("enter your password again", await forged.Content.ReadAsStringAsync());
    }

    /// <summary>RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) from the key as the account page shows it.</summary>
    internal static string Totp(string readableKey, DateTimeOffset at)
    {
        var key = Base32(readableKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; this is the test's own reference implementation
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>A code that is none of the codes the server accepts now (it allows a step or two either side).</summary>
    private static string WrongCode(string key)
    {
        var valid = Enumerable.Range(-3, 7).Select(step => Totp(key, DateTimeOffset.UtcNow.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6", CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"id=""two-step-key"">([a-z2-7 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>")]
    private static partial Regex RecoveryPattern();

    [GeneratedRegex(@"name=""pending"" value=""([^""]+)""")]
    private static partial Regex PendingPattern();
}

/// <summary>A browser's view of the site: a cookie jar, no automatic redirects, and forms posted with their antiforgery token.</summary>
public sealed partial class CookieSession(Uri baseAddress) : IDisposable
{
    public HttpClient Client { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    public async Task SignInAsync(string username, string password)
    {
        var response = await PostFormAsync("/signin", "/signin", new() { ["username"] = username, ["password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {username} failed: {(int)response.StatusCode}");
    }

    /// <summary>Posts a form to <paramref name="action"/> with the antiforgery token read from the page at <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string action, string formPage, Dictionary<string, string> fields)
    {
        var page = await Client.GetStringAsync(formPage);
        fields["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value;
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex TokenPattern();
}

public sealed class SessionTestsOnSqlite(SqliteClinic fixture) : SessionTests(fixture), IClassFixture<SqliteClinic>;

public sealed class SessionTestsOnPostgres(PostgresClinic fixture) : SessionTests(fixture), IClassFixture<PostgresClinic>;
