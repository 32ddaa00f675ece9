using Bogus;
using Mainstay.Clinical.Demographics;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Demo;

/// <summary>
/// A deterministic demo program: one organization, two sites, staff for every role and about
/// 300 synthetic patients (Bogus, fixed seed). Synthetic only: no real person is described.
/// </summary>
public static class DemoClinic
{
    public const int Seed = 20260501;
    public const int PatientCount = 300;

    /// <summary>Ages are computed against this date, so the same seed gives the same people every year.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 1, 1);

    /// <summary>The demo sites. Their DEA registration numbers are made up (the check digit is right; the six digits echo the phone numbers).</summary>
    public static readonly (string Name, string Code, string Address, string Phone, string DeaRegistration)[] Sites =
    [
        ("Riverbend Downtown OTP", "DTN", "410 Water Street, Riverbend, OH 45402", "(937) 555-0140", "PR5550149"),
        ("Riverbend Eastside Clinic", "EST", "2200 Linden Avenue, Riverbend, OH 45410", "(937) 555-0188", "PR5550187"),
    ];

    public sealed record DemoAccount(string Username, string Role, string Password, string DisplayName, int[]? SiteIndexes);

    public static readonly DemoAccount[] Accounts =
    [
        new("admin", Roles.Admin, "admin-demo-2026", "Avery Admin", null),
        new("prescriber", Roles.Prescriber, "prescriber-demo-2026", "Dr. Priya Raman, MD", null),
        new("nurse", Roles.Nurse, "nurse-demo-2026", "Dana Ortiz, RN", null),
        new("nurse.east", Roles.Nurse, "nurse-east-demo-2026", "Sam Whitfield, LPN", [1]),
        new("counselor", Roles.Counselor, "counselor-demo-2026", "Jordan Ellis, LCSW", null),
        new("intake", Roles.Intake, "intake-demo-2026", "Morgan Lee", null),
        new("director", Roles.Director, "director-demo-2026", "Riley Chen", null),
        new("auditor", Roles.Auditor, "auditor-demo-2026", "Casey Brooks", null),
        new("patient", Roles.Patient, "patient-demo-2026", "Demo Patient", []),
    ];

    /// <summary>Seeds the demo clinic when the database holds no organization yet. True when it seeded.</summary>
    public static async Task<bool> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<MainstayDb>();
        if (await db.Organizations.AnyAsync(ct))
        {
            return false;
        }

        var clock = sp.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var org = new Organization { Name = "Riverbend Recovery Services", CreatedAt = now };
        db.Organizations.Add(org);
        var sites = Sites.Select(s => new Site
        {
            Organization = org,
            Name = s.Name,
            Code = s.Code,
            Address = s.Address,
            Phone = s.Phone,
            DeaRegistration = s.DeaRegistration,
            CreatedAt = now,
        }).ToList();
        db.Sites.AddRange(sites);
        await db.SaveChangesAsync(ct);

