using System.Net;
using Mainstay.Clinical.Medication;
using Mainstay.Data;
using Mainstay.Features.Dosing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Infrastructure;

/// <summary>
/// A dosing history written straight into the database (the window only doses today): three patients whose retention is
/// known by hand — methadone dosed every day for 200 days up to today (still in treatment), methadone for 50 days and
/// gone 150 days ago (left at day 49), buprenorphine for 11 days and gone 90 days ago (left at day 10). At a site of
/// their own (<see cref="AddSiteAsync"/>) they are the whole curve; the demo clinic's own dose history is at sites 1 and 2.
/// </summary>
public static class DoseHistory
{
    public static async Task<Guid[]> SeedAsync(ClinicServer server, string family, int siteId = 1)
    {
        using var prescriber = await server.As("prescriber");
        var today = DateOnly.FromDateTime(DateTime.Now);
        var plan = new (string Given, Moud Medication, int From, int To)[]
        {
            ("Ada", Moud.Methadone, -200, 0),
            ("Ben", Moud.Methadone, -200, -151),
            ("Cy", Moud.Buprenorphine, -100, -90),
        };
        var ids = new List<Guid>();
        foreach (var (given, medication, from, to) in plan)
        {
            var p = await prescriber.PostJson("/api/v1/patients", new { givenName = given, familyName = family, birthDate = "1985-06-01", sexAtBirth = "male", siteId })
                .Expect(HttpStatusCode.Created);
            var id = p.GetProperty("id").GetGuid();
            var order = await prescriber.PostJson($"/api/v1/patients/{id}/orders", new
            {
                medication = medication == Moud.Methadone ? "methadone" : "buprenorphine",
                doseMg = medication == Moud.Methadone ? 30 : 8,
                startDate = today.AddDays(from).ToString("yyyy-MM-dd"),
                overrideReason = "history for the retention report",
            }).Expect(HttpStatusCode.Created);
            var orderId = order.GetProperty("id").GetGuid();
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            for (var day = from; day <= to; day++)
            {
                var date = today.AddDays(day);
                db.Dispenses.Add(new Dispense
                {
                    Id = Guid.NewGuid(),
                    PatientId = id,
                    SiteId = siteId,
                    OrderId = orderId,
                    LineageId = orderId,
                    DoseDate = date,
                    Slot = 1,
                    ClaimedSlot = 1,
                    Medication = medication,
                    OrderedMg = medication == Moud.Methadone ? 30 : 8,
                    AmountMg = medication == Moud.Methadone ? 30 : 8,
                    Observed = true,
                    At = new DateTimeOffset(date.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero),
                    Nurse = "history",
                });
            }

            await db.SaveChangesAsync();
            ids.Add(id);
        }

        return [.. ids];
    }

    /// <summary>A site of the demo organization with nobody at it yet; every all-sites account (director, prescriber) may use it.</summary>
    public static async Task<int> AddSiteAsync(ClinicServer server, string name)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var organization = await db.Organizations.Select(o => o.Id).FirstAsync();
        var site = new Mainstay.Features.Sites.Site { OrganizationId = organization, Name = $"{name} history clinic", Code = name[..3].ToUpperInvariant(), CreatedAt = DateTimeOffset.UtcNow };
        db.Sites.Add(site);
        await db.SaveChangesAsync();
        return site.Id;
    }
}
