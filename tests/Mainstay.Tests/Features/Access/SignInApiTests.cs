using System.Net;
using Mainstay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Access;

/// <summary>Tokens, lockout, health and the OpenAPI document, on both databases.</summary>
public abstract class SignInApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    [Fact]
    public async Task A_token_is_issued_for_good_credentials_in_the_documented_shape()
    {
        using var client = Server.Anonymous();
        var token = await client.PostJson("/api/v1/auth/token", new { username = "nurse", password = "nurse-demo-2026" }).Expect(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("access_token").GetString()));
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.True(token.GetProperty("expires_in").GetInt64() > 0);
    }

    [Theory]
    [InlineData("nurse", "wrong-password-1")]
    [InlineData("nobody-here", "whatever-password")]
    public async Task Bad_credentials_get_401_problem(string username, string password)
    {
        using var client = Server.Anonymous();
        await client.PostJson("/api/v1/auth/token", new { username, password }).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_request_without_fields_names_them()
    {
        using var client = Server.Anonymous();
        var problem = await client.PostJson("/api/v1/auth/token", new { }).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
        await client.PostRaw("/api/v1/auth/token", "{").ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var username = "locktest" + Guid.NewGuid().ToString("N")[..6];
        await Server.AddUserAsync(username, "nurse", "correct-horse-battery");
        using var client = Server.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await client.PostJson("/api/v1/auth/token", new { username, password = "not-the-password" }).ExpectProblem(HttpStatusCode.Unauthorized);
        }

        var problem = await client.PostJson("/api/v1/auth/token", new { username, password = "correct-horse-battery" }).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("locked", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Passwords_shorter_than_twelve_characters_are_refused()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Mainstay.Features.Access.UserAccounts>()
            .CreateAsync(new("shortpw" + Guid.NewGuid().ToString("N")[..4], "nurse", "short", null, null), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Refusal!.Errors!.ToDictionary().ContainsKey("password"));
    }

    [Fact]
    public async Task Health_answers_200_and_the_openapi_document_lists_the_api()
    {
        using var client = Server.Anonymous();
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var openApi = await client.GetAsync("/openapi/v1.json").Expect(HttpStatusCode.OK);
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/patients", "/api/v1/patients/{id}", "/api/v1/auth/token", "/api/v1/sites" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI should describe {path}");
        }
    }

    [Fact]
    public async Task Sites_are_listed_for_any_signed_in_user_and_not_for_anonymous()
    {
        using var nurse = await Server.As("nurse");
        var sites = await nurse.GetAsync("/api/v1/sites").Expect(HttpStatusCode.OK);
        Assert.Equal(2, sites.GetArrayLength());
        Assert.All(sites.EnumerateArray(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("name").GetString())));
        using var anonymous = Server.Anonymous();
        await anonymous.GetAsync("/api/v1/sites").ExpectProblem(HttpStatusCode.Unauthorized);
    }
}

public sealed class SignInApiOnSqlite(SqliteClinic fixture) : SignInApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class SignInApiOnPostgres(PostgresClinic fixture) : SignInApiTests(fixture), IClassFixture<PostgresClinic>;
