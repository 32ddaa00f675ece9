using System.Globalization;
using Mainstay.Clinical.Outcomes;
using Mainstay.Data;
using Mainstay.Features.Admissions;
using Mainstay.Features.Dosing;
using Mainstay.Features.Screens;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Features.Reports;

/// <summary>
/// One treatment episode's first <see cref="Span"/> weeks of urine screens as the outcome report reads them
/// (<see cref="UrineWeeks.Summarize"/>): which weeks were negative, the running counts of screens and negative screens,
/// and the week each relapse and drop-out definition is first met. Any shorter follow-up is a prefix of these, so the
/// report is a sum over one row per episode, counted in the database, instead of every screen of the program matched to
/// every episode. The weeks and counts are packed into whole-number columns (<see cref="Packing"/>) that SQL reads with a
/// shift and a mask: a row is about 400 bytes, and a million of them are summed in about a second. Kept in step with
/// the episodes, screens and doses in the transaction that writes them (<see cref="EpisodeUrineWeeksUpkeep"/>).
/// </summary>
public sealed class EpisodeUrineWeeks
{
    /// <summary>The longest follow-up the report offers: two years.</summary>
    public const int Span = 104;

    /// <summary>Weeks 1 to <see cref="Span"/>, one bit each: set when the week was negative (negative screens only).</summary>
    public static readonly Packing NegativeWeeks = new("NegativeWeeks", 1);

    /// <summary>Per week, the screens in weeks 1 to that week (at most 1,023, held there beyond).</summary>
    public static readonly Packing ScreensUpTo = new("ScreensUpTo", 10);

    /// <summary>As <see cref="ScreensUpTo"/>, the opioid-negative screens.</summary>
    public static readonly Packing NegativesUpTo = new("NegativesUpTo", 10);

    public static IReadOnlyList<Packing> Packings { get; } = [NegativeWeeks, ScreensUpTo, NegativesUpTo];

