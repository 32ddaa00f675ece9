using System.Net;
using System.Net.Http.Json;
using System.Text;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Locator;

/// <summary>The public "find help" locator and self-check, and the admins' directory, on SQLite and PostgreSQL.</summary>
public abstract class LocatorApiTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private async Task<long> AuditCountAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MainstayDb>().AuditEvents.LongCountAsync();
    }

    [Fact]
    public async Task A_search_near_a_zip_finds_matching_programs_nearest_first_and_stores_nothing()
    {
        using var anonymous = Server.Anonymous();
        var before = await AuditCountAsync();
        var response = await anonymous.GetAsync("/api/v1/locator/programs?zip=45402&medication=methadone&radiusMiles=100");
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var answer = await Task.FromResult(response).Expect(HttpStatusCode.OK);
        var programs = answer.GetProperty("programs").EnumerateArray().ToList();
        Assert.NotEmpty(programs);
        Assert.Equal("Downtown OTP", programs[0].GetProperty("listing").GetProperty("siteName").GetString());
        Assert.True(programs[0].GetProperty("miles").GetDouble() < 1);
        var miles = programs.Select(p => p.GetProperty("miles").GetDouble()).ToList();
        Assert.Equal(miles.Order(), miles);
        Assert.All(programs, p => Assert.Contains("methadone", p.GetProperty("listing").GetProperty("services").EnumerateArray().Select(s => s.GetString())));
        Assert.All(miles, m => Assert.True(m <= 100));

        var filtered = await anonymous.GetAsync("/api/v1/locator/programs?zip=45402&service=counseling&service=outpatient&payment=sliding-scale&radiusMiles=250").Expect(HttpStatusCode.OK);
        Assert.All(filtered.GetProperty("programs").EnumerateArray(), p =>
        {
            var l = p.GetProperty("listing");
            Assert.Contains("counseling", l.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
            Assert.Contains("outpatient", l.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
            Assert.Contains("sliding-scale", l.GetProperty("payments").EnumerateArray().Select(s => s.GetString()));
        });

        await anonymous.GetAsync("/api/v1/locator/programs?zip=4540").ExpectProblem(HttpStatusCode.BadRequest, "zip");
        await anonymous.GetAsync("/api/v1/locator/programs?zip=00000").ExpectProblem(HttpStatusCode.BadRequest, "zip");
        await anonymous.GetAsync("/api/v1/locator/programs?zip=45402&radiusMiles=600").ExpectProblem(HttpStatusCode.BadRequest, "radiusMiles");
        await anonymous.GetAsync("/api/v1/locator/programs?zip=45402&radiusMiles=NaN").ExpectProblem(HttpStatusCode.BadRequest, "radiusMiles");
        await anonymous.GetAsync("/api/v1/locator/programs?zip=45402&service=massage").ExpectProblem(HttpStatusCode.BadRequest, "service");
        await anonymous.GetAsync("/api/v1/locator/programs?zip=45402&medication=kratom").ExpectProblem(HttpStatusCode.BadRequest, "medication");
        await anonymous.GetAsync("/api/v1/locator/programs?zip=45402&language=%3Cscript%3E").Expect(HttpStatusCode.OK);
        var page = await anonymous.GetAsync("/help?zip=45402&medication=buprenorphine");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.Contains("distance-map", await page.Content.ReadAsStringAsync());
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task The_self_check_explains_the_answers_points_to_nearby_programs_and_keeps_nothing()
    {
        using var anonymous = Server.Anonymous();
        var before = await AuditCountAsync();
        var form = new List<KeyValuePair<string, string>>
        {
            new("criteria", "1"), new("criteria", "2"), new("criteria", "4"), new("criteria", "10"), new("criteria", "11"),
            new("risks", "fentanyl"), new("risks", "no-naloxone"), new("signs", "yawning"), new("signs", "goose-bumps"), new("signs", "aches-or-cramps"),
            new("zip", "45410"),
        };
        var response = await anonymous.PostAsync("/help/self-check", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("5 of the 11 questions", html);
        Assert.Contains("moderate opioid use disorder", html);
        Assert.Contains("not a diagnosis", html);
        Assert.Contains("Fentanyl is far stronger", html);
        Assert.Contains("Eastside Clinic", html);
        Assert.Contains("not saved", html);
        var crisis = await anonymous.PostAsync("/help/self-check", new FormUrlEncodedContent([new("suicide", "true"), new("zip", "99999x")]));
        var crisisHtml = await crisis.Content.ReadAsStringAsync();
        Assert.Contains("call or text 988 now", crisisHtml);
        Assert.Contains("zip must be a 5-digit", crisisHtml);
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task Admins_keep_the_directory_by_form_and_by_csv_all_rows_or_none()
    {
        using var admin = await Server.As("admin");
        using var counselor = await Server.As("counselor");
        var name = "Test Harbor " + Guid.NewGuid().ToString("N")[..6];
        var listing = new
        {
            program = name,
            zip = "45385",
            services = new[] { "buprenorphine", "counseling" },
            settings = new[] { "outpatient" },
            payments = new[] { "free" },
            languages = new[] { "English", "Somali" },
        };
        await counselor.PostJson("/api/v1/directory", listing).ExpectStatus(HttpStatusCode.Forbidden);
        await admin.PostJson("/api/v1/directory", listing).Expect(HttpStatusCode.Created);
        await admin.PostJson("/api/v1/directory", new { program = "x", zip = "45385", services = new[] { "reiki" }, settings = new[] { "outpatient" }, payments = new[] { "free" }, languages = new[] { "english" } })
            .ExpectProblem(HttpStatusCode.BadRequest, "services[0]");
        await admin.PostJson("/api/v1/directory", new { program = "x", zip = "45385", latitude = 39.7, services = new[] { "counseling" }, settings = new[] { "outpatient" }, payments = new[] { "free" }, languages = new[] { "english" } })
            .ExpectProblem(HttpStatusCode.BadRequest, "latitude");

        using var anonymous = Server.Anonymous();
        var found = await anonymous.GetAsync("/api/v1/locator/programs?zip=45385&language=somali&payment=free&radiusMiles=5").Expect(HttpStatusCode.OK);
        var mine = Assert.Single(found.GetProperty("programs").EnumerateArray(), p => p.GetProperty("listing").GetProperty("program").GetString() == name);
        Assert.True(mine.GetProperty("miles").GetDouble() < 0.1); // placed at the ZIP code's centre
        var id = mine.GetProperty("listing").GetProperty("id").GetGuid();
        await admin.PutAsJsonAsync($"/api/v1/directory/{id}", new { program = name, zip = "45385", services = new[] { "counseling" }, settings = new[] { "outpatient" }, payments = new[] { "free" }, languages = new[] { "somali" }, active = false })
            .Expect(HttpStatusCode.OK);
        found = await anonymous.GetAsync("/api/v1/locator/programs?zip=45385&language=somali&payment=free&radiusMiles=5").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(found.GetProperty("programs").EnumerateArray(), p => p.GetProperty("listing").GetProperty("program").GetString() == name);

        const string header = "program,site_name,address,city,state,zip,latitude,longitude,phone,website,hours,services,settings,payments,languages,populations,mainstay_site_id";
        var csvName = "Csv Bay " + Guid.NewGuid().ToString("N")[..6];
        var bad = new StringBuilder(header).Append('\n')
            .Append(csvName).Append(",North,,,OH,45202,,,,,,methadone;counseling,outpatient,medicaid,english,,\n")
            .Append("Bad zip,,,,OH,4520,,,,,,counseling,outpatient,free,english,,\n")
            .Append("Bad service,,,,OH,45202,,,,,,yoga,outpatient,free,english,,\n")
            .Append("Short row,,,OH\n")
            .Append("Bad site,,,,OH,45202,,,,,,counseling,outpatient,free,english,,999\n")
            .Append("\"Unclosed,,,,OH,45202,,,,,,counseling,outpatient,free,english,,\n");
        var refused = await admin.PostAsync("/api/v1/directory/import", new StringContent(bad.ToString(), Encoding.UTF8, "text/csv")).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        var lines = refused.GetProperty("violations").EnumerateArray().Select(v => v.GetString()!).ToList();
        Assert.Equal(5, lines.Count);
        Assert.StartsWith("line 3:", lines[0]);
        Assert.Contains("zip", lines[0]);
        Assert.Contains("services[0]", lines[1]);
        Assert.Contains("columns", lines[2]);
        Assert.Contains("999", lines[3]);
        Assert.Contains("quoted", lines[4]);
        Assert.DoesNotContain((await admin.GetAsync("/api/v1/directory").Expect(HttpStatusCode.OK)).EnumerateArray(), l => l.GetProperty("program").GetString() == csvName);
        await admin.PostAsync("/api/v1/directory/import", new StringContent("name,zip\n", Encoding.UTF8, "text/csv")).ExpectProblem(HttpStatusCode.BadRequest, "file");

        var good = $"{header}\n{csvName},North,1 Main St,Cincinnati,OH,45202,,,(513) 555-0100,https://example.org,Mon–Fri 8–5,methadone;counseling,outpatient,medicaid;sliding-scale,english;spanish,pregnant-women,\n"
                   + $"{csvName},South,,Cincinnati,OH,45202,39.09,-84.51,,,,naltrexone,outpatient;telehealth,private-insurance,english,,\n";
        var report = await admin.PostAsync("/api/v1/directory/import", new StringContent(good, Encoding.UTF8, "text/csv")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        report = await admin.PostAsync("/api/v1/directory/import", new StringContent(good, Encoding.UTF8, "text/csv")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, report.GetProperty("updated").GetInt32());
        var cincinnati = await anonymous.GetAsync("/api/v1/locator/programs?zip=45202&population=pregnant-women&language=spanish&radiusMiles=10").Expect(HttpStatusCode.OK);
        Assert.Contains(cincinnati.GetProperty("programs").EnumerateArray(), p => p.GetProperty("listing").GetProperty("program").GetString() == csvName);
    }
}

public sealed class LocatorApiOnSqlite(SqliteClinic fixture) : LocatorApiTests(fixture), IClassFixture<SqliteClinic>;

public sealed class LocatorApiOnPostgres(PostgresClinic fixture) : LocatorApiTests(fixture), IClassFixture<PostgresClinic>;