        var accounts = sp.GetRequiredService<UserAccounts>();
        foreach (var a in Accounts)
        {
            var siteIds = a.SiteIndexes?.Select(i => sites[i].Id).ToList();
            var outcome = await accounts.CreateAsync(new NewUserAccount(a.Username, a.Role, a.Password, siteIds, a.DisplayName), ct);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {a.Username}: {outcome.Refusal!.Message}");
            }
        }

        await AddPatientsAsync(db, sites, now, ct);
        await AddMedicationAsync(db, sites, now, ct);
        await DemoAdmissions.AddAsync(db, sites, now, ct);
        await DemoScreens.AddAsync(db, sites, now, ct);
        await DemoIntakes.AddAsync(db, now, ct);
        await DemoCounseling.AddAsync(db, sites, now, ct);
        await DemoDirectory.AddAsync(db, sites, now, ct);
        await DemoHistory.AddAsync(db, sites, now, ct);
        await ReportedRaceAndEthnicity.FillAsync(db, sp.GetRequiredService<AuditTrail>(), now, ct); // the charts take their intakes' answers, as completing them does
        sp.GetRequiredService<AuditTrail>().Record("seed", "Organization", org.Id.ToString(),
            detail: $"demo clinic: {sites.Count} sites, {PatientCount} patients, {Accounts.Length} accounts");
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static async Task AddPatientsAsync(MainstayDb db, List<Site> sites, DateTimeOffset now, CancellationToken ct)
    {
        var people = Generate(PatientCount, Seed);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var serial = await db.Counters.Where(c => c.Name == Counter.MrnSerial).Select(c => c.Value).SingleAsync(ct);
        foreach (var person in people)
        {
            serial++;
            var patient = person.ToPatient(MedicalRecordNumber.FromSerial(serial).ToString(), sites[person.SiteIndex].Id, now);
            db.Patients.Add(patient);
        }

        await db.Counters.Where(c => c.Name == Counter.MrnSerial).ExecuteUpdateAsync(u => u.SetProperty(c => c.Value, serial), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Active patients get a methadone or buprenorphine order that started weeks ago, and each site gets a stock lot of
    /// each medication, so the dosing window has a queue the morning the demo starts.
    /// </summary>
    private static async Task AddMedicationAsync(MainstayDb db, List<Site> sites, DateTimeOffset now, CancellationToken ct)
    {
        var f = new Faker("en") { Random = new Randomizer(Seed + 1) };
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var active = await db.Patients.Where(p => p.Status == PatientStatus.Active).OrderBy(p => p.Mrn).Select(p => new { p.Id, p.SiteId }).ToListAsync(ct);
        foreach (var p in active)
        {
            var methadone = f.Random.Bool(0.6f);
            var start = today.AddDays(-f.Random.Int(20, 400));
            var id = Guid.CreateVersion7(now);
            db.MedicationOrders.Add(new Orders.MedicationOrder
            {
                Id = id,
                PatientId = p.Id,
                SiteId = p.SiteId,
                LineageId = id,
                Version = 1,
                Medication = methadone ? Clinical.Medication.Moud.Methadone : Clinical.Medication.Moud.Buprenorphine,
                DoseMg = methadone ? 5 * f.Random.Int(8, 24) : 2 * f.Random.Int(4, 12),
                Schedule = "daily",
                StartDate = start,
                Status = Orders.OrderStatus.Active,
                Prescriber = "prescriber",
                Findings = "[]",
                CreatedAt = new DateTimeOffset(start.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
            });
        }

        var lots = new Dictionary<(int, Clinical.Medication.Moud), Dosing.StockLot>();
        foreach (var site in sites)
        {
            foreach (var (medication, lot, containers, form, strength, unit, perContainer) in new[]
                     {
                         (Clinical.Medication.Moud.Methadone, $"MTD-{site.Code}-2611A", 200, "oral concentrate 10 mg/mL", 10m, "mL", 1000m),
                         (Clinical.Medication.Moud.Buprenorphine, $"BUP-{site.Code}-2611A", 250, "sublingual tablet 8 mg", 8m, "tablet", 100m),
                     })
            {
                var mg = Clinical.Inventory.ControlledStock.ContentsMg(containers, perContainer, strength);
                var stock = new Dosing.StockLot
                {
                    Id = Guid.CreateVersion7(now),
                    SiteId = site.Id,
                    Medication = medication,
                    Lot = lot,
                    ExpiresOn = today.AddYears(2),
                    BalanceMg = mg,
                    Version = 1,
                    Form = form,
                    MgPerUnit = strength,
                    Unit = unit,
                    UnitsPerContainer = perContainer,
                };
                db.StockLots.Add(stock);
                lots[(site.Id, medication)] = stock;
                db.InventoryEntries.Add(new Dosing.InventoryEntry
                {
                    SiteId = site.Id,
                    LotId = stock.Id,
                    Kind = "receipt",
                    QuantityMg = mg,
                    BalanceAfterMg = mg,
                    Supplier = "Demo Pharma Supply",
                    SupplierRegistration = "RD1234563", // made up, with a right check digit
                    Invoice = "INV-DEMO-1",
                    Containers = containers,
                    Reason = "opening stock (demo)",
                    By = "system",
                    At = now.AddDays(-70),
                });
            }
        }

        await db.SaveChangesAsync(ct);

        // The last week at the window: most patients came every day; some stopped coming 2-6 days ago, so the
        // queue opens with missed-dose advice to act on. Each dose leaves its lot through the ledger.
        // In chart-number order: ids made in the same instant do not sort the same way twice, chart numbers do.
        var orders = await (from o in db.MedicationOrders join p in db.Patients on o.PatientId equals p.Id orderby p.Mrn, o.StartDate select o).ToListAsync(ct);
        foreach (var o in orders)
        {
            var lastDay = f.Random.Bool(0.85f) ? 1 : f.Random.Int(3, 7);
            for (var back = 7; back >= lastDay; back--)
            {
                var day = today.AddDays(-back);
                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero).AddMinutes(f.Random.Int(0, 240));
                AddDose(db, o, lots[(o.SiteId, o.Medication)], day, at);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>A whole, observed dose of <paramref name="order"/> given at the window, and its line in the lot's ledger.</summary>
    internal static void AddDose(MainstayDb db, Orders.MedicationOrder order, Dosing.StockLot lot, DateOnly day, DateTimeOffset at)
    {
        var dispense = new Dosing.Dispense
        {
            Id = Guid.CreateVersion7(at),
            PatientId = order.PatientId,
            SiteId = order.SiteId,
            OrderId = order.Id,
            LineageId = order.LineageId,
            DoseDate = day,
            Slot = 1,
            ClaimedSlot = 1,
            Medication = order.Medication,
            OrderedMg = order.DoseMg,
            AmountMg = order.DoseMg,
            LotId = lot.Id,
            Lot = lot.Lot,
            Observed = true,
            At = at,
            Nurse = "nurse",
        };
        lot.BalanceMg -= order.DoseMg;
        lot.Version++;
        db.Dispenses.Add(dispense);
        db.InventoryEntries.Add(new Dosing.InventoryEntry
        {
            SiteId = order.SiteId,
            LotId = lot.Id,
            Kind = "dispense",
            QuantityMg = -order.DoseMg,
            BalanceAfterMg = lot.BalanceMg,
            DispenseId = dispense.Id,
            By = "nurse",
            At = at,
        });
    }

    /// <summary>One synthetic person; <see cref="Generate"/> makes the same list for the same seed.</summary>
    public sealed record SyntheticPerson(
        Guid Id, string Given, string? Middle, string Family, DateOnly BirthDate, SexAtBirth Sex, int SiteIndex,
        PatientStatus Status, string Phone, string City, string PostalCode, string Language, (string Substance, string Reaction, AllergySeverity Severity)? Allergy)
    {
        public Patient ToPatient(string mrn, int siteId, DateTimeOffset now)
        {
            var p = new Patient
            {
                Id = Id,
                Mrn = mrn,
                SiteId = siteId,
                GivenName = Given,
                MiddleName = Middle,
                FamilyName = Family,
                BirthDate = BirthDate,
                SexAtBirth = Sex,
                Phone = Phone,
                City = City,
                State = "OH",
                PostalCode = PostalCode,
                PreferredLanguage = Language,
                Status = Status,
                FamilyKey = NameKey.Of(Family),
                GivenKey = NameKey.Of(Given),
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            };
            if (Allergy is { } a)
            {
                p.Allergies.Add(new Allergy
                {
                    Id = Guid.CreateVersion7(now),
                    PatientId = Id,
                    SiteId = siteId,
                    Substance = a.Substance,
                    Reaction = a.Reaction,
                    Severity = a.Severity,
                    RecordedAt = now,
                    RecordedBy = "intake",
                });
            }

            return p;
        }
    }

    private static readonly (string, string, AllergySeverity)[] AllergyChoices =
    [
        ("Penicillin", "hives", AllergySeverity.Moderate),
        ("Sulfa drugs", "rash", AllergySeverity.Mild),
        ("Naltrexone", "injection-site reaction", AllergySeverity.Moderate),
        ("Codeine", "anaphylaxis", AllergySeverity.Severe),
        ("Latex", "contact dermatitis", AllergySeverity.Mild),
        ("Peanuts", "anaphylaxis", AllergySeverity.Severe),
    ];

    public static List<SyntheticPerson> Generate(int count, int seed)
    {
        var f = new Faker("en") { Random = new Randomizer(seed) };
        var people = new List<SyntheticPerson>(count);
        for (var i = 0; i < count; i++)
        {
            var sex = f.Random.WeightedRandom([SexAtBirth.Male, SexAtBirth.Female, SexAtBirth.Intersex], [0.62f, 0.37f, 0.01f]);
            var gender = sex == SexAtBirth.Female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
            var age = f.Random.WeightedRandom([f.Random.Int(18, 25), f.Random.Int(26, 39), f.Random.Int(40, 54), f.Random.Int(55, 78)], [0.18f, 0.45f, 0.25f, 0.12f]);
            var birth = ReferenceDate.AddYears(-age).AddDays(-f.Random.Int(0, 364));
            var status = f.Random.WeightedRandom(
                [PatientStatus.Active, PatientStatus.Waitlist, PatientStatus.Inactive, PatientStatus.Discharged],
                [0.72f, 0.08f, 0.08f, 0.12f]);
            (string, string, AllergySeverity)? allergy = f.Random.Bool(0.15f) ? f.PickRandom(AllergyChoices) : null;
            people.Add(new SyntheticPerson(
                f.Random.Guid(),
                f.Name.FirstName(gender),
                f.Random.Bool(0.4f) ? f.Name.FirstName(gender) : null,
                f.Name.LastName(),
                birth,
                sex,
                f.Random.WeightedRandom([0, 1], [0.6f, 0.4f]),
                status,
                f.Phone.PhoneNumber("(937) 555-####"),
                f.PickRandom("Riverbend", "Riverbend", "Fairborn", "Kettering", "Xenia", "Huber Heights"),
                f.PickRandom("45402", "45403", "45410", "45324", "45429", "45385"),
                f.Random.WeightedRandom(["English", "Spanish", "Arabic", "Haitian Creole"], [0.86f, 0.1f, 0.02f, 0.02f]),
                allergy));
        }

        return people;
    }

    public static void PrintSignIns(TextWriter output)
    {
        output.WriteLine("Demo sign-ins (synthetic clinic; change or remove before real use):");
        output.WriteLine($"  {"username",-12} {"password",-22} role");
        foreach (var a in Accounts)
        {
            var sites = a.SiteIndexes is null ? "all sites" : a.SiteIndexes.Length == 0 ? "portal" : string.Join(", ", a.SiteIndexes.Select(i => Sites[i].Name));
            output.WriteLine($"  {a.Username,-12} {a.Password,-22} {a.Role} ({sites})");
        }
    }
}