    /// <summary>The column of a definition's first event: the last week of its first matching window, null when not met.</summary>
    public static string EventColumn(WeekDefinition definition) =>
        string.Concat(definition.Key.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + "By";

    public Guid EpisodeId { get; set; }
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public PreferredMedication Medication { get; set; }
    public DateTimeOffset AdmittedAt { get; set; }
    public DateTimeOffset? DischargedAt { get; set; }

    /// <summary>The admission's day on the clinic's calendar: the last day of week 0.</summary>
    public DateOnly AdmittedOn { get; set; }

    /// <summary>At least one dose between admission and discharge (the per-protocol population).</summary>
    public bool Dosed { get; set; }

    /// <summary>Sets the row from its episode and weeks; the packed columns are shadow properties of <paramref name="entry"/>.</summary>
    public static void Set(EntityEntry<EpisodeUrineWeeks> entry, TreatmentEpisode episode, DateOnly admittedOn, bool dosed, EpisodeWeeks weeks)
    {
        var row = entry.Entity;
        (row.EpisodeId, row.PatientId, row.SiteId, row.Medication, row.AdmittedAt, row.DischargedAt, row.AdmittedOn, row.Dosed) =
            (episode.Id, episode.PatientId, episode.SiteId, episode.PlannedMedication, episode.AdmittedAt, episode.DischargedAt, admittedOn, dosed);
        var negativeWeeks = weeks.Pattern.Select(c => c == UrineWeeks.Negative ? 1 : 0).ToList();
        foreach (var (packing, values) in new[] { (NegativeWeeks, (IReadOnlyList<int>)negativeWeeks), (ScreensUpTo, weeks.ScreensUpTo), (NegativesUpTo, weeks.NegativesUpTo) })
        {
            var columns = packing.Pack(values);
            for (var c = 0; c < columns.Length; c++)
            {
                entry.Property(packing.ColumnName(c)).CurrentValue = columns[c];
            }
        }

        foreach (var d in UrineWeeks.Definitions)
        {
            entry.Property(EventColumn(d)).CurrentValue = d.FirstEventEnds(weeks.Pattern);
        }
    }

    /// <summary>
    /// One number per week, <paramref name="Bits"/> bits each, packed into 64-bit columns <c>Prefix0</c>, <c>Prefix1</c>…
    /// (60 bits of each used, so a value is never negative): week w is in column (w−1) / per-column, shifted by
    /// Bits × ((w−1) mod per-column). SQLite and PostgreSQL both read it with <c>&gt;&gt;</c> and <c>&amp;</c>.
    /// </summary>
    public sealed record Packing(string Prefix, int Bits)
    {
        public int PerColumn => 60 / Bits;

        public int Columns => (Span + PerColumn - 1) / PerColumn;

        public long Largest => (1L << Bits) - 1;

        public string ColumnName(int column) => Prefix + column.ToString(CultureInfo.InvariantCulture);

        /// <summary>The SQL that reads week <paramref name="week"/> (1-based) of a row.</summary>
        public string Sql(int week)
        {
            var (column, shift) = Math.DivRem(week - 1, PerColumn);
            return string.Create(CultureInfo.InvariantCulture, $"""(("{ColumnName(column)}" >> {shift * Bits}) & {Largest})""");
        }

        /// <summary>Weeks 1 to <see cref="Span"/> (index 0 is week 1) into the columns' values, each held at <see cref="Largest"/>.</summary>
        public long[] Pack(IReadOnlyList<int> weeks)
        {
            var columns = new long[Columns];
            for (var w = 0; w < Math.Min(weeks.Count, Span); w++)
            {
                var (column, shift) = Math.DivRem(w, PerColumn);
                columns[column] |= Math.Min(weeks[w], Largest) << (shift * Bits);
            }

            return columns;
        }

        /// <summary>Week <paramref name="week"/> (1-based) from the columns' values, as <see cref="Sql"/> reads it.</summary>
        public int Unpack(IReadOnlyList<long> columns, int week)
        {
            var (column, shift) = Math.DivRem(week - 1, PerColumn);
            return (int)((columns[column] >> (shift * Bits)) & Largest);
        }
    }
}

/// <summary>Keeps <see cref="EpisodeUrineWeeks"/> in step: on every save that touches episodes, screens or doses, and all at once for a database without them.</summary>
public static class EpisodeUrineWeeksUpkeep
{
    /// <summary>What a save changes that the rows depend on, read from the change tracker before the save.</summary>
    public sealed record Touched(IReadOnlySet<Guid> Recompute, IReadOnlySet<Guid> NewDoses)
    {
        public bool Any => Recompute.Count > 0 || NewDoses.Count > 0;
    }

    /// <summary>
    /// The patients whose rows this save changes: every patient of an added, changed or removed episode or screen, or of a
    /// changed or removed dose (and the patient it was moved from), is read again; a newly recorded dose can only make an
    /// episode dosed, which one update sets.
    /// </summary>
    public static Touched Read(IEnumerable<EntityEntry> changed)
    {
        var recompute = new HashSet<Guid>();
        var doses = new HashSet<Guid>();
        foreach (var e in changed)
        {
            switch (e.Entity)
            {
                case Dispense d when e.State == EntityState.Added:
                    if (d.ClaimedSlot != null)
                    {
                        doses.Add(d.PatientId);
                    }

                    break;
                case Dispense or DrugScreen or TreatmentEpisode:
                    var patient = e.Property(nameof(Dispense.PatientId));
                    recompute.Add((Guid)patient.CurrentValue!);
                    if (e.State != EntityState.Added)
                    {
                        recompute.Add((Guid)patient.OriginalValue!);
                    }

                    break;
            }
        }

        doses.ExceptWith(recompute);
        return new Touched(recompute, doses);
    }

