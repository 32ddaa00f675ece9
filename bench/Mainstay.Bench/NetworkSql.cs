using System.Data.Common;
using Mainstay.Clinical.Outcomes;
using Mainstay.Data;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Bench;

/// <summary>
/// The network reports' figures as a person would write them by hand in SQL: aggregates in the database, a few hundred rows
/// back, finished in C#. The baseline each application report is measured against, in the same run. Days are UTC days here
/// (the application uses the clinic's zone; on the bench machine they are the same).
/// </summary>
public static class NetworkSql
{
    private sealed class Dialect(bool postgres)
    {
        /// <summary>A date column as a day number (days since 2000-01-01).</summary>
        public string DayOfDate(string column) => postgres ? $"({column} - DATE '2000-01-01')" : $"CAST(julianday({column}) - 2451544.5 AS INTEGER)";

        /// <summary>A timestamp column's UTC day as a day number.</summary>
        public string DayOfTime(string column) => postgres ? $"(CAST({column} AT TIME ZONE 'UTC' AS date) - DATE '2000-01-01')" : $"CAST(julianday(substr({column}, 1, 10)) - 2451544.5 AS INTEGER)";

        public string Time(DateTimeOffset t) => postgres ? $"TIMESTAMPTZ '{t.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'" : $"'{t.UtcDateTime:yyyy-MM-dd HH:mm:ss}'";

        public string Date(DateOnly d) => postgres ? $"DATE '{d:yyyy-MM-dd}'" : $"'{d:yyyy-MM-dd}'";
    }

    private static readonly int Day2000 = new DateOnly(2000, 1, 1).DayNumber;

