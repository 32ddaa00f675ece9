using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Mainstay.Tests.Security;

/// <summary>
/// Hostile input. Every write endpoint of /api/v1 and /fhir in <see cref="AccessMatrix.Expected"/> gets a fixed, seeded
/// set of malformed, oversized, wrongly typed and wrongly encoded bodies (generic ones, and ones shaped after the request
/// schema the OpenAPI document gives); every read endpoint gets hostile query strings; and the free-text fields of
/// otherwise valid requests get NUL, lone surrogates, direction overrides and the like. Nothing may answer with a server
/// error (503, the busy database, excepted) or hang; every 4xx of /api/v1 is ProblemDetails (FHIR may answer
/// OperationOutcome); and when every input sent to an endpoint was refused, no table but the audit trail changed.
/// </summary>
public abstract class HostileInputTests(ClinicFixture fixture, ITestOutputHelper output)
{
    private ClinicServer Server => fixture.Server;

    [Fact]
    public async Task Hostile_bodies_on_every_write_endpoint_are_refused_cleanly_and_refusals_write_nothing()
    {
        var patient = await DemoPatientAsync();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var generic = HostileBodies.Generic(new Random(Fuzz.Seed), patient);
        var fhir = HostileBodies.Fhir();
        var schemas = await RequestSchemasAsync();
        var targets = Fuzz.Targets("POST", "PUT", "PATCH");
        var failures = new List<string>();
        var tally = new Tally();
        int withSchema = 0, countChecks = 0;
        using var callers = new Callers(Server);
        foreach (var target in targets)
        {
            var client = await callers.ForAsync(target.Caller);
            var bodies = new List<HostileBody>(generic);
            if (Fuzz.Surface(target.Pattern) == "fhir")
            {
                bodies.AddRange(fhir);
            }

            if (schemas.TryGetValue(target.Method + " " + RequestSchemas.Normalize(target.Pattern), out var fields))
            {
                withSchema++;
                bodies.AddRange(HostileBodies.ForSchema(fields, patient));
            }

            var before = await TableCounts.SnapshotAsync(Server.Services);
            var (sent, allRefused) = await SweepBodiesAsync(client, target, bodies, patient, failures);
            tally.Add(Fuzz.Surface(target.Pattern) + " json", sent);
            if (allRefused)
            {
                countChecks++;
                var after = await TableCounts.SnapshotAsync(Server.Services);
                failures.AddRange(TableCounts.Differences(before, after).Select(d => $"{target.Key}: every input was refused, yet {d}"));
            }
        }

        tally.WriteTo(output);
        output.WriteLine($"fuzz: OpenAPI request schemas for {withSchema} of {targets.Count} write endpoints; row counts compared for the {countChecks} endpoints that refused every input");
        Fuzz.AssertNone(failures, "hostile bodies were mishandled");

        // Bounded memory: what the server keeps after the sweep (a full collection, the bodies dropped) is not the
        // sweep's size, and the process never came near the machine's memory. Measured in the test process, which
        // hosts the server.
        generic.Clear();
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        var peak = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
        output.WriteLine($"memory: {retained / 1048576.0:0.0} MB more managed heap kept after the sweep; peak working set of the test process {peak / 1048576.0:0} MB");
        Assert.True(retained < 512L * 1024 * 1024, $"the managed heap kept {retained / 1048576} MB more after the sweep than before it");
        Assert.True(peak < 4L * 1024 * 1024 * 1024, $"the test process (and the server in it) peaked at {peak / 1048576} MB");
    }

    [Fact]
    public async Task Hostile_query_strings_on_every_read_endpoint_cause_no_server_error_and_no_new_patient()
    {
        var patient = await DemoPatientAsync();
        var random = new Random(Fuzz.Seed);
        var failures = new List<string>();
        var tally = new Tally();
        var before = await TableCounts.SnapshotAsync(Server.Services);
        using var callers = new Callers(Server);
        foreach (var target in Fuzz.Targets("GET"))
        {
            var client = await callers.ForAsync(target.Caller);
            var queries = HostileQueries.For(random);
            var sent = 0;
            foreach (var (variant, url) in Fuzz.Urls(target.Pattern, patient))
            {
                foreach (var (kind, query) in queries)
                {
                    var answer = await Wire.SendAsync(client, "GET", url + "?" + query, null);
                    sent++;
                    if (Wire.Judge(url, answer, problemRequired: false) is { } problem)
                    {
                        failures.Add($"{target.Key} [{variant}] {kind}: {problem}");
                    }

                    if (answer.TimedOut)
                    {
                        break; // a hang: the other queries of this route would wait as long
                    }
                }
            }

            tally.Add(Fuzz.Surface(target.Pattern) + " query", sent);
        }

        var after = await TableCounts.SnapshotAsync(Server.Services);
        tally.WriteTo(output);
        foreach (var change in TableCounts.Differences(before, after))
        {
            output.WriteLine($"note: during the read sweep {change}");
        }

        if (before.GetValueOrDefault("Patients") != after.GetValueOrDefault("Patients"))
        {
            failures.Add($"the Patients table went from {before.GetValueOrDefault("Patients")} to {after.GetValueOrDefault("Patients")} rows during a sweep of reads");
        }

        Fuzz.AssertNone(failures, "hostile query strings were mishandled");
    }

    [Fact]
    public async Task Hostile_text_in_otherwise_valid_requests_is_stored_or_refused_and_what_is_stored_still_renders()
    {
        using var callers = new Callers(Server);
        var counselor = await callers.ForAsync("counselor");
        var patient = await NewPatientAsync(counselor);
        var failures = new List<string>();
        var readBack = new List<string>(ReadBackPages(patient));
        var sent = 0;
        foreach (var request in ValidRequests(patient))
        {
            foreach (var field in request.Fields)
            {
                foreach (var (kind, literal) in HostileBodies.Strings)
                {
                    var body = new HostileBody($"{field} {kind}", Encoding.UTF8.GetBytes(HostileBodies.WithField(request.Valid, field, literal)), "application/json");
                    var answer = await Wire.SendAsync(counselor, request.Method, request.Url, body);
                    sent++;
                    if (Wire.Judge(request.Url, answer, problemRequired: true) is { } problem)
                    {
                        failures.Add($"{request.Method} {request.Url} {body.Kind}: {problem}");
                    }
                    else if (answer.Status is 200 or 201)
                    {
                        readBack.AddRange(PagesOf(request.Url, answer.Body));
                    }
                }
            }
        }

        var pages = readBack.Distinct(StringComparer.Ordinal).ToList();
        foreach (var page in pages)
        {
            var answer = await Wire.SendAsync(counselor, "GET", page, null);
            if (Wire.Judge(page, answer, problemRequired: false) is { } problem)
            {
                failures.Add($"GET {page} after storing hostile text: {problem}");
            }
        }

        output.WriteLine($"fuzz: {sent} inputs over {ValidRequests(patient).Count} endpoints (api text in valid requests), then {pages.Count} pages and records read back");
        Fuzz.AssertNone(failures, "hostile texts in valid requests were mishandled");
    }

