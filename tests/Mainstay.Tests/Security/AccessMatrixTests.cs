using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Mainstay.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Mainstay.Tests.Security;

/// <summary>
/// Issue 10: every API endpoint (/api, /fhir) and every page × every principal (anonymous and the eight roles)
/// → allowed or denied, as <see cref="AccessMatrix.Expected"/> says. A new endpoint without a line in the
/// matrix fails the test, and so does a line for an endpoint that is gone.
/// </summary>
public abstract partial class AccessMatrixTests(ClinicFixture fixture, ITestOutputHelper output)
{
    private ClinicServer Server => fixture.Server;

    private static readonly Who[] Principals =
        [Who.Anonymous, Who.Admin, Who.Prescriber, Who.Nurse, Who.Counselor, Who.Intake, Who.Director, Who.Auditor, Who.Patient];

    /// <summary>"METHOD /route/pattern" for every API, FHIR and page endpoint the server maps.</summary>
    private IReadOnlyList<(string Key, string Method, string Pattern, bool Page)> DiscoverEndpoints()
    {
        var found = new List<(string, string, string, bool)>();
        foreach (var endpoint in Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null;
            var api = pattern == "/api" || pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern == "/fhir" || pattern.StartsWith("/fhir/", StringComparison.Ordinal);
            if (!page && !api)
            {
                continue; // /health, /openapi, stylesheets and scripts: not part of the matrix
            }

            var methods = page ? ["GET"] : endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                found.Add(($"{method} {pattern}", method, pattern, page));
            }
        }