    private static readonly PerProvider<Func<MainstayDb, List<Guid>, Task<bool>>> UndosedEpisodes = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, List<Guid> patients) => db.EpisodeUrineWeeks.Any(s => !s.Dosed && patients.Contains(s.PatientId))));

    /// <summary>After the save's rows are written (same transaction): marks newly dosed episodes and reads the touched patients again.</summary>
    public static async Task ApplyAsync(MainstayDb db, Touched touched, CancellationToken ct)
    {
        // Most doses are not an episode's first: when none of the patients has an episode not yet dosed, the update below
        // has nothing to do, and one compiled read is cheaper than translating it (for the dose writer, every batch).
        if (touched.NewDoses.Count > 0 && await UndosedEpisodes.For(db)(db, touched.NewDoses.ToList()))
        {
            var patients = touched.NewDoses.ToList();
            await db.EpisodeUrineWeeks
                .Where(s => !s.Dosed && patients.Contains(s.PatientId)
                    && db.Dispenses.Any(d => d.PatientId == s.PatientId && d.ClaimedSlot != null && d.At >= s.AdmittedAt && (s.DischargedAt == null || d.At <= s.DischargedAt)))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Dosed, true), ct);
        }

        if (touched.Recompute.Count > 0)
        {
            await RecomputeAsync(db, touched.Recompute.ToList(), ct);
        }
    }

    /// <summary>Reads the patients' episodes, resulted screens and doses and brings their rows up to date (tracked, for the caller to save).</summary>
    private static async Task RecomputeAsync(MainstayDb db, List<Guid> patients, CancellationToken ct)
    {
        var zone = TimeZoneInfo.Local; // the clinic's calendar, as TimeProvider.System gives it to the report
        var episodes = await db.TreatmentEpisodes.AsNoTracking().Where(e => patients.Contains(e.PatientId))
            .Select(e => new
            {
                Episode = e,
                Dosed = db.Dispenses.Any(d => d.PatientId == e.PatientId && d.ClaimedSlot != null && d.At >= e.AdmittedAt && (e.DischargedAt == null || d.At <= e.DischargedAt)),
            })
            .ToListAsync(ct);
        DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);
        var screens = (await db.DrugScreens.AsNoTracking()
                .Where(x => patients.Contains(x.PatientId) && x.Status == "resulted" && (x.CollectedAt != null || x.ResultedAt != null))
                .Select(x => new { x.PatientId, At = x.CollectedAt ?? x.ResultedAt, x.OpioidNegative })
                .ToListAsync(ct))
            .ToLookup(x => x.PatientId, x => new ScreenDay(Day(x.At!.Value), x.OpioidNegative));
        var rows = await db.EpisodeUrineWeeks.Where(s => patients.Contains(s.PatientId)).ToDictionaryAsync(s => s.EpisodeId, ct);
        foreach (var e in episodes)
        {
            if (!rows.Remove(e.Episode.Id, out var row))
            {
                row = new EpisodeUrineWeeks { EpisodeId = e.Episode.Id };
                db.EpisodeUrineWeeks.Add(row);
            }

            var start = Day(e.Episode.AdmittedAt);
            EpisodeUrineWeeks.Set(db.Entry(row), e.Episode, start, e.Dosed, UrineWeeks.Summarize(start, screens[e.Episode.PatientId], EpisodeUrineWeeks.Span));
        }

        db.EpisodeUrineWeeks.RemoveRange(rows.Values); // episodes removed (or moved to another patient and read there)
    }

    /// <summary>
    /// Every episode's row computed again, a few thousand patients to a transaction, for a database that has episodes and
    /// no rows (one made before the rows were kept, or loaded in bulk). Returns the number of episodes.
    /// </summary>
    public static async Task<int> RebuildAsync(IServiceProvider services, IProgress<int>? progress, CancellationToken ct)
    {
        List<Guid> patients;
        await using (var reading = services.CreateAsyncScope())
        {
            var db = reading.ServiceProvider.GetRequiredService<MainstayDb>();
            db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
            await db.EpisodeUrineWeeks.ExecuteDeleteAsync(ct);
            patients = await db.TreatmentEpisodes.Select(e => e.PatientId).Distinct().ToListAsync(ct);
        }

        var written = 0;
        foreach (var chunk in patients.Chunk(2000))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
            await RecomputeAsync(db, [.. chunk], ct);
            written += await db.SaveChangesAsync(ct);
            progress?.Report(written);
        }

        return written;
    }
}