    private static async Task<(int Sent, bool AllRefused)> SweepBodiesAsync(HttpClient client, Target target, List<HostileBody> bodies, Guid patient, List<string> failures)
    {
        var sent = 0;
        var allRefused = true;
        foreach (var (variant, url) in Fuzz.Urls(target.Pattern, patient))
        {
            foreach (var body in bodies)
            {
                var answer = await Wire.SendAsync(client, target.Method, url, body);
                sent++;
                allRefused &= answer.Status is >= 400 and < 500;
                if (Wire.Judge(url, answer, problemRequired: true) is { } problem)
                {
                    failures.Add($"{target.Key} [{variant}] {body.Kind}: {problem}");
                }

                if (answer.TimedOut)
                {
                    return (sent, false); // a hang: the rest of this endpoint's inputs would wait as long
                }
            }
        }

        return (sent, allRefused);
    }

    /// <summary>A demo patient at the downtown site, so that patient-scoped handlers get past the lookup.</summary>
    private async Task<Guid> DemoPatientAsync()
    {
        using var prescriber = await Server.As("prescriber");
        foreach (var name in new[] { "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "a", "e" })
        {
            var found = await prescriber.GetAsync($"/api/v1/patients?limit=50&q={name}").Expect(HttpStatusCode.OK);
            foreach (var p in found.EnumerateArray())
            {
                if (p.GetProperty("siteName").GetString() is { } site && site.Contains("Downtown", StringComparison.Ordinal))
                {
                    return p.GetProperty("id").GetGuid();
                }
            }
        }

        throw new InvalidOperationException("The demo clinic has no patient at the downtown site.");
    }

    /// <summary>The request body fields of each operation, from the server's OpenAPI document (none if it is unavailable).</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<Field>>> RequestSchemasAsync()
    {
        using var anonymous = Server.Anonymous();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        if (!response.IsSuccessStatusCode)
        {
            output.WriteLine($"note: /openapi/v1.json answered {(int)response.StatusCode}; only the generic bodies are sent");
            return new Dictionary<string, IReadOnlyList<Field>>();
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return RequestSchemas.Read(document.RootElement);
    }

    private static async Task<Guid> NewPatientAsync(HttpClient client)
    {
        var patient = await client.PostJson("/api/v1/patients", new { givenName = "Hostile", familyName = "Input", birthDate = "1981-05-05", sexAtBirth = "female", siteId = 1 })
            .Expect(HttpStatusCode.Created);
        return patient.GetProperty("id").GetGuid();
    }

    /// <summary>Valid requests with free-text fields, each field then replaced by every hostile string in turn.</summary>
    private static List<ValidRequest> ValidRequests(Guid patient)
    {
        var yesterday = DateTime.Now.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return
        [
            new("POST", "/api/v1/patients", new Dictionary<string, object?>
            {
                ["givenName"] = "Hostile", ["familyName"] = "Text", ["birthDate"] = "1985-04-12", ["sexAtBirth"] = "female", ["siteId"] = 1,
                ["middleName"] = "M", ["preferredName"] = "H", ["genderIdentity"] = "woman", ["addressLine"] = "1 Water Street",
                ["city"] = "Riverbend", ["preferredLanguage"] = "english",
            }, ["givenName", "middleName", "familyName", "preferredName", "genderIdentity", "addressLine", "city", "preferredLanguage"]),
            new("PATCH", $"/api/v1/patients/{patient}", new Dictionary<string, object?> { ["preferredName"] = "Pat", ["reason"] = "correction" },
                ["preferredName", "reason"]),
            new("POST", $"/api/v1/patients/{patient}/allergies", new Dictionary<string, object?> { ["substance"] = "latex", ["reaction"] = "hives", ["severity"] = "mild" },
                ["substance", "reaction"]),
            new("POST", $"/api/v1/patients/{patient}/alerts", new Dictionary<string, object?> { ["reason"] = "worried", ["ownerRole"] = "counselor", ["severity"] = "warning" },
                ["reason"]),
            new("POST", $"/api/v1/patients/{patient}/consents", new Dictionary<string, object?>
            {
                ["discloser"] = "Riverbend Downtown OTP", ["recipient"] = "Dr. Lee", ["information"] = "dose and attendance", ["purpose"] = "coordination of care",
                ["signedBy"] = "Pat Input", ["signerRelationship"] = "self", ["signedOn"] = yesterday, ["signatureMethod"] = "written",
                ["expiryEvent"] = "end of treatment", ["rightToRevokeExplained"] = true,
            }, ["discloser", "recipient", "information", "purpose", "signedBy", "expiryEvent"]),
            new("POST", $"/api/v1/patients/{patient}/notes", new Dictionary<string, object?>
            {
                ["format"] = "dap", ["serviceDate"] = yesterday, ["data"] = "came in", ["assessment"] = "stable", ["plan"] = "continue",
            }, ["data", "assessment", "plan"]),
            new("POST", $"/api/v1/patients/{patient}/check-ins", new Dictionary<string, object?>
            {
                ["craving"] = 2, ["mood"] = 3, ["sleep"] = 3, ["stress"] = 2, ["usedSinceLast"] = true, ["substances"] = "none", ["note"] = "ok",
            }, ["substances", "note"]),
            new("POST", "/api/v1/inquiries", new Dictionary<string, object?>
            {
                ["siteId"] = 1, ["source"] = "phone", ["givenName"] = "Hostile", ["familyName"] = "Caller", ["consentToContact"] = true,
                ["phone"] = "937 555 0100", ["contactInstructions"] = "evenings", ["referrerName"] = "Dr A", ["referrerContact"] = "the clinic",
                ["substances"] = "fentanyl", ["payerDetail"] = "member 1", ["note"] = "called",
            }, ["givenName", "familyName", "contactInstructions", "referrerName", "referrerContact", "substances", "payerDetail", "note"]),
        ];
    }

    /// <summary>Where the patient's stored text is shown or served.</summary>
    private static IEnumerable<string> ReadBackPages(Guid patient) =>
    [
        $"/patients/{patient}", $"/patients/{patient}/consents", $"/patients/{patient}/recovery", $"/api/v1/patients/{patient}",
        $"/api/v1/patients/{patient}/history", $"/api/v1/patients/{patient}/alerts", $"/api/v1/patients/{patient}/consents",
        $"/api/v1/patients/{patient}/notes", $"/api/v1/patients/{patient}/check-ins", $"/fhir/Patient/{patient}",
        "/patients?q=hostile", "/patients?q=text", "/api/v1/patients?q=hostile&limit=200", "/admissions", "/worklist",
    ];

    /// <summary>The pages and records of what a successful registration or inquiry made.</summary>
    private static IEnumerable<string> PagesOf(string url, string body)
    {
        if (url is not ("/api/v1/patients" or "/api/v1/inquiries"))
        {
            return [];
        }

        using var document = JsonDocument.Parse(body);
        if (url == "/api/v1/patients")
        {
            var patient = document.RootElement.GetProperty("id").GetGuid();
            return [$"/patients/{patient}", $"/api/v1/patients/{patient}", $"/fhir/Patient/{patient}"];
        }

        var inquiry = document.RootElement.GetProperty("summary").GetProperty("id").GetGuid();
        return [$"/admissions/{inquiry}", $"/api/v1/inquiries/{inquiry}"];
    }
}

public sealed class HostileInputOnSqlite(SqliteClinic fixture, ITestOutputHelper output) : HostileInputTests(fixture, output), IClassFixture<SqliteClinic>;

public sealed class HostileInputOnPostgres(PostgresClinic fixture, ITestOutputHelper output) : HostileInputTests(fixture, output), IClassFixture<PostgresClinic>;

/// <summary>
/// Output encoding: a script payload naming its field is stored through the API and the page that shows the field is
/// read (with a bearer token, which the pages accept): the payload must appear HTML-encoded (so the field is shown)
/// and never raw.
/// </summary>
public abstract class OutputEncodingTests(ClinicFixture fixture, ITestOutputHelper output)
{
    private ClinicServer Server => fixture.Server;

    private static string P(string field) => Xss.Payload(field);

    private static string Yesterday => DateTime.Now.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Demographics_allergies_and_history_are_encoded_on_the_chart_and_in_search()
    {
        using var counselor = await Server.As("counselor");
        var patient = await counselor.PostJson("/api/v1/patients", new
        {
            givenName = P("givenName"),
            middleName = P("middleName"),
            familyName = P("familyName"),
            birthDate = "1984-03-07",
            sexAtBirth = "female",
            genderIdentity = Xss.Short("gender"), // at most 60 characters
            siteId = 1,
            phone = Xss.Short("tel") + "5550100", // at most 40 characters with 7 to 15 digits: exactly 40
            addressLine = P("addressLine"),
            city = P("city"),
            preferredLanguage = Xss.Short("lang"), // at most 40 characters
        }).Expect(HttpStatusCode.Created);
        var id = patient.GetProperty("id").GetGuid();
        var mrn = patient.GetProperty("mrn").GetString() ?? "";
        await counselor.PostJson($"/api/v1/patients/{id}/allergies", new { substance = P("substance"), reaction = P("reaction"), severity = "severe" })
            .Expect(HttpStatusCode.Created);
        // The preferred name is set by a change, so the change history shows the reason too.
        await counselor.PatchJson($"/api/v1/patients/{id}", new { preferredName = P("preferredName"), reason = P("changeReason") }).Expect(HttpStatusCode.OK);

        await CheckAsync(counselor, $"/patients/{id}", "givenName", "middleName", "familyName", "preferredName", "gender", "tel", "addressLine", "city", "lang",
            "substance", "reaction", "changeReason");
        await CheckAsync(counselor, "/patients?q=" + Uri.EscapeDataString(mrn), "givenName", "middleName", "familyName");
    }

    [Fact]
    public async Task Search_terms_are_encoded_where_a_page_echoes_them()
    {
        using var counselor = await Server.As("counselor");
        await CheckAsync(counselor, "/patients?q=" + Uri.EscapeDataString(P("q")), "q");
        using var anonymous = Server.Anonymous();
        await CheckAsync(anonymous, "/help?zip=" + Uri.EscapeDataString(P("zip")) + "&language=" + Uri.EscapeDataString(P("language")), "zip", "language");
    }

    [Fact]
    public async Task Progress_notes_and_check_ins_are_encoded_on_the_recovery_page()
    {
        using var counselor = await Server.As("counselor");
        var id = await RegisterAsync(counselor, "Recovery");
        await counselor.PostJson($"/api/v1/patients/{id}/notes", new { format = "dap", serviceDate = Yesterday, data = P("noteData"), assessment = P("noteAssessment"), plan = P("notePlan") })
            .Expect(HttpStatusCode.Created);
        // The substances also go into the check-in chart, an SVG written with Html.Raw.
        await counselor.PostJson($"/api/v1/patients/{id}/check-ins", new { craving = 4, mood = 3, sleep = 3, stress = 5, usedSinceLast = true, substances = P("substances"), note = P("checkInNote") })
            .Expect(HttpStatusCode.Created);

        await CheckAsync(counselor, $"/patients/{id}/recovery", "noteData", "noteAssessment", "notePlan", "substances", "checkInNote");
    }

    [Fact]
    public async Task Treatment_plan_text_and_its_acknowledgement_are_encoded_on_the_plan_page()
    {
        using var counselor = await Server.As("counselor");
        var id = await RegisterAsync(counselor, "Plan");
        var assessment = await counselor.PostJson($"/api/v1/patients/{id}/assessments", Assessment).Expect(HttpStatusCode.Created);
        await counselor.PostAsync($"/api/v1/patients/{id}/assessments/{assessment.GetProperty("id").GetGuid()}/complete", null).Expect(HttpStatusCode.OK);
        var plan = await counselor.PostAsync($"/api/v1/patients/{id}/plans/draft", null).Expect(HttpStatusCode.Created);
        var planId = plan.GetProperty("id").GetGuid();
        var target = DateTime.Now.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var edit = new
        {
            problems = new[]
            {
                new
                {
                    statement = P("statement"),
                    goal = P("goal"),
                    objectives = new[] { new { text = P("objective"), targetDate = target } },
                    interventions = new[] { new { text = P("intervention"), frequency = P("frequency"), responsibleRole = "counselor" } },
                },
            },
        };
        await counselor.PutAsJsonAsync($"/api/v1/patients/{id}/plans/{planId}", edit).Expect(HttpStatusCode.OK);
        await counselor.PostAsync($"/api/v1/patients/{id}/plans/{planId}/sign", null).Expect(HttpStatusCode.OK);
        await counselor.PostJson($"/api/v1/patients/{id}/plans/{planId}/acknowledge", new { method = "verbal-with-witness", patientName = P("patientName"), witness = P("witness") })
            .Expect(HttpStatusCode.OK);

        await CheckAsync(counselor, $"/patients/{id}/plans/{planId}", "statement", "goal", "objective", "intervention", "frequency", "patientName", "witness");
    }

    [Fact]
    public async Task An_alert_reason_is_encoded_on_the_chart()
    {
        using var counselor = await Server.As("counselor");
        var id = await RegisterAsync(counselor, "Alert");
        await counselor.PostJson($"/api/v1/patients/{id}/alerts", new { reason = P("alertReason"), ownerRole = "counselor", severity = "warning" }).Expect(HttpStatusCode.Created);

        await CheckAsync(counselor, $"/patients/{id}", "alertReason");
    }

    [Fact]
    public async Task Consent_text_is_encoded_on_the_consents_page()
    {
        using var counselor = await Server.As("counselor");
        var id = await RegisterAsync(counselor, "Consent");
        await counselor.PostJson($"/api/v1/patients/{id}/consents", new
        {
            discloser = "Riverbend Downtown OTP", // not shown on any page (the form proposes the site's name)
            recipient = P("recipient"),
            information = P("information"),
            purpose = P("purpose"),
            signedBy = P("signedBy"),
            signerRelationship = "self",
            signedOn = Yesterday,
            signatureMethod = "written",
            expiryEvent = P("expiryEvent"),
            rightToRevokeExplained = true,
        }).Expect(HttpStatusCode.Created);

        await CheckAsync(counselor, $"/patients/{id}/consents", "recipient", "information", "purpose", "signedBy", "expiryEvent");
    }

    [Fact]
    public async Task Inquiry_text_is_encoded_on_the_admissions_page()
    {
        using var counselor = await Server.As("counselor");
        var inquiry = await counselor.PostJson("/api/v1/inquiries", new
        {
            siteId = 1,
            source = "phone",
            givenName = P("inquiryGiven"),
            familyName = P("inquiryFamily"),
            consentToContact = true,
            phone = Xss.Short("tel") + "5550100",
            contactInstructions = P("contactInstructions"),
            referrerName = P("referrerName"),
            referrerContact = P("referrerContact"),
            substances = P("inquirySubstances"),
            payerDetail = P("payerDetail"),
            note = P("inquiryNote"),
        }).Expect(HttpStatusCode.Created);
        var id = inquiry.GetProperty("summary").GetProperty("id").GetGuid();

        await CheckAsync(counselor, $"/admissions/{id}", "inquiryGiven", "inquiryFamily", "tel", "contactInstructions", "referrerName", "referrerContact",
            "inquirySubstances", "payerDetail", "inquiryNote");
    }

    // Not covered, on purpose:
    // - drug screens have no free-text field a page shows: specimen and reason are fixed lists, analytes are fixed codes, and
    //   the lab and accession of a result are on no page (the import page lists accessions from the uploaded file only);
    // - a dispense's partial reason is a fixed list (refused-part, spilled, vomited), and its witness is on no page.

    private async Task CheckAsync(HttpClient client, string path, params string[] fields)
    {
        var html = await Xss.PageAsync(client, path);
        Xss.AssertEncoded(html, path, fields);
        output.WriteLine($"xss: {fields.Length} fields encoded on GET {(path.Length > 80 ? path[..80] + "…" : path)}: {string.Join(", ", fields)}");
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, string familyName)
    {
        var patient = await client.PostJson("/api/v1/patients", new { givenName = "Encoding", familyName, birthDate = "1979-11-02", sexAtBirth = "male", siteId = 1 })
            .Expect(HttpStatusCode.Created);
        return patient.GetProperty("id").GetGuid();
    }

    /// <summary>An intake assessment that drafts a plan (as in the treatment plan tests).</summary>
    private static readonly object Assessment = new
    {
        history = new
        {
            substances = new object[] { new { substance = "fentanyl", routes = new[] { "injection" }, frequency = "daily" } },
            lastOpioidUse = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            traumaHistory = true,
            chronicPain = true,
            peersWhoUse = true,
            housing = "homeless",
            pregnancy = "not-pregnant",
        },
        instruments = new Dictionary<string, object>
        {
            ["dsm5-oud"] = new { answers = Enumerable.Range(1, 11).ToDictionary(i => $"c{i}", i => i <= 6 ? 1 : 0) },
            ["phq9"] = new { answers = new { q1 = 2, q2 = 2, q3 = 2, q4 = 2, q5 = 1, q6 = 1, q7 = 1, q8 = 0, q9 = 1 } },
        },
        asam = new { withdrawal = 1, biomedical = 1, emotionalBehavioralCognitive = 1, readinessToChange = 1, relapsePotential = 2, recoveryEnvironment = 2 },
    };
}

public sealed class OutputEncodingOnSqlite(SqliteClinic fixture, ITestOutputHelper output) : OutputEncodingTests(fixture, output), IClassFixture<SqliteClinic>;

public sealed class OutputEncodingOnPostgres(PostgresClinic fixture, ITestOutputHelper output) : OutputEncodingTests(fixture, output), IClassFixture<PostgresClinic>;

/// <summary>
/// Every place the source writes HTML without encoding it (Html.Raw, MarkupString, HtmlString) is on a reviewed list.
/// A new one fails until someone reads it and adds it with the reason it is safe.
/// </summary>
public sealed partial class RawHtmlOutputTests(ITestOutputHelper output)
{
    /// <summary>"file: the raw write and what it writes", once per use, with why it is safe.</summary>
    private static readonly (string Use, string Why)[] Allowlist =
    [
        ("src/Mainstay/Features/Locator/_Results.cshtml: Html.Raw(Mainstay.Features.Locator.DistanceMap.Render",
            "DistanceMap builds the SVG from numbers; the ZIP code and the program names go through WebUtility.HtmlEncode"),
        ("src/Mainstay/Features/Portal/Index.cshtml: Html.Raw(CheckInChart.Render",
            "CheckInChart builds the SVG from dates and 0-10 scores; the only text, the substances a patient reports, goes through WebUtility.HtmlEncode"),
        ("src/Mainstay/Features/Recovery/Recovery.cshtml: Html.Raw(CheckInChart.Render",
            "as on the portal; OutputEncodingTests sends a script as the substances and reads this page"),
        ("src/Mainstay/Features/Reports/Program.cshtml: Html.Raw(f.Svg",
            "every figure's Svg is BarChart.Render, which encodes the title, the labels (site names, discharge reasons) and the series names"),
        ("src/Mainstay/Features/Reports/Retention.cshtml: Html.Raw(RetentionChart.Render",
            "RetentionChart encodes the title and the group names (medications, site names); the rest is numbers"),
        ("src/Mainstay/Features/Reports/Retention.cshtml: Html.Raw(RetentionChart.Render",
            "the second chart of the page (by site), as above"),
        ("src/Mainstay/Features/Reports/UrineOutcomes.cshtml: Html.Raw(UrineOutcomeReport.Chart",
            "a BarChart with fixed medication names, week numbers and shares; BarChart encodes every text"),
        ("src/Mainstay/Features/Reports/Teds.cshtml: Html.Raw(BarChart.Render",
            "BarChart encodes the title and labels (TEDS field names from a fixed list); the values are shares"),
        ("src/Mainstay/Features/Withdrawal/Flowsheet.cshtml: Html.Raw(Mainstay.Features.Withdrawal.FlowsheetChart.Render",
            "FlowsheetChart draws scores and vital signs (numbers) and fixed labels, all through WebUtility.HtmlEncode"),
    ];

    [Fact]
    public void Html_is_written_raw_only_by_the_reviewed_svg_charts()
    {
        var root = RepositoryRoot();
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!(relative.EndsWith(".cshtml", StringComparison.Ordinal) || relative.EndsWith(".cs", StringComparison.Ordinal))
                || relative.Split('/').Any(part => part is "obj" or "bin"))
            {
                continue;
            }

            foreach (Match use in RawHtml().Matches(File.ReadAllText(file)))
            {
                found.Add($"{relative}: {use.Value}");
            }
        }

        found.Sort(StringComparer.Ordinal);
        var allowed = Allowlist.Select(a => a.Use).Order(StringComparer.Ordinal).ToList();
        Assert.True(found.SequenceEqual(allowed, StringComparer.Ordinal),
            "The places that write HTML without encoding it changed. Read each new one: if whatever it writes is encoded or fixed, add it to "
            + "RawHtmlOutputTests.Allowlist with the reason; otherwise encode it.\nFound:\n  " + string.Join("\n  ", found)
            + "\nReviewed:\n  " + string.Join("\n  ", allowed));
        foreach (var (entry, why) in Allowlist)
        {
            output.WriteLine($"{entry}: {why}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "Mainstay")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds src/Mainstay.");
    }

    [GeneratedRegex(@"(?:Html\.Raw\(|\(\s*MarkupString\s*\)|new\s+(?:Microsoft\.AspNetCore\.Html\.)?HtmlString\()\s*[A-Za-z0-9_.]*")]
    private static partial Regex RawHtml();
}

// ------------------------------------------------------------------------------------------------ helpers

/// <summary>One endpoint to fuzz: its matrix key, method, route pattern and the caller (a username or <see cref="Fuzz.Anonymous"/>).</summary>
internal sealed record Target(string Key, string Method, string Pattern, string Caller);

/// <summary>A body as sent: its bytes (null: no content at all) and content type (null: none).</summary>
internal sealed record HostileBody(string Kind, byte[]? Bytes, string? ContentType)
{
    public HttpContent? ToContent()
    {
        if (Bytes is null)
        {
            return null;
        }

        var content = new ByteArrayContent(Bytes);
        if (ContentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        }

        return content;
    }
}

/// <summary>A field of a request body as the OpenAPI document describes it: string, integer, number, boolean, array, object or any.</summary>
internal sealed record Field(string Name, string Type);

internal sealed record ValidRequest(string Method, string Url, Dictionary<string, object?> Valid, string[] Fields);

/// <summary>What came back; <see cref="Failure"/> when nothing did.</summary>
internal sealed record Answer(int Status, string? MediaType, string Body, string? Failure)
{
    public bool TimedOut { get; init; }
}

/// <summary>Which endpoints are fuzzed, as whom, at which URLs.</summary>
internal static partial class Fuzz
{
    public const int Seed = 20261124;
    public const string Anonymous = "(anonymous)";
    private const string Nowhere = "0b5e55ed-0000-4000-8000-00000000dead";

    private static readonly (Who Who, string Username)[] StaffInOrder =
    [
        (Who.Admin, "admin"), (Who.Prescriber, "prescriber"), (Who.Nurse, "nurse"), (Who.Counselor, "counselor"),
        (Who.Intake, "intake"), (Who.Director, "director"), (Who.Auditor, "auditor"),
    ];

    /// <summary>The /api/v1 and /fhir endpoints of the matrix with one of the methods, and a caller for each (a patient-only endpoint has none).</summary>
    public static List<Target> Targets(params string[] methods)
    {
        var targets = new List<Target>();
        foreach (var (key, allowed) in AccessMatrix.Expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var parts = key.Split(' ', 2);
            var (method, pattern) = (parts[0], parts[1]);
            var api = pattern.StartsWith("/api/v1/", StringComparison.Ordinal) || pattern.StartsWith("/fhir/", StringComparison.Ordinal);
            if (!methods.Contains(method) || !api || AccessMatrix.SideEffects.Contains(key) || CallerFor(allowed) is not { } caller)
            {
                continue;
            }

            targets.Add(new Target(key, method, pattern, caller));
        }

        return targets;
    }

    /// <summary>Anonymous when the endpoint takes anonymous callers (the harshest caller), else the first staff role allowed.</summary>
    public static string? CallerFor(Who allowed) =>
        allowed.HasFlag(Who.Anonymous)
            ? Anonymous
            : StaffInOrder.Where(s => allowed.HasFlag(s.Who)).Select(s => s.Username).FirstOrDefault();

    public static string Surface(string pattern) => pattern.StartsWith("/fhir", StringComparison.Ordinal) ? "fhir" : "api";

    /// <summary>The route with ids that name nothing, and, when the route names a patient (or an instrument), with a real one.</summary>
    public static List<(string Variant, string Url)> Urls(string pattern, Guid patient)
    {
        var nowhere = Fill(pattern, null);
        var real = Fill(pattern, patient);
        var urls = new List<(string Variant, string Url)> { ("nonexistent ids", nowhere) };
        if (real != nowhere)
        {
            urls.Add(("real ids", real));
        }

        return urls;
    }

    /// <summary>As the access matrix sweep fills routes; with a patient, its id goes where the route names a patient.</summary>
    public static string Fill(string pattern, Guid? patient) =>
        RouteParameter().Replace(pattern, m =>
        {
            var (name, constraint) = (m.Groups["name"].Value, m.Groups["constraint"].Value);
            var before = pattern.AsSpan(0, m.Index);
            var namesPatient = name == "patientId"
                || (name == "id" && (before.EndsWith("/patients/", StringComparison.Ordinal) || before.EndsWith("/fhir/{type}/", StringComparison.Ordinal)));
            if (patient is { } p && namesPatient)
            {
                return p.ToString();
            }

            if (patient is not null && name == "code")
            {
                return "phq9"; // a real instrument, so the scorer runs
            }

            return constraint.Contains("int", StringComparison.Ordinal) || constraint.Contains("long", StringComparison.Ordinal) ? "999999"
                : constraint.Contains("guid", StringComparison.Ordinal) || name == "id" || name.EndsWith("Id", StringComparison.Ordinal) ? Nowhere
                : name == "type" ? "Patient"
                : "none-such";
        });

    public static void AssertNone(List<string> failures, string what) =>
        Assert.True(failures.Count == 0,
            $"{failures.Count} {what}:\n  " + string.Join("\n  ", failures.Take(150)) + (failures.Count > 150 ? $"\n  … and {failures.Count - 150} more" : ""));

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z]+)(?<constraint>(:[^}]*)?)\??\}")]
    private static partial Regex RouteParameter();
}