        return found.DistinctBy(f => f.Item1).OrderBy(f => f.Item1, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Every_endpoint_has_a_line_in_the_matrix_and_every_line_an_endpoint()
    {
        var discovered = DiscoverEndpoints().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var missing = discovered.Where(k => !AccessMatrix.Expected.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removed = AccessMatrix.Expected.Keys.Where(k => !discovered.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && removed.Count == 0,
            (missing.Count > 0 ? "Endpoints without a line in AccessMatrix.Expected (say who may call them):\n  " + string.Join("\n  ", missing) + "\n" : "")
            + (removed.Count > 0 ? "Lines in AccessMatrix.Expected for endpoints that no longer exist:\n  " + string.Join("\n  ", removed) : ""));
        output.WriteLine($"{discovered.Count} endpoints in the matrix ({AccessMatrix.Expected.Count} lines)");
    }

    [Fact]
    public async Task Every_endpoint_allows_and_denies_every_principal_as_the_matrix_says()
    {
        var clock = Stopwatch.StartNew();
        var clients = new Dictionary<Who, HttpClient>();
        try
        {
            foreach (var who in Principals)
            {
                clients[who] = await ClientFor(who);
            }

            var endpoints = DiscoverEndpoints();
            var mismatches = new List<string>();
            var errors = new List<string>();
            var recorded = new List<string>();
            int sent = 0, skipped = 0;
            foreach (var (key, method, pattern, page) in endpoints)
            {
                var hasLine = AccessMatrix.Expected.TryGetValue(key, out var expected);
                var observed = Who.Nobody;
                var statuses = new List<string>();
                foreach (var who in Principals)
                {
                    if (hasLine && expected.HasFlag(who) && AccessMatrix.SideEffects.Contains(key))
                    {
                        // Allowed principals would trigger the side effect; only the denials are checked.
                        observed |= who;
                        skipped++;
                        statuses.Add($"{Name(who)}=skipped");
                        continue;
                    }

                    using var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern));
                    if (method is not ("GET" or "HEAD"))
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    using var response = await clients[who].SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    var location = response.Headers.Location?.ToString() ?? "";
                    statuses.Add($"{Name(who)}={status}" + (status is >= 300 and < 400 ? "→" + location : ""));
                    if (status >= 500)
                    {
                        errors.Add($"{key} as {Name(who)}: {status} {Truncate(await response.Content.ReadAsStringAsync())}");
                        continue;
                    }

                    var denied = who == Who.Anonymous
                        ? status == 401 || (page && status == 302 && location.Contains("/signin", StringComparison.OrdinalIgnoreCase))
                        : status == 403 || (page && status == 302 && location.Contains("/denied", StringComparison.OrdinalIgnoreCase));
                    if (who != Who.Anonymous && status == 401)
                    {
                        errors.Add($"{key} as {Name(who)}: 401 for a signed-in principal");
                    }

                    if (!denied)
                    {
                        observed |= who;
                    }
                }

                recorded.Add($"        [\"{key}\"] = {Describe(observed)},");
                if (hasLine && observed != expected)
                {
                    mismatches.Add($"{key}: expected {Describe(expected)}, observed {Describe(observed)} ({string.Join(", ", statuses)})");
                }
            }

            var checkedCount = endpoints.Count * Principals.Length;
            output.WriteLine($"{endpoints.Count} endpoints × {Principals.Length} principals = {checkedCount} checks: {sent} requests sent, {skipped} allowed calls skipped for side effects, in {clock.Elapsed.TotalSeconds:0.0} s");
            if (mismatches.Count > 0 || errors.Count > 0 || endpoints.Any(e => !AccessMatrix.Expected.ContainsKey(e.Key)))
            {
                output.WriteLine("Observed matrix (review every line before copying it into AccessMatrix.Expected):");
                foreach (var line in recorded)
                {
                    output.WriteLine(line);
                }
            }

            Assert.True(errors.Count == 0, "Server errors or inconsistent answers:\n  " + string.Join("\n  ", errors));
            Assert.True(mismatches.Count == 0, $"{mismatches.Count} endpoints answer differently from the matrix:\n  " + string.Join("\n  ", mismatches));
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_nurse_of_another_site_and_a_patient_cannot_read_a_downtown_chart()
    {
        using var prescriber = await Server.As("prescriber");
        var candidates = new List<System.Text.Json.JsonElement>();
        foreach (var name in new[] { "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "a", "e" })
        {
            candidates.AddRange((await prescriber.GetAsync($"/api/v1/patients?limit=50&q={name}").Expect(HttpStatusCode.OK)).EnumerateArray());
        }

        var downtown = candidates.First(p => p.GetProperty("siteName").GetString()!.Contains("Downtown", StringComparison.Ordinal));
        var id = downtown.GetProperty("id").GetGuid();
        var mrn = downtown.GetProperty("mrn").GetString()!;
        string[] routes =
        [
            $"/api/v1/patients/{id}", $"/api/v1/patients/{id}/history", $"/api/v1/patients/{id}/alerts", $"/api/v1/patients/{id}/plans",
            $"/api/v1/patients/{id}/consents", $"/api/v1/patients/{id}/assessments", $"/api/v1/patients/{id}/check-ins",
            $"/api/v1/patients/{id}/contingency", $"/api/v1/patients/{id}/sessions", $"/api/v1/patients/{id}/notes",
            $"/api/v1/patients/{id}/take-home-decisions", $"/api/v1/patients/{id}/portal", $"/fhir/Patient/{id}",
            $"/patients/{id}", $"/patients/{id}/consents", $"/patients/{id}/recovery", $"/patients/{id}/screens",
            $"/patients/{id}/naloxone", $"/patients/{id}/take-homes", $"/patients/{id}/outside-records",
        ];
        var east = await ClientFor("nurse.east");
        var patient = await ClientFor("patient");
        using var nurse = await ClientFor("nurse");
        try
        {
            var checkedRoutes = 0;
            foreach (var route in routes)
            {
                using var control = await nurse.GetAsync(route);
                foreach (var (name, client) in new[] { ("nurse.east", east), ("patient", patient) })
                {
                    using var response = await client.GetAsync(route);
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
                            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/denied", StringComparison.Ordinal) == true),
                        $"{name} GET {route}: {(int)response.StatusCode} (the site's own nurse gets {(int)control.StatusCode})");
                    Assert.DoesNotContain(mrn, body);
                    checkedRoutes++;
                }
            }

            // The nurse of the chart's own site reads it: the refusals above are about the site, not the route.
            await nurse.GetAsync($"/api/v1/patients/{id}").Expect(HttpStatusCode.OK);
            output.WriteLine($"{checkedRoutes} cross-site and cross-patient reads refused");
        }
        finally
        {
            east.Dispose();
            patient.Dispose();
        }
    }

    /// <summary>A client that does not follow redirects, signed in with a bearer token (or anonymous).</summary>
    private async Task<HttpClient> ClientFor(Who who) =>
        who == Who.Anonymous
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress }
            : await ClientFor(Name(who));

    private async Task<HttpClient> ClientFor(string username)
    {
        using var signedIn = await Server.As(username);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>The route with every parameter replaced by a value that names nothing that exists.</summary>
    private static string Fill(string pattern) =>
        RouteParameter().Replace(pattern, m =>
        {
            var (name, constraint) = (m.Groups["name"].Value, m.Groups["constraint"].Value);
            return constraint.Contains("int", StringComparison.Ordinal) || constraint.Contains("long", StringComparison.Ordinal) ? "999999"
                : constraint.Contains("guid", StringComparison.Ordinal) || name == "id" || name.EndsWith("Id", StringComparison.Ordinal) ? "0b5e55ed-0000-4000-8000-00000000dead"
                : name == "type" ? "Patient" // FHIR resource type: a real one, so the handler's own checks run
                : "none-such";
        });

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z]+)(?<constraint>(:[^}]*)?)\??\}")]
    private static partial Regex RouteParameter();

    private static string Name(Who who) => who.ToString().ToLowerInvariant();

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>The named group if one fits exactly, else the largest named group plus single principals.</summary>
    private static string Describe(Who who)
    {
        var named = Enum.GetValues<Who>().Where(w => !Principals.Contains(w)).ToList();
        if (named.Contains(who))
        {
            return $"{nameof(Who)}.{who}";
        }

        var group = named.Where(n => n != Who.Nobody && (n & who) == n).OrderByDescending(n => System.Numerics.BitOperations.PopCount((uint)n)).FirstOrDefault();
        var parts = new List<string>();
        if (group != Who.Nobody)
        {
            parts.Add($"{nameof(Who)}.{group}");
        }

        parts.AddRange(Principals.Where(p => who.HasFlag(p) && !group.HasFlag(p)).Select(p => $"{nameof(Who)}.{p}"));
        return string.Join(" | ", parts);
    }
}

public sealed class AccessMatrixOnSqlite(SqliteClinic fixture, ITestOutputHelper output) : AccessMatrixTests(fixture, output), IClassFixture<SqliteClinic>;

public sealed class AccessMatrixOnPostgres(PostgresClinic fixture, ITestOutputHelper output) : AccessMatrixTests(fixture, output), IClassFixture<PostgresClinic>;
