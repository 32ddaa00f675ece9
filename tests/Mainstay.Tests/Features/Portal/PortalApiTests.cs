using System.Net;
using System.Net.Http.Json;
using Mainstay.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Portal;

/// <summary>The patient portal over HTTP on SQLite and PostgreSQL: invitation, redemption, the patient's own record only.</summary>
public abstract class PortalApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static string Token(string link) => link[(link.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task A_patient_joins_with_a_one_time_invitation_and_sees_and_writes_only_their_own_record()
    {
        using var intake = await Server.As("intake");
        var family = "Portal" + Guid.NewGuid().ToString("N")[..6];
        var patient = (await intake.PostJson("/api/v1/patients", new { givenName = "Ines", familyName = family, birthDate = "1988-05-30", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var other = (await intake.PostJson("/api/v1/patients", new { givenName = "Other", familyName = family, birthDate = "1970-01-01", sexAtBirth = "male", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var director = await Server.As("director");
        await director.PostAsync($"/api/v1/patients/{patient}/portal-invitations", null).ExpectStatus(HttpStatusCode.Forbidden);
        var first = await intake.PostAsync($"/api/v1/patients/{patient}/portal-invitations", null).Expect(HttpStatusCode.Created);
        var second = await intake.PostAsync($"/api/v1/patients/{patient}/portal-invitations", null).Expect(HttpStatusCode.Created);
        Assert.StartsWith("/portal/join/", second.GetProperty("link").GetString());

        using var anonymous = Server.Anonymous();
        var join = $"/api/v1/portal/join/{Token(second.GetProperty("link").GetString()!)}";
        var username = "ines." + Guid.NewGuid().ToString("N")[..6];
        var password = "a-long-enough-passphrase";
        // The first link was replaced by the second.
        await anonymous.PostJson($"/api/v1/portal/join/{Token(first.GetProperty("link").GetString()!)}", new { birthDate = "1988-05-30", username, password })
            .ExpectProblem(HttpStatusCode.NotFound);
        await anonymous.PostJson(join, new { birthDate = "1988-05-31", username, password }).ExpectProblem(HttpStatusCode.BadRequest, "birthDate");
        await anonymous.PostJson(join, new { birthDate = "1988-05-30", username, password = "short" }).ExpectProblem(HttpStatusCode.BadRequest, "password");
        await anonymous.PostJson(join, new { birthDate = "1988-05-30", username, password }).Expect(HttpStatusCode.Created);
        await anonymous.PostJson(join, new { birthDate = "1988-05-30", username = username + "x", password }).ExpectProblem(HttpStatusCode.NotFound);
        await intake.PostAsync($"/api/v1/patients/{patient}/portal-invitations", null).ExpectProblem(HttpStatusCode.Conflict);
        var status = await intake.GetAsync($"/api/v1/patients/{patient}/portal").Expect(HttpStatusCode.OK);
        Assert.True(status.GetProperty("hasAccount").GetBoolean());

        using var me = await Server.As(username, password);
        var summary = await me.GetAsync("/api/v1/me").Expect(HttpStatusCode.OK);
        // Nothing of a new patient's record has left the program: the list of disclosures is there, and empty.
        Assert.Empty((await me.GetAsync("/api/v1/me/disclosures").Expect(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("Ines", summary.GetProperty("givenName").GetString());
        Assert.False(summary.GetProperty("checkedInToday").GetBoolean());
        await me.PostJson("/api/v1/me/check-ins", new { craving = 12, mood = 3, sleep = 3, stress = 3, usedSinceLast = false }).ExpectProblem(HttpStatusCode.BadRequest, "craving");
        var checkIn = await me.PostJson("/api/v1/me/check-ins", new { craving = 3, mood = 4, sleep = 3, stress = 2, usedSinceLast = false, triggers = new[] { "boredom" } })
            .Expect(HttpStatusCode.Created);
        Assert.Equal("portal", checkIn.GetProperty("source").GetString());
        Assert.True((await me.GetAsync("/api/v1/me").Expect(HttpStatusCode.OK)).GetProperty("checkedInToday").GetBoolean());

        // Nothing else: not their chart by id, not another patient's, not staff lists, not another's check-ins.
        await me.GetAsync($"/api/v1/patients/{patient}").ExpectStatus(HttpStatusCode.Forbidden);
        await me.GetAsync($"/api/v1/patients/{other}/check-ins").ExpectStatus(HttpStatusCode.Forbidden);
        await me.PostJson($"/api/v1/patients/{other}/check-ins", new { craving = 3, mood = 4, sleep = 3, stress = 2, usedSinceLast = false }).ExpectStatus(HttpStatusCode.Forbidden);
        await me.GetAsync("/api/v1/worklist").ExpectStatus(HttpStatusCode.Forbidden);
        await me.GetAsync("/api/v1/patients?q=" + family).ExpectStatus(HttpStatusCode.Forbidden);
        using var counselor = await Server.As("counselor");
        await counselor.GetAsync("/api/v1/me").ExpectStatus(HttpStatusCode.Forbidden);
        await counselor.GetAsync("/api/v1/me/disclosures").ExpectStatus(HttpStatusCode.Forbidden);
        var series = await counselor.GetAsync($"/api/v1/patients/{patient}/check-ins").Expect(HttpStatusCode.OK);
        Assert.Equal("portal", series.GetProperty("checkIns")[0].GetProperty("source").GetString());

        // Every portal view is in the audit trail under the patient.
        using var auditor = await Server.As("auditor");
        var trail = await auditor.GetAsync($"/api/v1/audit/events?patientId={patient}&resourceType=Portal").Expect(HttpStatusCode.OK);
        Assert.Contains(trail.EnumerateArray(), e => e.GetProperty("username").GetString() == username);
    }

    [Fact]
    public async Task A_patient_reaches_no_other_record_by_any_api_route_or_page()
    {
        using var intake = await Server.As("intake");
        var family = "Wall" + Guid.NewGuid().ToString("N")[..6];
        var own = (await intake.PostJson("/api/v1/patients", new { givenName = "Own", familyName = family, birthDate = "1990-02-02", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var other = (await intake.PostJson("/api/v1/patients", new { givenName = "Other", familyName = family, birthDate = "1991-03-03", sexAtBirth = "male", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var link = (await intake.PostAsync($"/api/v1/patients/{own}/portal-invitations", null).Expect(HttpStatusCode.Created)).GetProperty("link").GetString()!;
        var username = "wall." + Guid.NewGuid().ToString("N")[..6];
        using (var anonymous = Server.Anonymous())
        {
            await anonymous.PostJson($"/api/v1/portal/join/{Token(link)}", new { birthDate = "1990-02-02", username, password = "a-long-enough-passphrase" }).Expect(HttpStatusCode.Created);
        }

        using var me = await Server.As(username, "a-long-enough-passphrase");
        var routes = Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern.RawText ?? "", Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .Where(r => r.Pattern.Contains('{') && !r.Pattern.TrimStart('/').StartsWith("api/v1/portal/join", StringComparison.Ordinal)
                        && !r.Pattern.TrimStart('/').StartsWith("portal/join", StringComparison.Ordinal) && !r.Pattern.TrimStart('/').StartsWith("learn", StringComparison.Ordinal))
            .ToList();
        var tried = 0;
        foreach (var (pattern, methods) in routes)
        {
            // Every route parameter filled with the other patient's id (or a harmless value for non-id parameters).
            var url = "/" + System.Text.RegularExpressions.Regex.Replace(pattern.TrimStart('/'), @"\{\*?([A-Za-z]+)(:[^}]*)?\??\}", m =>
                m.Groups[2].Value.Contains("guid") || m.Groups[1].Value.EndsWith("Id", StringComparison.Ordinal) || m.Groups[1].Value == "id" ? other.ToString() : "Patient");
            foreach (var method in methods.Where(m => m is "GET" or "POST" or "PUT" or "PATCH"))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET")
                {
                    request.Content = JsonContent.Create(new { });
                }

                using var response = await me.SendAsync(request);
                tried++;
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Redirect
                        or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed or HttpStatusCode.UnsupportedMediaType,
                    $"{method} {url} answered {(int)response.StatusCode} to a patient reaching for another record");
                Assert.DoesNotContain(family, await response.Content.ReadAsStringAsync());
            }
        }

        Assert.True(tried > 100, $"only {tried} routes were tried");
        var mine = await me.GetAsync("/api/v1/me").Expect(HttpStatusCode.OK);
        Assert.Equal("Own", mine.GetProperty("givenName").GetString());
    }

    [Fact]
    public async Task An_invitation_locks_after_five_wrong_birth_dates_and_education_is_open_to_anyone()
    {
        using var nurse = await Server.As("nurse");
        var patient = (await nurse.PostJson("/api/v1/patients", new { givenName = "Lock", familyName = "Out" + Guid.NewGuid().ToString("N")[..6], birthDate = "1979-11-02", sexAtBirth = "male", siteId = 1 })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var link = (await nurse.PostAsync($"/api/v1/patients/{patient}/portal-invitations", null).Expect(HttpStatusCode.Created)).GetProperty("link").GetString()!;
        using var anonymous = Server.Anonymous();
        // Eight wrong guesses at once: the misses are counted one after another, so the lock holds.
        var guesses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            anonymous.PostJson($"/api/v1/portal/join/{Token(link)}", new { birthDate = $"1979-11-{10 + i}", username = "lock" + i, password = "a-long-enough-passphrase" })));
        Assert.Equal(5, guesses.Count(g => g.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(3, guesses.Count(g => g.StatusCode == HttpStatusCode.NotFound));

        await anonymous.PostJson($"/api/v1/portal/join/{Token(link)}", new { birthDate = "1979-11-02", username = "lockout", password = "a-long-enough-passphrase" })
            .ExpectProblem(HttpStatusCode.NotFound);
        await anonymous.PostJson("/api/v1/portal/join/not-a-token", new { birthDate = "1979-11-02", username = "x", password = "a-long-enough-passphrase" })
            .ExpectProblem(HttpStatusCode.NotFound);
        await anonymous.GetAsync("/api/v1/me").ExpectStatus(HttpStatusCode.Unauthorized);

        var page = await anonymous.GetStringAsync("/learn/overdose-and-naloxone");
        Assert.Contains("988", page);
        Assert.Contains("https://www.cdc.gov/", page);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/learn/astrology")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/portal/join/{Token(link)}")).StatusCode);
    }
}

public sealed class PortalApiOnSqlite(SqliteClinic fixture) : PortalApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class PortalApiOnPostgres(PostgresClinic fixture) : PortalApiTests(fixture), IClassFixture<PostgresClinic>;