/// <summary>Inputs sent and endpoints swept, per surface.</summary>
internal sealed class Tally
{
    private readonly SortedDictionary<string, (int Inputs, int Endpoints)> _surfaces = new(StringComparer.Ordinal);

    public void Add(string surface, int inputs)
    {
        var (sent, endpoints) = _surfaces.GetValueOrDefault(surface);
        _surfaces[surface] = (sent + inputs, endpoints + 1);
    }

    public void WriteTo(ITestOutputHelper output)
    {
        foreach (var (surface, (inputs, endpoints)) in _surfaces)
        {
            output.WriteLine($"fuzz: {inputs} inputs over {endpoints} endpoints ({surface})");
        }
    }
}

/// <summary>One client per caller, signed in with a bearer token, not following redirects.</summary>
internal sealed class Callers(ClinicServer server) : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public async Task<HttpClient> ForAsync(string caller)
    {
        if (_clients.TryGetValue(caller, out var existing))
        {
            return existing;
        }

        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        _clients[caller] = client;
        if (caller != Fuzz.Anonymous)
        {
            using var signedIn = await server.As(caller);
            client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        }

        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}

/// <summary>Sending with a hang guard, and judging what came back.</summary>
internal static class Wire
{
    /// <summary>Not a timing assertion: a request still unanswered after this long is a hang.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static async Task<Answer> SendAsync(HttpClient client, string method, string url, HostileBody? body)
    {
        using var hang = new CancellationTokenSource(HangGuard);
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = body?.ToContent() };
            using var response = await client.SendAsync(request, hang.Token);
            var text = await response.Content.ReadAsStringAsync(hang.Token);
            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, null);
        }
        catch (OperationCanceledException) when (hang.IsCancellationRequested)
        {
            return new Answer(0, null, "", $"no answer within {HangGuard.TotalSeconds:0} s (hang guard)") { TimedOut = true };
        }
        catch (HttpRequestException e)
        {
            return new Answer(0, null, "", "the request failed: " + e.Message);
        }
        catch (UriFormatException e)
        {
            return new Answer(0, null, "", "the test could not build the URL: " + e.Message);
        }
    }

    /// <summary>Why the answer is wrong, or null: a 5xx other than 503, no answer, or (when required) a 4xx that is not a problem document.</summary>
    public static string? Judge(string url, Answer answer, bool problemRequired)
    {
        if (answer.Failure is not null)
        {
            return answer.Failure;
        }

        if (answer.Status >= 500 && answer.Status != 503)
        {
            return Describe(answer);
        }

        if (problemRequired && answer.Status is >= 400 and < 500 && !IsProblem(url, answer.MediaType))
        {
            return "a 4xx that is not application/problem+json: " + Describe(answer);
        }

        return null;
    }

    private static bool IsProblem(string url, string? mediaType) =>
        mediaType == "application/problem+json"
        || (url.StartsWith("/fhir", StringComparison.Ordinal) && mediaType == "application/fhir+json");

    private static string Describe(Answer answer) =>
        $"{answer.Status} {answer.MediaType ?? "(no content type)"} {(answer.Body.Length > 200 ? answer.Body[..200] + "…" : answer.Body)}";
}

