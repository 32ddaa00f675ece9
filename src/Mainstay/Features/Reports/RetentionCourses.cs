using System.Globalization;
using Mainstay.Clinical.Medication;
using Mainstay.Clinical.Outcomes;
using Mainstay.Data;
using Mainstay.Features.Dosing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Features.Reports;

/// <summary>
/// One patient's doses as retention reads them (<see cref="DoseCourse"/>): the first dose's day, medication and site, the
/// last dose day, the last covered day and the record gaps. Kept in step with the doses in the transaction that writes
/// them, so the retention report reads one row per patient instead of every dose of the program.
/// </summary>
public sealed class RetentionCourse
{
    public Guid PatientId { get; set; }
    public int SiteId { get; set; }
    public Moud Medication { get; set; }
    public DateOnly FirstDay { get; set; }
    public DateOnly LastDay { get; set; }
    public DateOnly CoveredUntil { get; set; }

    /// <summary>The record gaps, "days:after:resumed;…" with the days as ISO dates.</summary>
    public string Gaps { get; set; } = "";

    public DoseCourse ToCourse() => new(FirstDay, Medication, LastDay, CoveredUntil, ReadGaps(Gaps));

    public void Set(DoseCourse course, int siteId)
    {
        (SiteId, Medication, FirstDay, LastDay, CoveredUntil) = (siteId, course.FirstMedication, course.FirstDay, course.LastDay, course.CoveredUntil);
        Gaps = string.Join(';', course.Gaps.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Days}:{g.After:yyyy-MM-dd}:{g.Resumed:yyyy-MM-dd}")));
    }

    public static IReadOnlyList<CourseGap> ReadGaps(string text)
    {
        var gaps = new List<CourseGap>();
        ReadGaps(text, gaps);
        return gaps;
    }

    /// <summary>Reads the record gaps into <paramref name="gaps"/>, which it clears first: a report reading every course reuses one list.</summary>
    public static void ReadGaps(string text, List<CourseGap> gaps)
    {
        gaps.Clear();
        if (text.Length == 0)
        {
            return;
        }

        foreach (var range in text.AsSpan().Split(';'))
        {
            var gap = text.AsSpan(range);
            var days = gap.IndexOf(':');
            var after = gap[(days + 1)..];
            var resumed = after.IndexOf(':');
            gaps.Add(new CourseGap(int.Parse(gap[..days], CultureInfo.InvariantCulture), Day(after[..resumed]), Day(after[(resumed + 1)..])));
        }
    }