    private static async Task<List<object?[]>> QueryAsync(MainstayDb db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        var rows = new List<object?[]>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static Dialect Of(MainstayDb db) => new(db.Database.IsNpgsql());

    /// <summary>Every figure of the dashboard: census, flow, reasons, coverage, first dose, screens, overdoses, no-shows, plan reviews.</summary>
    public static async Task<string> ProgramAsync(MainstayDb db)
    {
        var sql = Of(db);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var weeksFrom = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - (7 * 11));
        var monthsFrom = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var rows = 0;
        foreach (var query in new[]
        {
            """SELECT "SiteId", "LevelOfCare", COUNT(*), COUNT(DISTINCT "PatientId") FROM "TreatmentEpisodes" WHERE "DischargedAt" IS NULL GROUP BY "SiteId", "LevelOfCare" """,
            $"""SELECT {sql.DayOfTime("\"AdmittedAt\"")}, COUNT(*) FROM "TreatmentEpisodes" WHERE "AdmittedAt" >= {sql.Time(new DateTimeOffset(weeksFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))} GROUP BY 1""",
            $"""SELECT {sql.DayOfTime("\"DischargedAt\"")}, COUNT(*) FROM "TreatmentEpisodes" WHERE "DischargedAt" >= {sql.Time(new DateTimeOffset(weeksFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))} GROUP BY 1""",
            $"""SELECT "DischargeReason", MIN("TedsReason"), COUNT(*) FROM "TreatmentEpisodes" WHERE "DischargedAt" >= {sql.Time(now.AddDays(-90))} GROUP BY "DischargeReason" """,
            """
            SELECT e."SiteId", o."Medication", COUNT(DISTINCT e."PatientId")
            FROM "TreatmentEpisodes" e
            LEFT JOIN "MedicationOrders" o ON o."PatientId" = e."PatientId" AND o."Status" IN ('Active', 'Held')
            WHERE e."DischargedAt" IS NULL AND (e."LevelOfCare" IN ('OpioidTreatmentProgram', 'OfficeBasedOpioidTreatment', 'WithdrawalManagement')
              OR EXISTS (SELECT 1 FROM "Assessments" a WHERE a."PatientId" = e."PatientId" AND a."CompletedAt" IS NOT NULL AND a."Results" LIKE '%"icd10Code":"F11%'))
            GROUP BY e."SiteId", o."Medication"
            """,
            $"""
            SELECT days, COUNT(*) FROM (
              SELECT (SELECT MIN({sql.DayOfTime("d.\"At\"")}) FROM "Dispenses" d WHERE d."PatientId" = e."PatientId" AND d."DoseDate" >= {(db.Database.IsNpgsql() ? "CAST(e.\"AdmittedAt\" AT TIME ZONE 'UTC' AS date) - 1" : "date(e.\"AdmittedAt\", '-1 day')")})
                     - {sql.DayOfTime("i.\"RequestedAt\"")} AS days
              FROM "TreatmentEpisodes" e JOIN "Inquiries" i ON i."Id" = e."InquiryId"
              WHERE e."AdmittedAt" >= {sql.Time(now.AddDays(-365))}) x
            GROUP BY days
            """,
            $"""
            SELECT {sql.DayOfTime("COALESCE(\"CollectedAt\", \"ResultedAt\")")} / 1, COUNT(*), SUM(CASE WHEN "OpioidNegative" THEN 1 ELSE 0 END), SUM(CASE WHEN "FentanylUse" THEN 1 ELSE 0 END)
            FROM "DrugScreens" WHERE "CollectedAt" >= {sql.Time(new DateTimeOffset(monthsFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))} AND "ResultedAt" IS NOT NULL GROUP BY 1
            """,
            $"""SELECT "OccurredOn", "Fatal", COUNT(*) FROM "OverdoseEvents" WHERE "OccurredOn" >= {sql.Date(monthsFrom)} GROUP BY "OccurredOn", "Fatal" """,
            $"""SELECT {sql.DayOfTime("\"DischargedAt\"")}, COUNT(*) FROM "TreatmentEpisodes" WHERE "DischargeReason" = 'died' AND "DischargedAt" >= {sql.Time(new DateTimeOffset(monthsFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))} GROUP BY 1""",
            $"""
            SELECT {sql.DayOfTime("a.\"SessionStartsAt\"")}, a."Mark", s."GroupId" IS NOT NULL, COUNT(*)
            FROM "SessionAttendance" a JOIN "CounselingSessions" s ON s."Id" = a."SessionId"
            WHERE a."SessionStartsAt" >= {sql.Time(new DateTimeOffset(weeksFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))} AND a."Mark" IN ('attended', 'late', 'no-show')
            GROUP BY 1, 2, 3
            """,
            $"""SELECT "SiteId", COUNT(*), SUM(CASE WHEN "NextReviewOn" IS NULL OR "NextReviewOn" >= {sql.Date(today)} THEN 1 ELSE 0 END) FROM "TreatmentPlans" WHERE "Status" = 'Signed' GROUP BY "SiteId" """,
            $"""SELECT COUNT(DISTINCT "PatientId") FROM "TreatmentEpisodes" WHERE "DischargedAt" IS NULL""",
            $"""SELECT COUNT(*) FROM "TreatmentEpisodes" WHERE "AdmittedAt" >= {sql.Time(now.AddDays(-30))}""",
        })
        {
            rows += (await QueryAsync(db, query)).Count;
        }

        return $"{rows} rows";
    }