/// <summary>The rows of every table but the audit trail, which records refusals too.</summary>
internal static class TableCounts
{
    private static readonly string[] Excluded = ["AuditEvents", "AuditChainHeads"];

    private static readonly MethodInfo CountOf = typeof(TableCounts).GetMethod(nameof(CountAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static async Task<Dictionary<string, int>> SnapshotAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in typeof(MainstayDb).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(DbSet<>) || Excluded.Contains(property.Name))
            {
                continue;
            }

            var entity = type.GetGenericArguments()[0];
            if (db.Model.FindEntityType(entity) is null)
            {
                continue; // a set the model does not map (an Identity feature this schema does not use)
            }

            var count = (Task<int>)CountOf.MakeGenericMethod(entity).Invoke(null, new[] { property.GetValue(db) })!;
            counts[property.Name] = await count;
        }

        return counts;
    }

    public static IEnumerable<string> Differences(Dictionary<string, int> before, Dictionary<string, int> after) =>
        after.Where(a => before.GetValueOrDefault(a.Key) != a.Value)
            .Select(a => $"{a.Key} went from {before.GetValueOrDefault(a.Key)} to {a.Value} rows");

    private static Task<int> CountAsync<T>(DbSet<T> set) where T : class => set.CountAsync();
}

/// <summary>The request bodies: generic ones for every write endpoint, FHIR ones, and ones shaped after a request schema.</summary>
internal static class HostileBodies
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    /// <summary>Hostile strings as JSON literals (escapes as JSON text, so that lone surrogates and NUL reach the server as written).</summary>
    public static readonly (string Kind, string Literal)[] Strings =
    [
        ("NUL", "\"a\\u0000b\""),
        ("lone high surrogate", "\"a\\ud800b\""),
        ("lone low surrogate", "\"\\udfff\""),
        ("reversed surrogate pair", "\"\\udc00\\ud800\""),
        ("RTL override", "\"\\u202etxt.exe\\u202c\""),
        ("emoji", "\"\U0001F600\U0001F469\u200D\U0001F469\u200D\U0001F467\""),
        ("SQL drop", "\"1; DROP TABLE \\\"Patients\\\"; --\""),
        ("10,000 chars", "\"" + new string('x', 10_000) + "\""),
        ("zero-width and BOM", "\"a\\u200b\\ufeffb\""),
        ("SQL tautology", "\"' OR 1=1 --\""),
        ("script", "\"<script>alert(1)</script>\""),
        ("path traversal", "\"../../../../etc/passwd\""),
        ("CRLF", "\"a\\r\\nSet-Cookie: x=1\""),
        ("impossible date", "\"2026-02-30\""),
        ("extreme instant", "\"9999-12-31T23:59:59.9999999+14:00\""),
        ("empty", "\"\""),
        ("whitespace", "\" \\t\\n \""),
    ];

    /// <summary>Hostile numbers as JSON literals.</summary>
    public static readonly (string Kind, string Literal)[] Numbers =
    [
        ("1e400", "1e400"),
        ("-9223372036854775809", "-9223372036854775809"),
        ("9223372036854775808", "9223372036854775808"),
        ("20 digits", "99999999999999999999"),
        ("fraction", "1.5"),
        ("-1e400", "-1e400"),
        ("negative zero", "-0"),
        ("1e-400", "1e-400"),
        ("-1", "-1"),
        ("1e400 as a string", "\"1e400\""),
        ("NaN as a string", "\"NaN\""),
    ];

    /// <summary>Names many request records use, given wrong values all at once.</summary>
    private static readonly string[] CommonNames =
    [
        "id", "siteId", "patientId", "orderId", "lot", "amountMg", "slot", "date", "from", "to", "reason", "note", "text", "format", "status",
        "name", "givenName", "familyName", "birthDate", "sign", "problems", "entries", "answers", "marks", "results", "analytes", "triggers",
        "weeks", "minutes", "startsAt", "kind", "code", "username", "password",
    ];

    /// <summary>Free-text names, given hostile text next to a real patient and site.</summary>
    private static readonly string[] TextNames =
    [
        "reason", "note", "text", "name", "givenName", "familyName", "substances", "witness", "recipient", "purpose", "statement", "goal",
        "data", "assessment", "plan", "detail", "topic", "room",
    ];

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string TwoMegabyteLiteral = "\"" + new string('a', TwoMegabytes) + "\"";

    public static List<HostileBody> Generic(Random random, Guid patient)
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        var bodies = new List<HostileBody>
        {
            new("no body", null, null),
            Json("empty body", ""),
            new("empty body, no content type", [], null),
            Json("whitespace only", " \r\n\t "),
            Json("truncated object", "{\"x\":"),
            Json("truncated string", "{\"x\":\"abc"),
            Json("truncated array", "[1,2,"),
            Json("open brace", "{"),
            Json("close before open", "}{"),
            Json("two roots", "{}{}"),
            Json("trailing comma", "{\"x\":1,}"),
            Json("comment", "{/* c */\"x\":1}"),
            Json("single quotes", "{'x':1}"),
            Json("unquoted key", "{x:1}"),
            Json("number instead of an object", "42"),
            Json("string instead of an object", "\"hello\""),
            Json("null instead of an object", "null"),
            Json("true instead of an object", "true"),
            Json("array instead of an object", "[{}]"),
            Json("64-deep arrays", Nest("[", "]", 64, "")),
            Json("64-deep objects", Nest("{\"x\":", "}", 64, "1")),
            Json("10,000-deep arrays", Nest("[", "]", 10_000, "")),
            Json("10,000-deep objects", Nest("{\"x\":", "}", 10_000, "1")),
            Json("10,000-deep, never closed", new string('[', 10_000)),
            Json("2 MB string", "{\"x\":" + TwoMegabyteLiteral + "}"),
            new("raw NUL byte in a string", Join(Utf8("{\"x\":\"a"), new byte[] { 0x00 }, Utf8("b\"}")), "application/json"),
            new("invalid UTF-8", Join(Utf8("{\"x\":\""), new byte[] { 0xFF, 0xFE, 0xC3, 0x28 }, Utf8("\"}")), "application/json"),
            Json("duplicate keys", $"{{\"x\":1,\"x\":\"two\",\"siteId\":1,\"siteId\":\"two\",\"patientId\":\"{patient}\",\"patientId\":null}}"),
            new("BOM, then {}", Join(bom, Utf8("{}")), "application/json"),
            new("BOM, then an object", Join(bom, Utf8("{\"x\":1}")), "application/json"),
            new("two BOMs", Join(bom, bom, Utf8("{}")), "application/json"),
            Json("JSON as text/plain", "{\"x\":1}", "text/plain"),
            Json("XML with an external entity", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "application/xml"),
            Json("form", "x=1&siteId=abc&patientId=%00", "application/x-www-form-urlencoded"),
            Json("multipart without parts", "--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n", "multipart/form-data; boundary=x"),
            Json("JSON declared UTF-16", "{\"x\":1}", "application/json; charset=utf-16"),
            Json("JSON with an unknown charset", "{\"x\":1}", "application/json; charset=no-such-charset"),
            new("fake PNG", Join(PngSignature, RandomBytes(random, 256)), "image/png"),
            new("random bytes as JSON", RandomBytes(random, 512), "application/json"),
            new("random bytes", RandomBytes(random, 512), "application/octet-stream"),
        };
        bodies.AddRange(Mutations(random, patient));

        (string Kind, string Literal)[] wrong = [("an object", "{}"), ("an array", "[]"), ("null", "null"), ("true", "true"), .. Strings.Take(8), .. Numbers.Take(5)];
        foreach (var (kind, literal) in wrong)
        {
            bodies.Add(Json($"common fields {kind}", ObjectOf(CommonNames.Select(n => M(n, literal)))));
        }

        foreach (var (kind, literal) in Strings.Take(8))
        {
            bodies.Add(Json($"real ids, text fields {kind}", ObjectOf([M("patientId", $"\"{patient}\""), M("siteId", "1"), .. TextNames.Select(n => M(n, literal))])));
        }

        return bodies;
    }

    /// <summary>Bundles and resources for POST /fhir, each as application/fhir+json and as application/json.</summary>
    public static List<HostileBody> Fhir()
    {
        const string Post = ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}";
        (string Kind, string Text)[] resources =
        [
            ("a collection Bundle", "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}"),
            ("a Patient, not a Bundle", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"x\"}]}"),
            ("name not an array", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"name\":\"x\"}" + Post + "}]}"),
            ("lone surrogate family name", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"\\ud800\",\"given\":[\"x\"]}],\"gender\":\"female\",\"birthDate\":\"1980-01-01\"}" + Post + "}]}"),
            ("NUL in a given name", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Nul\",\"given\":[\"a\\u0000b\"]}],\"gender\":\"male\",\"birthDate\":\"1980-01-01\"}" + Post + "}]}"),
            ("impossible birth date", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Feb\"}],\"birthDate\":\"2026-02-30\"}" + Post + "}]}"),
            ("path traversal id", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"../../etc/passwd\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/../../etc/passwd\"}}]}"),
            ("conditional delete of everything", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient?_id=*\"}}]}"),
            ("unknown resource type", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"NoSuchType\"}" + Post + "}]}"),
            ("64-deep entry", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":" + Nest("[", "]", 64, "") + "}"),
            ("10,000 empty entries", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[" + string.Join(',', Enumerable.Repeat("{}", 10_000)) + "]}"),
        ];
        var bodies = new List<HostileBody>();
        foreach (var (kind, text) in resources)
        {
            bodies.Add(Json($"FHIR {kind} (fhir+json)", text, "application/fhir+json"));
            bodies.Add(Json($"FHIR {kind} (json)", text));
        }

        return bodies;
    }

    /// <summary>Bodies with the schema's field names: wrong types, nulls, duplicates, deep and long values, hostile text and numbers.</summary>
    public static List<HostileBody> ForSchema(IReadOnlyList<Field> fields, Guid patient)
    {
        string Good(Field f) => f.Name == "patientId" ? $"\"{patient}\"" : GoodValue(f.Type);
        var bodies = new List<HostileBody>
        {
            Json("schema: every field the wrong type", ObjectOf(fields.Select(f => M(f.Name, WrongValue(f.Type))))),
            Json("schema: every field null", ObjectOf(fields.Select(f => M(f.Name, "null")))),
            Json("schema: every field an object", ObjectOf(fields.Select(f => M(f.Name, "{}")))),
            Json("schema: every field an array", ObjectOf(fields.Select(f => M(f.Name, "[]")))),
            Json("schema: every field twice", ObjectOf(fields.SelectMany(f => new[] { M(f.Name, Good(f)), M(f.Name, WrongValue(f.Type)) }))),
            Json("schema: 64-deep first field", ObjectOf(fields.Select((f, i) => M(f.Name, i == 0 ? Nest("[", "]", 64, "") : Good(f))))),
        };
        var firstText = fields.FirstOrDefault(f => f.Type == "string" && f.Name != "patientId");
        if (firstText is not null)
        {
            bodies.Add(Json("schema: 2 MB in the first text field", ObjectOf(fields.Select(f => M(f.Name, ReferenceEquals(f, firstText) ? TwoMegabyteLiteral : Good(f))))));
            foreach (var (kind, literal) in Strings)
            {
                bodies.Add(Json($"schema: every text field {kind}", ObjectOf(fields.Select(f => M(f.Name, f.Type == "string" && f.Name != "patientId" ? literal : Good(f))))));
            }
        }

        if (fields.Any(f => f.Type is "integer" or "number"))
        {
            foreach (var (kind, literal) in Numbers)
            {
                bodies.Add(Json($"schema: every number field {kind}", ObjectOf(fields.Select(f => M(f.Name, f.Type is "integer" or "number" ? literal : Good(f))))));
            }
        }

        return bodies;
    }

    /// <summary>The valid body with one field's value replaced by a JSON literal.</summary>
    public static string WithField(Dictionary<string, object?> valid, string field, string literal)
    {
        var rest = valid.Where(p => p.Key != field).ToDictionary(p => p.Key, p => p.Value);
        var json = JsonSerializer.Serialize(rest);
        return "{\"" + field + "\":" + literal + (rest.Count > 0 ? "," + json[1..] : "}");
    }

    /// <summary>A JSON object from names and JSON literals, written as given (duplicates included).</summary>
    private static string ObjectOf(IEnumerable<(string Name, string Value)> members) =>
        "{" + string.Join(',', members.Select(m => "\"" + m.Name + "\":" + m.Value)) + "}";

    private static (string Name, string Value) M(string name, string value) => (name, value);

    private static HostileBody Json(string kind, string text, string contentType = "application/json") => new(kind, Utf8(text), contentType);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static string Nest(string open, string close, int depth, string inner) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A plausible body with three characters changed at random (seeded), twelve times.</summary>
    private static List<HostileBody> Mutations(Random random, Guid patient)
    {
        var template = $"{{\"siteId\":1,\"patientId\":\"{patient}\",\"reason\":\"r\",\"note\":\"n\",\"answers\":{{\"q1\":1}},\"marks\":[{{\"mark\":\"attended\"}}],\"sign\":true}}";
        const string Alphabet = "{}[]\",:\\0-eE.tfn \u0000\u00ff";
        var bodies = new List<HostileBody>();
        for (var i = 0; i < 12; i++)
        {
            var chars = template.ToCharArray();
            for (var j = 0; j < 3; j++)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            bodies.Add(Json($"seeded mutation {i + 1}", new string(chars)));
        }

        return bodies;
    }

    private static string WrongValue(string type) => type switch
    {
        "string" => "12345",
        "integer" or "number" => "\"not a number\"",
        "boolean" => "\"yes\"",
        "array" => "{\"x\":1}",
        "object" => "[1,2]",
        _ => "[[]]",
    };

    private static string GoodValue(string type) => type switch
    {
        "string" => "\"a\"",
        "integer" or "number" => "1",
        "boolean" => "true",
        "array" => "[]",
        "object" => "{}",
        _ => "null",
    };
}

