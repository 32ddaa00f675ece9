using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Alerts;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Beds;
using Mainstay.Features.Consents;
using Mainstay.Features.Dosing;
using Mainstay.Features.Fhir;
using Mainstay.Features.Inventory;
using Mainstay.Features.Orders;
using Mainstay.Features.Overdose;
using Mainstay.Features.Patients;
using Mainstay.Features.Plans;
using Mainstay.Features.Reports;
using Mainstay.Features.Screens;
using Mainstay.Features.Sites;
using Mainstay.Features.Withdrawal;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Mainstay.Data;

/// <summary>
/// The clinic's database. One schema, two providers (SQLite embedded, PostgreSQL for larger
/// deployments), each with its own migrations: see <see cref="SqliteMainstayDb"/> and
/// <see cref="PostgresMainstayDb"/>. Audit events added to the context are chained and stored in the
/// same transaction as the change they record.
/// </summary>
public abstract class MainstayDb(DbContextOptions options)
    : IdentityDbContext<UserAccount, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<SiteGrant> SiteGrants => Set<SiteGrant>();
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<Allergy> Allergies => Set<Allergy>();
    public DbSet<PatientIdentifier> PatientIdentifiers => Set<PatientIdentifier>();
    public DbSet<PatientRevision> PatientRevisions => Set<PatientRevision>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<AssessmentAmendment> AssessmentAmendments => Set<AssessmentAmendment>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<TreatmentPlan> TreatmentPlans => Set<TreatmentPlan>();
    public DbSet<TreatmentPlanVersion> TreatmentPlanVersions => Set<TreatmentPlanVersion>();
    public DbSet<PlanReview> PlanReviews => Set<PlanReview>();
    public DbSet<WithdrawalEpisode> WithdrawalEpisodes => Set<WithdrawalEpisode>();
    public DbSet<FlowsheetEntry> FlowsheetEntries => Set<FlowsheetEntry>();
    public DbSet<MedicationOrder> MedicationOrders => Set<MedicationOrder>();
    public DbSet<Dispense> Dispenses => Set<Dispense>();
    public DbSet<StockLot> StockLots => Set<StockLot>();
    public DbSet<InventoryEntry> InventoryEntries => Set<InventoryEntry>();
    public DbSet<StockDayClose> StockDayCloses => Set<StockDayClose>();
    public DbSet<TakeHomeDecision> TakeHomeDecisions => Set<TakeHomeDecision>();
    public DbSet<GuestDosing> GuestDosings => Set<GuestDosing>();
    public DbSet<PatientPhoto> PatientPhotos => Set<PatientPhoto>();
    public DbSet<PatientAlert> PatientAlerts => Set<PatientAlert>();
    public DbSet<DrugScreen> DrugScreens => Set<DrugScreen>();
    public DbSet<NaloxoneKit> NaloxoneKits => Set<NaloxoneKit>();
    public DbSet<OverdoseEvent> OverdoseEvents => Set<OverdoseEvent>();
    public DbSet<OutsideRecord> OutsideRecords => Set<OutsideRecord>();
    public DbSet<FhirExportJob> FhirExportJobs => Set<FhirExportJob>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<EmergencyAccess> EmergencyAccesses => Set<EmergencyAccess>();
    public DbSet<Inquiry> Inquiries => Set<Inquiry>();
    public DbSet<InquiryActivity> InquiryActivities => Set<InquiryActivity>();
    public DbSet<TreatmentEpisode> TreatmentEpisodes => Set<TreatmentEpisode>();
    public DbSet<EnrollmentCheck> EnrollmentChecks => Set<EnrollmentCheck>();
    public DbSet<RegistryEnrollment> RegistryEnrollments => Set<RegistryEnrollment>();
    public DbSet<CareUnit> CareUnits => Set<CareUnit>();
    public DbSet<Bed> Beds => Set<Bed>();
    public DbSet<BedStay> BedStays => Set<BedStay>();
    public DbSet<Mainstay.Features.Discharge.AftercareItem> AftercareItems => Set<Mainstay.Features.Discharge.AftercareItem>();
    public DbSet<Mainstay.Features.Discharge.AftercareContact> AftercareContacts => Set<Mainstay.Features.Discharge.AftercareContact>();
    public DbSet<Mainstay.Features.Counseling.CounselingGroup> CounselingGroups => Set<Mainstay.Features.Counseling.CounselingGroup>();
    public DbSet<Mainstay.Features.Counseling.GroupMember> GroupMembers => Set<Mainstay.Features.Counseling.GroupMember>();
    public DbSet<Mainstay.Features.Counseling.CounselingSession> CounselingSessions => Set<Mainstay.Features.Counseling.CounselingSession>();
    public DbSet<Mainstay.Features.Counseling.SessionAttendance> SessionAttendance => Set<Mainstay.Features.Counseling.SessionAttendance>();
    public DbSet<Mainstay.Features.Counseling.ProgressNote> ProgressNotes => Set<Mainstay.Features.Counseling.ProgressNote>();
    public DbSet<Mainstay.Features.Counseling.ProgressNoteAmendment> ProgressNoteAmendments => Set<Mainstay.Features.Counseling.ProgressNoteAmendment>();
    public DbSet<Mainstay.Features.Recovery.CheckIn> CheckIns => Set<Mainstay.Features.Recovery.CheckIn>();
    public DbSet<Mainstay.Features.Recovery.ContingencyEnrollment> ContingencyEnrollments => Set<Mainstay.Features.Recovery.ContingencyEnrollment>();
    public DbSet<Mainstay.Features.Recovery.ContingencyOpportunityRecord> ContingencyOpportunities => Set<Mainstay.Features.Recovery.ContingencyOpportunityRecord>();
    public DbSet<Mainstay.Features.Recovery.ContingencyReward> ContingencyRewards => Set<Mainstay.Features.Recovery.ContingencyReward>();
    public DbSet<Mainstay.Features.Portal.PortalInvitation> PortalInvitations => Set<Mainstay.Features.Portal.PortalInvitation>();
    public DbSet<Mainstay.Features.Locator.DirectoryListing> DirectoryListings => Set<Mainstay.Features.Locator.DirectoryListing>();
    public DbSet<RetentionCourse> RetentionCourses => Set<RetentionCourse>();
    public DbSet<EpisodeUrineWeeks> EpisodeUrineWeeks => Set<EpisodeUrineWeeks>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The next value of a named counter, taken under the counter row's lock (inside the caller's transaction).</summary>
    public Task<long> NextNumberAsync(string counter, CancellationToken ct) => NextNumbersAsync(counter, 1, ct);

    /// <summary>Takes the next <paramref name="count"/> numbers of a counter in one statement; returns the last of them.</summary>
    public async Task<long> NextNumbersAsync(string counter, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (Database.CurrentTransaction is not null)
        {
            // The counter's row stays locked until the transaction ends, and its save takes the chain head. Taken first here,
            // as every locked write takes it, so no two transactions each hold one and wait for the other (a registration
            // and an admission at the same moment: PostgreSQL would end one as a deadlock).
            await LockChainHeadAsync(ct);
        }

        var values = await Database
            .SqlQuery<long>($"""UPDATE "Counters" SET "Value" = "Value" + {count} WHERE "Name" = {counter} RETURNING "Value" """)
            .ToListAsync(ct);
        return values.Single();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MainstayDb).Assembly, t => t.Namespace == typeof(MainstayDb).Namespace + ".Configurations");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HavePrecision(6);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("Use SaveChangesAsync: the audit chain is appended asynchronously.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        SaveAsync(prepared: false, acceptAllChangesOnSuccess, cancellationToken);

    /// <summary>
    /// Saves as <see cref="SaveChangesAsync(bool, CancellationToken)"/> does (the audit chain, the report rows kept in step)
    /// but writes the inserts and updates as prepared statements (<see cref="PreparedWrites"/>) and then stops tracking
    /// every entity: for a unit of work that writes many rows of a few kinds and is finished (the dose recorder's batch).
    /// Keys the database generates are not read back. A save with other changes (a delete, say) goes through EF as usual.
    /// </summary>
    public Task<int> SaveBatchAsync(CancellationToken ct) => SaveBatchAsync(discarded: false, ct);

    /// <summary>
    /// As <see cref="SaveBatchAsync(CancellationToken)"/>; when <paramref name="discarded"/>, the caller disposes this context
    /// right after and saves nothing more on it, so the rows written are not detached here: the context's pool forgets
    /// them when it takes the context back (for the dose writer, on another thread while the next batch is written).
    /// </summary>
    public Task<int> SaveBatchAsync(bool discarded, CancellationToken ct) =>
        SaveAsync(prepared: true, acceptAllChangesOnSuccess: true, cancellationToken: ct, discarded: discarded);

    private async Task<int> SaveAsync(bool prepared, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken, bool discarded = false)
    {
        // One look at what changed (the saves below look again only at what the rows kept here changed).
        ChangeTracker.DetectChanges();
        var changed = Unscanned(() => ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList());
        var doses = Unscanned(() => ChangeTracker.Entries<Dispense>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList());

        if (changed.Any(e => e.State == EntityState.Added && e.Entity is Patient { Mrn.Length: 0 }))
        {
            // A bulk import numbers its new charts right before it saves (PatientRegistry.NumberChartsAsync); one left
            // unnumbered (an import that failed and left its charts tracked) must not become a chart without a number.
            throw new InvalidOperationException("A new chart has no medical record number; it was not numbered before the save.");
        }

        var pending = changed.Where(e => e.State == EntityState.Added).Select(e => e.Entity).OfType<AuditEvent>().ToList();
        var outcomes = EpisodeUrineWeeksUpkeep.Read(changed);
        if (changed.Any(e => e.Entity is UserAccount or SiteGrant or Site))
        {
            // What signed-in requests keep of their accounts is stale from now, and again when this commits.
            SignedInAccounts.Changed();
            AccountsChangedUncommitted = true;
        }

        try
        {
            return await SaveCheckedAsync(changed, pending, doses, outcomes, prepared, acceptAllChangesOnSuccess, cancellationToken, discarded);
        }
        finally
        {
            if (AccountsChangedUncommitted)
            {
                SignedInAccounts.Changed();
                AccountsChangedUncommitted = Database.CurrentTransaction is not null; // then the commit forgets them again
            }
        }
    }

    /// <summary>
    /// An account, site grant or site was saved in the transaction still open on this context: its commit or rollback
    /// (<see cref="AccountChangeWatch"/>) makes what requests kept of their accounts stale once more.
    /// </summary>
    internal bool AccountsChangedUncommitted { get; set; }

    /// <summary>The checks <see cref="RequireLiving"/> registered, with the pool lease they belong to.</summary>
    private (int Lease, List<Mainstay.Features.Discharge.LivingCheck> Checks)? livingChecks;

    /// <summary>
    /// The next save begins care for a patient who was alive when checked (<see cref="Mainstay.Features.Discharge.Deaths.RefuseAsync"/>):
    /// it checks again under the write lock, and fails with <see cref="Mainstay.Features.Discharge.PatientDiedException"/>
    /// if the patient's death was recorded meanwhile. Checks belong to this lease of the context: one left by a request
    /// that refused for another reason and saved nothing is not carried to the next request the pool lends the context to.
    /// </summary>
    public void RequireLiving(Mainstay.Features.Discharge.LivingCheck check)
    {
        var lease = ContextId.Lease;
        if (livingChecks is not { } held || held.Lease != lease)
        {
            livingChecks = (lease, []);
        }

        livingChecks.Value.Checks.Add(check);
    }

    private async Task<int> SaveCheckedAsync(
        List<EntityEntry> changed,
        List<AuditEvent> pending,
        List<EntityEntry<Dispense>> doses,
        EpisodeUrineWeeksUpkeep.Touched outcomes,
        bool prepared,
        bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken,
        bool discarded = false)
    {
        var living = livingChecks is { } held && held.Lease == ContextId.Lease ? held.Checks : null;
        livingChecks = null;
        if (pending.Count == 0 && !outcomes.Any && living is null)
        {
            await Mainstay.Features.Reports.RetentionCourses.ApplyAsync(this, doses, cancellationToken);
            return await WriteAsync(prepared, acceptAllChangesOnSuccess, cancellationToken, detach: !discarded);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            if (living is not null)
            {
                // Under the lock a death discharge also holds until it commits: one of the two saves sees the other.
                await LockChainHeadAsync(cancellationToken);
                await Mainstay.Features.Discharge.Deaths.RefuseUnderLockAsync(this, living, cancellationToken);
            }

            if (pending.Count > 0)
            {
                await AppendToChainAsync(pending, cancellationToken);
            }
            else
            {
                await LockChainHeadAsync(cancellationToken);
            }

            // Under the chain head's lock: the courses and outcome rows are read and written by one writer at a time.
            await Mainstay.Features.Reports.RetentionCourses.ApplyAsync(this, doses, cancellationToken);
            var written = await WriteAsync(prepared, acceptAllChangesOnSuccess, cancellationToken, detach: !discarded || outcomes.Recompute.Count > 0);
            if (outcomes.Any)
            {
                // Read from the rows just written, in the same transaction.
                await EpisodeUrineWeeksUpkeep.ApplyAsync(this, outcomes, cancellationToken);
                if (outcomes.Recompute.Count > 0)
                {
                    // Only a recomputation tracks rows; newly dosed episodes are marked by one UPDATE, already run.
                    written += await WriteAsync(prepared, acceptAllChangesOnSuccess, cancellationToken, detach: !discarded);
                }
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// How many entities of type <typeparamref name="T"/> were added to this unit of work. Without the scan for changes that
    /// <c>ChangeTracker.Entries</c> runs first: an Add is tracked at once, and the scan costs a comparison of every property of
    /// every tracked row (an import's hundreds of records, once per audit event).
    /// </summary>
    public int AddedCount<T>()
        where T : class =>
        Unscanned(() => ChangeTracker.Entries<T>().Count(e => e.State == EntityState.Added));

    /// <summary>Reads the change tracker's entries as they stand: <c>Entries()</c> would first scan every tracked row for changes.</summary>
    private T Unscanned<T>(Func<T> read)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// Writes what is tracked: through EF, or as prepared statements when asked and possible (then tracking nothing, unless
    /// <paramref name="detach"/> is false because the context is about to be discarded).
    /// </summary>
    private async Task<int> WriteAsync(bool prepared, bool acceptAllChangesOnSuccess, CancellationToken ct, bool detach = true)
    {
        try
        {
            if (prepared && Database.CurrentTransaction is not null)
            {
                ChangeTracker.DetectChanges();
                var changed = Unscanned(() => ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList());
                if (PreparedWrites.CanWrite(changed))
                {
                    var written = await PreparedWrites.WriteAsync(this, changed, ct);
                    if (detach)
                    {
                        ChangeTracker.Clear();
                    }

                    return written;
                }
            }

            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && IsVersionTaken(e))
        {
            // Two writers gave a record the same next version at once. Whichever row the save happened to
            // write first, the version token or the revision's unique index (prepared writes put inserts first), refuses
            // the later: the same conflict either way.
            throw new DbUpdateConcurrencyException("Someone else changed this record at the same moment.", e);
        }
    }

    /// <summary>
    /// The unique index of rows numbered by a version (a chart's revisions, an assessment's amendments, an order line's
    /// versions, a plan's signed versions) refused a row: another writer took that number first.
    /// </summary>
    internal static bool IsVersionTaken(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067
            && VersionedTables.Any(t => sqlite.Message.Contains(t + ".Version", StringComparison.Ordinal)),
        Npgsql.PostgresException pg => pg.SqlState == "23505" && pg.ConstraintName is
            "IX_PatientRevisions_Patient_Version" or "IX_AssessmentAmendments_Version" or "IX_MedicationOrders_Lineage_Version" or "IX_TreatmentPlanVersions_Version",
        _ => false,
    };

    private static readonly string[] VersionedTables = ["PatientRevisions", "AssessmentAmendments", "MedicationOrders", "TreatmentPlanVersions"];

    /// <summary>
    /// Begins a transaction that takes the write lock (the audit chain head) before anything is read, so an action
    /// that reads and then changes shared rows (a stock lot's balance at a busy dosing window) never works from a
    /// stale read: writers queue instead of failing each other's optimistic checks. Commit it after saving.
    /// </summary>
    public async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginLockedWriteAsync(CancellationToken ct)
    {
        var tx = await Database.BeginTransactionAsync(ct);
        try
        {
            await LockChainHeadAsync(ct);
            return tx;
        }
        catch
        {
            // Not left to the context's end: on SQLite the open transaction holds the write gate for every other writer.
            await tx.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Locks the chain head (PostgreSQL: row lock; SQLite: the write lock taken by the first
    /// statement), numbers and hashes the new events, and moves the head. Concurrent writers
    /// therefore append one after the other and the chain never forks.
    /// </summary>
    private async Task AppendToChainAsync(List<AuditEvent> pending, CancellationToken ct)
    {
        var head = await LockChainHeadAsync(ct);
        var sequence = head.LastSequence;
        var hash = head.LastHash;
        foreach (var e in pending.OrderBy(e => e.At))
        {
            e.Sequence = ++sequence;
            e.At = AuditChain.Normalize(e.At);
            e.PreviousHash = hash;
            e.Hash = AuditChain.ComputeHash(e);
            hash = e.Hash;
        }

        await Database.ExecuteSqlAsync(
            $"""UPDATE "AuditChainHeads" SET "LastSequence" = {sequence}, "LastHash" = {hash} WHERE "Id" = 1""", ct);
        Remember(new ChainHeadRow(sequence, hash));
    }

    /// <summary>The chain head as this transaction locked or last moved it: the lock lasts until the transaction ends.</summary>
    private (Guid Transaction, ChainHeadRow Head)? heldHead;

    private void Remember(ChainHeadRow head) =>
        heldHead = Database.CurrentTransaction is { } tx ? (tx.TransactionId, head) : null;

    private async Task<ChainHeadRow> LockChainHeadAsync(CancellationToken ct)
    {
        if (heldHead is { } held && held.Transaction == Database.CurrentTransaction?.TransactionId)
        {
            return held.Head; // locked earlier in this transaction (BeginLockedWriteAsync): no second round trip
        }

        if (Provider == DatabaseProvider.Sqlite)
        {
            // A no-op write takes SQLite's write lock before the head is read.
            await Database.ExecuteSqlRawAsync("""UPDATE "AuditChainHeads" SET "LastSequence" = "LastSequence" WHERE "Id" = 1""", ct);
        }

        var sql = Provider == DatabaseProvider.PostgreSql
            ? """SELECT "LastSequence", "LastHash" FROM "AuditChainHeads" WHERE "Id" = 1 FOR UPDATE"""
            : """SELECT "LastSequence", "LastHash" FROM "AuditChainHeads" WHERE "Id" = 1""";
        var rows = await Database.SqlQueryRaw<ChainHeadRow>(sql).ToListAsync(ct);
        if (rows.Count != 1)
        {
            throw new InvalidOperationException("The audit chain head is missing: the database was not migrated.");
        }

        Remember(rows[0]);
        return rows[0];
    }

    private sealed record ChainHeadRow(long LastSequence, string LastHash);
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>A named counter (MRN serials), advanced inside the transaction that uses the number.</summary>
public sealed class Counter
{
    public const string MrnSerial = "mrn-serial";

    /// <summary>Inquiry numbers (A-1001, A-1002…).</summary>
    public const string InquiryNumber = "inquiry-number";

    /// <summary>Present once the charts imported before the sender's identifiers were kept have them (its value: how many).</summary>
    public const string IdentifiersKept = "identifiers-kept";

    /// <summary>Present once the charts from before the chart kept race and ethnicity have them from their intakes and received records (its value: how many changed).</summary>
    public const string RaceAndEthnicityKept = "race-ethnicity-kept";

    public required string Name { get; set; }
    public long Value { get; set; }

    /// <summary>Adds <paramref name="by"/> to the counter <paramref name="name"/>, making it at 0 first if absent, and saves (the tracker then cleared).</summary>
    internal static async Task AddAsync(MainstayDb db, string name, long by, CancellationToken ct)
    {
        if (await db.Counters.FindAsync([name], ct) is { } counter)
        {
            counter.Value += by;
        }
        else
        {
            db.Counters.Add(new Counter { Name = name, Value = by });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}

public sealed class SqliteMainstayDb(DbContextOptions<SqliteMainstayDb> options) : MainstayDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite cannot order or compare DateTimeOffset values; every timestamp here is UTC, so it is
    /// stored as a UTC date-time text, which sorts and compares correctly and keeps every tick.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
}

public sealed class PostgresMainstayDb(DbContextOptions<PostgresMainstayDb> options) : MainstayDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Byte-order collation, so that a name-prefix search is an index range as on SQLite.
        builder.Entity<Patient>().Property(p => p.FamilyKey).UseCollation("C");
        builder.Entity<Patient>().Property(p => p.GivenKey).UseCollation("C");
    }
}