    /// <summary>
    /// Retention as gaps and islands: per patient, the running end of cover before each dose; the first gap longer than
    /// <paramref name="gapDays"/> ends the first episode. Counted by (medication, site, time, event) in SQL, then Kaplan–Meier.
    /// </summary>
    public static async Task<string> RetentionAsync(MainstayDb db, int gapDays)
    {
        var sql = Of(db);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var todayNumber = today.DayNumber - Day2000;
        var rows = await QueryAsync(db, $"""
            WITH d AS (
              SELECT "PatientId" AS p, "SiteId" AS s, "Medication" AS m, {sql.DayOfDate("\"DoseDate\"")} AS dn,
                     {sql.DayOfDate("\"DoseDate\"")} + CASE WHEN "Medication" = 'Naltrexone' THEN 27 ELSE 0 END AS until
              FROM "Dispenses" WHERE "ClaimedSlot" IS NOT NULL AND "DoseDate" <= {sql.Date(today)}),
            w AS (
              SELECT p, dn, until,
                     MAX(until) OVER (PARTITION BY p ORDER BY dn, until ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before,
                     FIRST_VALUE(m) OVER (PARTITION BY p ORDER BY dn, until ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS m0,
                     FIRST_VALUE(s) OVER (PARTITION BY p ORDER BY dn, until ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS s0
              FROM d),
            person AS (
              SELECT p, MIN(m0) AS m0, MIN(s0) AS s0, MIN(dn) AS start,
                     MIN(CASE WHEN dn - before - 1 > {gapDays} THEN before END) AS ended, MAX(until) AS covered
              FROM w GROUP BY p)
            SELECT m0, s0,
                   CASE WHEN ended IS NOT NULL THEN ended - start WHEN {todayNumber} - covered - 1 > {gapDays} THEN covered - start ELSE {todayNumber} - start END AS t,
                   CASE WHEN ended IS NOT NULL OR {todayNumber} - covered - 1 > {gapDays} THEN 1 ELSE 0 END AS e,
                   COUNT(*)
            FROM person GROUP BY 1, 2, 3, 4
            """);
        var people = rows.SelectMany(r => Enumerable.Repeat((Medication: (string)r[0]!, Site: Convert.ToInt32(r[1]), FollowUp: new FollowUp(Convert.ToInt32(r[2]), Convert.ToInt32(r[3]) == 1)), Convert.ToInt32(r[4]))).ToList();
        var curves = people.GroupBy(p => p.Medication).Select(g => KaplanMeier.Estimate(g.Select(p => p.FollowUp)))
            .Concat(people.GroupBy(p => p.Site).Select(g => KaplanMeier.Estimate(g.Select(p => p.FollowUp))))
            .Append(KaplanMeier.Estimate(people.Select(p => p.FollowUp))).ToList();
        return $"{people.Count:N0} people, {curves.Count} curves";
    }

    /// <summary>Weekly urine results per episode: a week's negative and positive screens counted in SQL, the word and the definitions in C#.</summary>
    public static async Task<string> UrineAsync(MainstayDb db, int weeks)
    {
        var sql = Of(db);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var before = new DateTimeOffset(today.AddDays(-7 * weeks).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var week = $"(({sql.DayOfTime("COALESCE(x.\"CollectedAt\", x.\"ResultedAt\")")} - {sql.DayOfTime("e.\"AdmittedAt\"")} - 1 + 7000) / 7 - 999)";
        var rows = await QueryAsync(db, $"""
            SELECT e."Id", e."PlannedMedication", {week} AS wk,
                   SUM(CASE WHEN x."OpioidNegative" THEN 1 ELSE 0 END), SUM(CASE WHEN x."OpioidNegative" THEN 0 ELSE 1 END)
            FROM "TreatmentEpisodes" e JOIN "DrugScreens" x ON x."PatientId" = e."PatientId" AND x."Status" = 'resulted'
            WHERE e."AdmittedAt" < {sql.Time(before)}
              AND COALESCE(x."CollectedAt", x."ResultedAt") > e."AdmittedAt"
              AND {week} BETWEEN 1 AND {weeks}
            GROUP BY e."Id", e."PlannedMedication", {week}
            """);
        var words = new Dictionary<Guid, char[]>();
        foreach (var r in rows)
        {
            var id = r[0] is Guid g ? g : Guid.Parse((string)r[0]!);
            if (!words.TryGetValue(id, out var word))
            {
                words[id] = word = new string(UrineWeeks.Missing, weeks).ToCharArray();
            }

            var (negative, positive) = (Convert.ToInt32(r[3]), Convert.ToInt32(r[4]));
            word[Convert.ToInt32(r[2]) - 1] = negative > 0 && positive > 0 ? UrineWeeks.Mixed : negative > 0 ? UrineWeeks.Negative : UrineWeeks.Positive;
        }

        var dosed = await QueryAsync(db, $"""
            SELECT COUNT(*) FROM "TreatmentEpisodes" e
            WHERE e."AdmittedAt" < {sql.Time(before)} AND EXISTS (SELECT 1 FROM "Dispenses" d WHERE d."PatientId" = e."PatientId" AND d."ClaimedSlot" IS NOT NULL
              AND d."At" >= e."AdmittedAt" AND (e."DischargedAt" IS NULL OR d."At" <= e."DischargedAt"))
            """);
        var relapses = words.Values.Count(w => UrineWeeks.Ctn0094Relapse.Detect(new string(w))?.Event == true);
        return $"{words.Count:N0} episodes with a screen, {relapses:N0} relapses, {Convert.ToInt64(dosed[0][0]):N0} dosed";
    }
}