/// <summary>Hostile query strings for common parameter names.</summary>
internal static class HostileQueries
{
    private static readonly string[] Parameters =
    [
        "siteId", "date", "from", "to", "q", "name", "patient", "_count", "code", "status", "page", "pageSize",
        "limit", "days", "format", "_id", "birthdate", "identifier", "_since", "_type",
    ];

    /// <summary>(kind, the value as it goes into the URL): escaped, except the ones meant to arrive raw.</summary>
    private static readonly (string Kind, string Encoded)[] Values =
    [
        ("SQL tautology", Uri.EscapeDataString("' OR 1=1 --")),
        ("SQL drop", Uri.EscapeDataString("1; DROP TABLE Patients")),
        ("SQL drop, quoted", Uri.EscapeDataString("x'); DROP TABLE \"Patients\"; --")),
        ("NUL", "%00"),
        ("NUL inside", "a%00b"),
        ("path traversal", Uri.EscapeDataString("../../etc/passwd")),
        ("script", Uri.EscapeDataString("<script>alert(1)</script>")),
        ("10,000 chars", new string('x', 10_000)),
        ("3,000 chars", new string('x', 3_000)),
        ("-1", "-1"),
        ("20 digits", "99999999999999999999"),
        ("impossible date", "2026-02-30"),
        ("unicode", Uri.EscapeDataString("\u202Egnp\U0001F600\u03A9\u200B")),
        ("encoded lone surrogate", "%ED%A0%80"),
        ("invalid UTF-8", "%FF%FE"),
        ("broken escape", "%zz"),
        ("empty", ""),
        ("repeated", "1&siteId=2&siteId=x"),
    ];

