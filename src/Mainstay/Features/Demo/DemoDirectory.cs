using Bogus;
using Mainstay.Data;
using Mainstay.Features.Counseling;
using Mainstay.Features.Locator;
using Mainstay.Features.Sites;

namespace Mainstay.Features.Demo;

/// <summary>
/// The demo's "find help" directory: the program's own two sites (linked, so a call-back reaches their intake) and 40
/// made-up programs in towns around them, placed at their ZIP codes' centres with a little spread.
/// </summary>
internal static class DemoDirectory
{
    private static readonly string[] Zips =
        ["45402", "45410", "45440", "45385", "45424", "45324", "45202", "43215", "45601", "45502", "45373", "45069", "45011", "45005", "45066", "45429", "45342", "45417"];

    public static async Task AddAsync(MainstayDb db, List<Site> sites, DateTimeOffset now, CancellationToken ct)
    {
        var f = new Faker("en") { Random = new Randomizer(DemoClinic.Seed + 13) };
        var zips = new ZipCentroids();
        string K<TEnum>(TEnum e) where TEnum : struct, Enum => CounselingCalendar.IntakeKebab(e);
        DirectoryListing Listing(string program, string? siteName, string zip, string? address, string? phone, IEnumerable<string> services, IEnumerable<string> settings,
            IEnumerable<string> payments, IEnumerable<string> languages, IEnumerable<string> populations, string hours, int? siteId, double spread)
        {
            var (lat, lon) = zips.Find(zip)!.Value;
            return new DirectoryListing
            {
                Id = Guid.CreateVersion7(now),
                Program = program,
                SiteName = siteName,
                Address = address,
                City = "Riverbend",
                State = "OH",
                Zip = zip,
                Latitude = lat + f.Random.Double(-spread, spread),
                Longitude = lon + f.Random.Double(-spread, spread),
                Phone = phone,
                Hours = hours,
                Services = string.Join(",", services),
                Settings = string.Join(",", settings),
                Payments = string.Join(",", payments),
                Languages = string.Join(",", languages),
                Populations = populations.Any() ? string.Join(",", populations) : null,
                MainstaySiteId = siteId,
                UpdatedAt = now,
                UpdatedBy = "admin",
            };
        }

        db.DirectoryListings.Add(Listing("Riverbend Recovery Services", "Downtown OTP", "45402", sites[0].Address, sites[0].Phone,
            [K(DirectoryService.Methadone), K(DirectoryService.Buprenorphine), K(DirectoryService.Naltrexone), K(DirectoryService.WithdrawalManagement),
             K(DirectoryService.Residential), K(DirectoryService.Counseling), K(DirectoryService.SupportGroups)],
            [K(CareSetting.Outpatient), K(CareSetting.Residential)], [K(Payment.Medicaid), K(Payment.Medicare), K(Payment.PrivateInsurance), K(Payment.SlidingScale)],
            ["english", "spanish"], [K(Population.PregnantWomen), K(Population.Veterans)], "Dosing Mon–Fri 6:00–11:00, Sat 7:00–10:00", sites[0].Id, 0));
        db.DirectoryListings.Add(Listing("Riverbend Recovery Services", "Eastside Clinic", "45410", sites[1].Address, sites[1].Phone,
            [K(DirectoryService.Buprenorphine), K(DirectoryService.Naltrexone), K(DirectoryService.Outpatient), K(DirectoryService.IntensiveOutpatient), K(DirectoryService.Counseling)],
            [K(CareSetting.Outpatient), K(CareSetting.Telehealth)], [K(Payment.Medicaid), K(Payment.PrivateInsurance), K(Payment.SlidingScale)],
            ["english"], [K(Population.Adolescents)], "Mon–Thu 8:00–19:00, Fri 8:00–17:00", sites[1].Id, 0));

        var kinds = new[] { "Recovery Center", "Treatment Services", "Health Partners", "Family Clinic", "Counseling Group", "Recovery House", "Community Health" };
        for (var i = 0; i < 40; i++)
        {
            var kind = f.PickRandom(kinds);
            var house = kind == "Recovery House";
            var services = house
                ? new List<DirectoryService> { DirectoryService.SoberLiving, DirectoryService.SupportGroups }
                : f.PickRandom([DirectoryService.Methadone, DirectoryService.Buprenorphine, DirectoryService.Naltrexone, DirectoryService.Outpatient,
                    DirectoryService.IntensiveOutpatient, DirectoryService.Counseling, DirectoryService.SupportGroups, DirectoryService.WithdrawalManagement,
                    DirectoryService.Residential], f.Random.Int(2, 5)).ToList();
            var settings = new List<CareSetting> { services.Contains(DirectoryService.Residential) || house ? CareSetting.Residential : CareSetting.Outpatient };
            if (services.Contains(DirectoryService.WithdrawalManagement) && f.Random.Bool())
            {
                settings.Add(CareSetting.HospitalInpatient);
            }

            if (f.Random.Bool(0.3f))
            {
                settings.Add(CareSetting.Telehealth);
            }

            var payments = f.PickRandom(Enum.GetValues<Payment>(), f.Random.Int(1, 4)).ToList();
            var languages = new List<string> { "english" };
            if (f.Random.Bool(0.35f))
            {
                languages.Add(f.PickRandom("spanish", "arabic", "somali", "haitian creole", "vietnamese"));
            }

            var populations = f.Random.Bool(0.4f) ? f.PickRandom(Enum.GetValues<Population>(), 1).Select(K).ToList() : [];
            db.DirectoryListings.Add(Listing($"{f.Name.LastName()} {kind}", null, f.PickRandom(Zips), f.Address.StreetAddress(), f.Phone.PhoneNumber("(937) 555-0###"),
                services.Select(K), settings.Select(K), payments.Select(K), languages, populations,
                f.PickRandom("Mon–Fri 8:00–17:00", "Mon–Sat 7:00–19:00", "Open 24 hours", "Tue–Thu 9:00–20:00"), null, 0.03));
        }

        await db.SaveChangesAsync(ct);
    }
}
