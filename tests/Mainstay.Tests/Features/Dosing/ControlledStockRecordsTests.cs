using System.Net;
using Mainstay.Tests.Features.Access;
using Mainstay.Tests.Infrastructure;

namespace Mainstay.Tests.Features.Dosing;

/// <summary>
/// The records the DEA asks of a registrant's stock beyond the mg: containers received and their labelled size, the
/// supplier's registration number on a receipt, the site's own on its inventory; on SQLite and PostgreSQL.
/// </summary>
public abstract class ControlledStockRecordsTests(ClinicFixture fixture)
{
    private ClinicServer Server => fixture.Server;

    private static string Lot() => "K" + Guid.NewGuid().ToString("N")[..8];

    private static object Receipt(string lot, object extra)
    {
        var fields = new Dictionary<string, object?>
        {
            ["siteId"] = 1,
            ["medication"] = "methadone",
            ["lot"] = lot,
            ["expiresOn"] = DateTime.Today.AddYears(2).ToString("yyyy-MM-dd"),
            ["supplier"] = "Acme Distribution",
            ["invoice"] = "INV-" + lot,
        };
        foreach (var p in extra.GetType().GetProperties())
        {
            fields[p.Name] = p.GetValue(extra);
        }

        return fields;
    }

    [Fact]
    public async Task Containers_of_a_labelled_size_say_how_much_came_in_and_a_quantity_given_with_them_must_agree()
    {
        using var nurse = await Server.As("nurse");
        var lot = Lot();
        var label = new { form = "oral concentrate 10 mg/mL", mgPerUnit = 10, unit = "mL", unitsPerContainer = 1000 };

        // Two 1,000 mL bottles of 10 mg/mL: 20,000 mg, without a quantity typed.
        var first = await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new
        {
            label.form,
            label.mgPerUnit,
            label.unit,
            label.unitsPerContainer,
            containers = 2,
            supplierRegistration = " rd1234563 ",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(20_000m, first.GetProperty("quantityMg").GetDecimal());
        Assert.Equal(2, first.GetProperty("containers").GetInt32());
        Assert.Equal("RD1234563", first.GetProperty("supplierRegistration").GetString());

        // The lot's label is on file now: one more bottle is 10,000 mg; a quantity that disagrees is refused.
        var second = await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new { containers = 1, quantityMg = 10_000 })).Expect(HttpStatusCode.Created);
        Assert.Equal(30_000m, second.GetProperty("balanceAfterMg").GetDecimal());
        var disagree = await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new { containers = 1, quantityMg = 9_000 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "quantityMg");
        Assert.Contains("1 × 1000 mL at 10 mg per mL is 10000 mg, not 9000", disagree.GetProperty("detail").GetString());