    private static DateOnly Day(ReadOnlySpan<char> text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Keeps <see cref="RetentionCourse"/> rows in step with the doses: on every save, and all at once for a database that has none.</summary>
public static class RetentionCourses
{
    /// <summary>The patients' rows, tracked: read in every batch of doses, so compiled once.</summary>
    private static readonly PerProvider<Func<MainstayDb, List<Guid>, IAsyncEnumerable<RetentionCourse>>> CoursesOf = new(() => EF.CompileAsyncQuery(
        (MainstayDb db, List<Guid> patients) => db.RetentionCourses.Where(c => patients.Contains(c.PatientId))));

    /// <summary>
    /// Brings the courses of the patients whose doses this save adds (<paramref name="changed"/>: the save's added, changed and removed doses), voids or changes up to date, in the same save. A dose
    /// on or after a patient's last dose day extends the course; anything else (a dose for an earlier day, a voided bottle)
    /// computes the patient's course again from their doses.
    /// </summary>
    public static async Task ApplyAsync(MainstayDb db, IReadOnlyList<EntityEntry<Dispense>> changed, CancellationToken ct)
    {
        if (changed.Count == 0)
        {
            return;
        }

        // A changed dose concerns the patient it belongs to now and, if it was moved, the one it belonged to.
        Guid Before(EntityEntry<Dispense> e) =>
            e.State == EntityState.Added ? e.Entity.PatientId : e.OriginalValues.GetValue<Guid>(nameof(Dispense.PatientId));
        var concerned = changed.SelectMany(e => new[] { (Patient: e.Entity.PatientId, Entry: e), (Patient: Before(e), Entry: e) }).Distinct().ToList();
        var patients = concerned.Select(c => c.Patient).Distinct().ToList();
        var rows = await CoursesOf.For(db)(db, patients).ToDictionaryAsync(c => c.PatientId, cancellationToken: ct);
        foreach (var group in concerned.GroupBy(c => c.Patient))
        {
            var mine = group.Select(c => c.Entry).Where(e => e.Entity.PatientId == group.Key || Before(e) == group.Key).ToList();
            var patient = group.Key;
            var row = rows.GetValueOrDefault(patient);
            DoseCourse? course = null;
            int? site = row?.SiteId;
            if (mine.All(e => e.State == EntityState.Added))
            {
                var added = mine.Select(e => e.Entity).Where(d => d.ClaimedSlot != null).OrderBy(d => d.DoseDate).ToList();
                if (added.Count == 0)
                {
                    continue;
                }

                var days = added.Select(d => new DoseDay(d.DoseDate, d.Medication));
                // No row means no counted dose yet (every database gets its rows when it first has doses; see RebuildAsync).
                course = row is null ? TreatmentRetention.CourseOf(days) : TreatmentRetention.Extend(row.ToCourse(), days);
                site ??= added[0].SiteId;
            }

            if (course is null)
            {
                var pending = mine.Select(e => e.Entity.Id).ToHashSet();
                var stored = await db.Dispenses.AsNoTracking().Where(d => d.PatientId == patient && d.ClaimedSlot != null)
                    .Select(d => new { d.Id, d.DoseDate, d.Medication, d.SiteId }).ToListAsync(ct);
                var all = stored.Where(d => !pending.Contains(d.Id))
                    .Concat(mine.Where(e => e.State != EntityState.Deleted && e.Entity.ClaimedSlot != null && e.Entity.PatientId == patient)
                        .Select(e => new { e.Entity.Id, e.Entity.DoseDate, e.Entity.Medication, e.Entity.SiteId }))
                    .OrderBy(d => d.DoseDate).ToList();
                course = TreatmentRetention.CourseOf(all.Select(d => new DoseDay(d.DoseDate, d.Medication)));
                site = all.Count > 0 ? all[0].SiteId : null;
            }

            if (course is null)
            {
                if (row is not null)
                {
                    db.RetentionCourses.Remove(row);
                }

                continue;
            }

            if (row is null)
            {
                row = new RetentionCourse { PatientId = patient };
                db.RetentionCourses.Add(row);
            }

            row.Set(course, site!.Value);
        }
    }

    /// <summary>
    /// Every patient's course computed from all the doses, one patient at a time in patient order (memory holds one person's
    /// doses), written in batches. For a database that has doses and no courses (one made before courses were kept, or
    /// loaded in bulk). Returns the number of courses.
    /// </summary>
    public static async Task<int> RebuildAsync(IServiceProvider services, IProgress<int>? progress, CancellationToken ct)
    {
        await using var reading = services.CreateAsyncScope();
        var db = reading.ServiceProvider.GetRequiredService<MainstayDb>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2)); // every dose of the program, read once
        await db.RetentionCourses.ExecuteDeleteAsync(ct);
        var doses = db.Dispenses.AsNoTracking().Where(d => d.ClaimedSlot != null).OrderBy(d => d.PatientId).ThenBy(d => d.DoseDate)
            .Select(d => new { d.PatientId, d.SiteId, d.DoseDate, d.Medication }).AsAsyncEnumerable();
        var written = 0;
        var batch = new List<RetentionCourse>();
        var theirs = new List<DoseDay>();
        (Guid Patient, int Site)? current = null;
        async Task CloseAsync(bool last)
        {
            if (current is { } c && TreatmentRetention.CourseOf(theirs) is { } course)
            {
                var row = new RetentionCourse { PatientId = c.Patient };
                row.Set(course, c.Site);
                batch.Add(row);
            }

            theirs.Clear();
            if (batch.Count >= 5000 || (last && batch.Count > 0))
            {
                // A second unit of work: the first is busy reading the doses.
                await using var writing = services.CreateAsyncScope();
                var writer = writing.ServiceProvider.GetRequiredService<MainstayDb>();
                writer.RetentionCourses.AddRange(batch);
                await writer.SaveChangesAsync(ct);
                written += batch.Count;
                progress?.Report(written);
                batch.Clear();
            }
        }

        await foreach (var d in doses.WithCancellation(ct))
        {
            if (current?.Patient != d.PatientId)
            {
                await CloseAsync(last: false);
                current = (d.PatientId, d.SiteId);
            }

            theirs.Add(new DoseDay(d.DoseDate, d.Medication));
        }

        await CloseAsync(last: true);
        return written;
    }
}