    /// <summary>Every parameter at once with each value (short enough for a URL), then each parameter alone with a NUL and with two values picked by the seeded random.</summary>
    public static List<(string Kind, string Query)> For(Random random)
    {
        var queries = new List<(string Kind, string Query)>();
        foreach (var (kind, value) in Values.Where(v => v.Encoded.Length <= 1000))
        {
            queries.Add(($"every parameter {kind}", string.Join('&', Parameters.Select(p => p + "=" + value))));
        }

        foreach (var parameter in Parameters)
        {
            // NUL alone in every parameter: PostgreSQL refuses it in any text it is given, so each one must be caught before a query.
            queries.Add(($"{parameter} NUL inside", parameter + "=a%00b"));
            for (var i = 0; i < 2; i++)
            {
                var (kind, value) = Values[random.Next(Values.Length)];
                queries.Add(($"{parameter} {kind}", parameter + "=" + value));
            }
        }

        return queries;
    }
}

/// <summary>Request body fields per operation ("POST /api/v1/patients"), read from the OpenAPI document.</summary>
internal static partial class RequestSchemas
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    public static Dictionary<string, IReadOnlyList<Field>> Read(JsonElement document)
    {
        var found = new Dictionary<string, IReadOnlyList<Field>>(StringComparer.Ordinal);
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
        {
            return found;
        }

        var schemas = document.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Object
            && components.TryGetProperty("schemas", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        foreach (var path in paths.EnumerateObject())
        {
            if (path.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                if (Methods.Contains(operation.Name) && Body(operation.Value, schemas) is { Count: > 0 } fields)
                {
                    found[operation.Name.ToUpperInvariant() + " " + Normalize(path.Name)] = fields;
                }
            }
        }

        return found;
    }

    /// <summary>"/api/v1/patients/{id:guid}/" → "/api/v1/patients/{id}": route constraints and trailing slashes dropped.</summary>
    public static string Normalize(string pattern) => Parameter().Replace(pattern, "{${name}}").TrimEnd('/');

    private static List<Field>? Body(JsonElement operation, JsonElement schemas)
    {
        if (operation.ValueKind != JsonValueKind.Object || !operation.TryGetProperty("requestBody", out var body) || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var media in content.EnumerateObject())
        {
            if (!media.Name.Contains("json", StringComparison.OrdinalIgnoreCase) || media.Value.ValueKind != JsonValueKind.Object
                || !media.Value.TryGetProperty("schema", out var schema))
            {
                continue;
            }

            var resolved = Resolve(schema, schemas);
            if (resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                return properties.EnumerateObject().Select(p => new Field(p.Name, TypeOf(p.Value, schemas))).ToList();
            }
        }

        return null;
    }

    /// <summary>Follows "$ref": "#/components/schemas/Name" (a few levels at most); default when it leads nowhere.</summary>
    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("$ref", out var reference) || reference.ValueKind != JsonValueKind.String)
            {
                return schema;
            }

            var name = (reference.GetString() ?? "").Split('/')[^1];
            if (schemas.ValueKind != JsonValueKind.Object || !schemas.TryGetProperty(name, out var target))
            {
                return default;
            }

            schema = target;
        }

        return schema;
    }

    private static string TypeOf(JsonElement schema, JsonElement schemas)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "any";
        }

        if (schema.TryGetProperty("$ref", out _))
        {
            var target = Resolve(schema, schemas);
            return target.ValueKind == JsonValueKind.Object && !target.TryGetProperty("$ref", out _) ? TypeOf(target, schemas) : "object";
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var names = type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString() ?? "").ToList()
                : type.ValueKind == JsonValueKind.String ? new List<string> { type.GetString() ?? "" } : new List<string>();
            foreach (var preferred in new[] { "integer", "number", "boolean", "array", "object", "string" })
            {
                if (names.Contains(preferred))
                {
                    return preferred;
                }
            }
        }

        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(key, out var options) && options.ValueKind == JsonValueKind.Array)
            {
                foreach (var option in options.EnumerateArray())
                {
                    if (TypeOf(option, schemas) is var t && t != "any")
                    {
                        return t;
                    }
                }
            }
        }

        return "any";
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z]+)(:[^}]*)?\??\}")]
    private static partial Regex Parameter();
}