        // A container size is part of the label: another size for the same lot is a conflict.
        await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new { containers = 1, unitsPerContainer = 500 })).ExpectProblem(HttpStatusCode.Conflict);

        // Refused with the field named.
        await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new { containers = 1, supplierRegistration = "RD1234564" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "supplierRegistration");
        await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new { containers = 0 })).ExpectProblem(HttpStatusCode.BadRequest, "containers");
        await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new { containers = 1, unitsPerContainer = -5 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "unitsPerContainer");
        await nurse.PostJson("/api/v1/inventory/receipts", Receipt(Lot(), new { containers = 3 })).ExpectProblem(HttpStatusCode.BadRequest, "quantityMg");
        await nurse.PostJson("/api/v1/inventory/receipts", Receipt(Lot(), new { quantityMg = 100, unitsPerContainer = 1000 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "unitsPerContainer");

        // Containers of a lot without a container size are recorded as counted, beside the mg given.
        var bare = await nurse.PostJson("/api/v1/inventory/receipts", Receipt(Lot(), new { containers = 4, quantityMg = 400 })).Expect(HttpStatusCode.Created);
        Assert.Equal(4, bare.GetProperty("containers").GetInt32());

        // The ledger a regulator reads carries them.
        using var csv = await nurse.GetAsync($"/api/v1/inventory/ledger?siteId=1&format=csv");
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains(",supplier_registration,containers\n", text);
        Assert.Contains($",{lot},methadone,receipt,20000,20000,,,Acme Distribution,INV-{lot},nurse,,,,,RD1234563,2\n", text);
    }

    [Fact]
    public async Task A_transferred_lot_keeps_its_label_and_the_inventory_counts_it_in_containers_under_the_sites_registration()
    {
        using var nurse = await Server.As("nurse");
        var lot = Lot();
        var receipt = await nurse.PostJson("/api/v1/inventory/receipts", Receipt(lot, new
        {
            form = "oral concentrate 10 mg/mL",
            mgPerUnit = 10,
            unit = "mL",
            unitsPerContainer = 1000,
            containers = 5,
            supplierRegistration = "RD1234563",
        })).Expect(HttpStatusCode.Created);
        await nurse.PostJson("/api/v1/inventory/transfers", new { lotId = receipt.GetProperty("lotId").GetGuid(), toSiteId = 2, quantityMg = 20_050, reason = "stock for the Eastside clinic" })
            .Expect(HttpStatusCode.Created);
        var there = (await nurse.GetAsync("/api/v1/inventory/lots?siteId=2").Expect(HttpStatusCode.OK)).EnumerateArray().Single(l => l.GetProperty("lot").GetString() == lot);
        Assert.Equal("oral concentrate 10 mg/mL", there.GetProperty("form").GetString());
        Assert.Equal(1000m, there.GetProperty("unitsPerContainer").GetDecimal());

        // Site 2 closes: 2,005 mL of this lot are two full bottles and 5 mL in an opened one.
        var lots = (await nurse.GetAsync("/api/v1/inventory/lots?siteId=2").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Select(l => new { lotId = l.GetProperty("id").GetGuid(), countedMg = l.GetProperty("balanceMg").GetDecimal() }).ToArray();
        var closed = await nurse.PostJson("/api/v1/inventory/closes", new { siteId = 2, counts = lots, witness = "prescriber", witnessPassword = "prescriber-demo-2026" })
            .Expect(HttpStatusCode.Created);
        var closeId = closed.GetProperty("close").GetProperty("id").GetGuid();
        var view = await nurse.GetAsync($"/api/v1/inventory/closes/{closeId}").Expect(HttpStatusCode.OK);
        Assert.Equal("PR5550187", view.GetProperty("deaRegistration").GetString());
        Assert.Equal("2200 Linden Avenue, Riverbend, OH 45410", view.GetProperty("siteAddress").GetString());
        var line = view.GetProperty("lots").EnumerateArray().Single(l => l.GetProperty("lot").GetString() == lot);
        Assert.Equal(2005m, line.GetProperty("countedUnits").GetDecimal());
        Assert.Equal(2, line.GetProperty("containers").GetProperty("full").GetInt64());
        Assert.Equal(5m, line.GetProperty("containers").GetProperty("openedUnits").GetDecimal());

        using var csv = await nurse.GetAsync($"/api/v1/inventory/closes/{closeId}?format=csv");
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains(",biennial,units_per_container,full_containers,opened_container_units,dea_registration,address\n", text);
        Assert.Contains(",1000,2,5,PR5550187,\"2200 Linden Avenue, Riverbend, OH 45410\"\n", text);

        using var page = new CookieSession(Server.BaseAddress);
        await page.SignInAsync("nurse", "nurse-demo-2026");
        var html = WebUtility.HtmlDecode(await page.Client.GetStringAsync($"/inventory/closes/{closeId}"));
        Assert.Contains("PR5550187", html);
        Assert.Contains("2 full × 1,000 mL + 1 opened (5 mL)", html);
    }

    [Fact]
    public async Task The_administrator_records_each_sites_own_registration_number()
    {
        using var page = new CookieSession(Server.BaseAddress);
        await page.SignInAsync("admin", "admin-demo-2026");
        var code = "R" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        async Task<string> Post(string handler, Dictionary<string, string> fields)
        {
            using var response = await page.PostFormAsync($"/admin/sites?handler={handler}", "/admin/sites", fields);
            return response.StatusCode == HttpStatusCode.Redirect ? "" : await response.Content.ReadAsStringAsync();
        }

        // A number with a wrong check digit, or one another site holds, is refused with the reason.
        Assert.Contains("fails the DEA check digit (the last digit should be 3)",
            await Post("Site", new() { ["name"] = "Northside " + code, ["code"] = code, ["deaRegistration"] = "PN1234567" }));
        Assert.Contains("is Riverbend Downtown OTP&#x27;s registration",
            await Post("Site", new() { ["name"] = "Northside " + code, ["code"] = code, ["deaRegistration"] = "PR5550149" }));
        Assert.Equal("", await Post("Site", new() { ["name"] = "Northside " + code, ["code"] = code, ["deaRegistration"] = "pn1234563" }));

        using var admin = await Server.As("admin");
        var listed = await page.Client.GetStringAsync("/admin/sites");
        Assert.Contains("value=\"PN1234563\"", listed);
        var id = (await admin.GetAsync("/api/v1/sites/").Expect(HttpStatusCode.OK)).EnumerateArray().Single(s => s.GetProperty("code").GetString() == code).GetProperty("id").GetInt32();
        Assert.Equal("", await Post("Registration", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["deaRegistration"] = "PN7654329" }));
        Assert.Contains("value=\"PN7654329\"", await page.Client.GetStringAsync("/admin/sites"));
        Assert.Contains("There is no site 999999", await Post("Registration", new() { ["id"] = "999999", ["deaRegistration"] = "" }));
    }

    [Fact]
    public async Task Two_administrators_giving_one_number_to_two_sites_at_once_leave_it_with_one_and_tell_the_other()
    {
        using var admin = await Server.As("admin");
        var ids = new List<int>();
        foreach (var name in new[] { "East", "West" })
        {
            var code = name[..1] + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            using var first = new CookieSession(Server.BaseAddress);
            await first.SignInAsync("admin", "admin-demo-2026");
            using var made = await first.PostFormAsync("/admin/sites?handler=Site", "/admin/sites", new() { ["name"] = $"{name} {code}", ["code"] = code });
            Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
            ids.Add((await admin.GetAsync("/api/v1/sites/").Expect(HttpStatusCode.OK)).EnumerateArray().Single(x => x.GetProperty("code").GetString() == code).GetProperty("id").GetInt32());
        }

        using var east = new CookieSession(Server.BaseAddress);
        using var west = new CookieSession(Server.BaseAddress);
        await east.SignInAsync("admin", "admin-demo-2026");
        await west.SignInAsync("admin", "admin-demo-2026");
        var random = new Random(6);
        for (var round = 0; round < 8; round++)
        {
            // A fresh, valid number each round, saved for both sites at the same moment: the check before the save can
            // pass for both, and then the database's unique index decides.
            var digits = random.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            var number = "PN" + digits + Mainstay.Clinical.Inventory.DeaRegistration.CheckDigit(digits);
            var saves = new[] { (east, ids[0]), (west, ids[1]) }.Select(async x =>
            {
                using var response = await x.Item1.PostFormAsync("/admin/sites?handler=Registration", "/admin/sites",
                    new() { ["id"] = x.Item2.ToString(System.Globalization.CultureInfo.InvariantCulture), ["deaRegistration"] = number });
                return (response.StatusCode, Body: WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
            }).ToList();
            var results = await Task.WhenAll(saves);
            Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{r.StatusCode}: {r.Body[..Math.Min(r.Body.Length, 300)]}"));
            Assert.Single(results, r => r.StatusCode == HttpStatusCode.Redirect);
            var refused = results.Single(r => r.StatusCode == HttpStatusCode.OK).Body;
            Assert.Contains($"{number} is ", refused);
            Assert.Contains("each registered location has its own", refused);
            var listed = await east.Client.GetStringAsync("/admin/sites");
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(listed, $"value=\"{number}\""));
        }
    }
}

public sealed class ControlledStockRecordsOnSqlite(SqliteClinic fixture) : ControlledStockRecordsTests(fixture), IClassFixture<SqliteClinic>;

public sealed class ControlledStockRecordsOnPostgres(PostgresClinic fixture) : ControlledStockRecordsTests(fixture), IClassFixture<PostgresClinic>;