/// <summary>Script payloads that name their field, and the check that a page shows them encoded and never raw.</summary>
internal static class Xss
{
    private const string Tail = "<img src=x onerror=alert(1)>\"'";

    /// <summary>A script naming the field, an event-handler tag and quotes that would break out of an attribute.</summary>
    public static string Payload(string field) => Short(field) + Tail;

    /// <summary>The script alone, for fields with a short limit.</summary>
    public static string Short(string field) => $"<script>alert(\"xss-{field}\")</script>";

    private static string Raw(string field) => $"<script>alert(\"xss-{field}\")";

    /// <summary>How Razor (HtmlEncoder.Default) and WebUtility.HtmlEncode both write the start of the payload.</summary>
    private static string Encoded(string field) => $"&lt;script&gt;alert(&quot;xss-{field}&quot;)";

    public static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {(html.Length > 300 ? html[..300] : html)}");
        return html;
    }

    public static void AssertEncoded(string html, string path, IReadOnlyList<string> fields)
    {
        var problems = new List<string>();
        foreach (var field in fields)
        {
            if (html.Contains(Raw(field), StringComparison.Ordinal))
            {
                problems.Add($"{field}: written raw ({Raw(field)})");
            }
            else if (!html.Contains(Encoded(field), StringComparison.Ordinal))
            {
                problems.Add($"{field}: not on the page (no {Encoded(field)}); pick a page that shows it");
            }
        }

        if (html.Contains("<img src=x onerror", StringComparison.Ordinal))
        {
            problems.Add("an <img onerror> tag is written raw");
        }

        Assert.True(problems.Count == 0, $"GET {path}:\n  " + string.Join("\n  ", problems));
    }
}
