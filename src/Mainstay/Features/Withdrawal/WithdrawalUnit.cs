using System.Text.Json;
using Mainstay.Clinical.Instruments;
using Mainstay.Clinical.Withdrawal;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Withdrawal;

public sealed record StartEpisode
{
    /// <summary>inpatient, residential or ambulatory.</summary>
    public string? Setting { get; init; }

    /// <summary>buprenorphine-standard, buprenorphine-low-dose, methadone or symptom-managed.</summary>
    public string? Protocol { get; init; }
}

/// <summary>POST .../entries: a flowsheet reading. COWS and SOWS are given as item answers and scored here.</summary>
public sealed record RecordReading
{
    /// <summary>When the reading was taken (default now); not in the future.</summary>
    public DateTimeOffset? At { get; init; }

    public Dictionary<string, int>? Cows { get; init; }
    public Dictionary<string, int>? Sows { get; init; }
    public int? PulseBpm { get; init; }
    public int? SystolicMmHg { get; init; }
    public int? DiastolicMmHg { get; init; }
    public decimal? TemperatureC { get; init; }
    public int? RespiratoryRate { get; init; }
    public int? SpO2Percent { get; init; }
    public string? LastOpioidSubstance { get; init; }
    public DateTimeOffset? LastOpioidUseAt { get; init; }
    public string? ComfortMedications { get; init; }
    public string? Notes { get; init; }
}

public sealed record EndEpisode
{
    public string? Reason { get; init; }

    /// <summary>Whether the patient continues on methadone, buprenorphine or naltrexone.</summary>
    public bool? OnMaintenance { get; init; }
}

public sealed record ReadingView(
    Guid Id, DateTimeOffset At, int? Cows, string? CowsBand, int? Sows, int? PulseBpm, int? SystolicMmHg, int? DiastolicMmHg,
    decimal? TemperatureC, int? RespiratoryRate, int? SpO2Percent, string? LastOpioidSubstance, DateTimeOffset? LastOpioidUseAt,
    string? ComfortMedications, string? Notes, string? RecordedBy, IReadOnlyList<FlowsheetAlert> Alerts);

public sealed record EpisodeView(
    Guid Id, Guid PatientId, string Setting, string Protocol, DateTimeOffset StartedAt, string? StartedBy, DateTimeOffset? EndedAt,
    string? EndReason, bool? EndedOnMaintenance, DateTimeOffset? NextDue, bool Overdue, IReadOnlyList<ReadingView> Readings,
    IReadOnlyList<FlowsheetAlert> Alerts);

public sealed record BoardRow(
    Guid EpisodeId, Guid PatientId, string Patient, string Mrn, string Setting, string Protocol, DateTimeOffset StartedAt,
    int? LatestCows, DateTimeOffset? LatestAt, DateTimeOffset NextDue, bool Overdue, IReadOnlyList<FlowsheetAlert> Alerts);

/// <summary>Withdrawal episodes, their flowsheets, and the unit's board of what is due and what is out of range.</summary>
public sealed class WithdrawalUnit(MainstayDb db, ClinicUser user, AuditTrail audit, Alerts.AlertBook alerts, TimeProvider clock)
{
    public static readonly string[] Settings = ["inpatient", "residential", "ambulatory"];

    private static readonly JsonSerializerOptions Json = AssessmentRegistry.Json;

    public static string Name(WithdrawalProtocol p) => IntakeForm.Kebab(p);

    public async Task<Outcome<EpisodeView>> StartAsync(Guid patientId, StartEpisode request, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        if (await Discharge.Deaths.RefuseAsync(db, patient, "a withdrawal episode", clock.LocalTimeZone, ct) is { } died)
        {
            return died;
        }

        var errors = new FieldErrors();
        var setting = request.Setting?.Trim().ToLowerInvariant();
        if (setting is null || !Settings.Contains(setting))
        {
            errors.Add("setting", "setting must be inpatient, residential or ambulatory.");
        }

        var protocol = Enum.GetValues<WithdrawalProtocol>().Cast<WithdrawalProtocol?>().FirstOrDefault(p => Name(p!.Value) == request.Protocol?.Trim().ToLowerInvariant());
        if (protocol is null)
        {
            errors.Add("protocol", "protocol must be one of " + string.Join(", ", Enum.GetValues<WithdrawalProtocol>().Select(Name)) + ".");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct); // a start sent twice finds the first episode under way
        if (await db.WithdrawalEpisodes.AnyAsync(e => e.PatientId == patientId && e.EndedAt == null, ct))
        {
            return Refusal.Conflict("This patient already has a withdrawal episode under way; end it before starting another.");
        }

        var episode = new WithdrawalEpisode
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            PatientId = patientId,
            SiteId = patient.SiteId,
            Setting = setting!,
            Protocol = protocol!.Value,
            StartedAt = clock.GetUtcNow(),
            StartedBy = user.Username,
        };
        db.WithdrawalEpisodes.Add(episode);
        audit.Record(AuditActions.Create, "WithdrawalEpisode", episode.Id.ToString(), patientId, patient.SiteId, $"{setting}, {Name(episode.Protocol)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(episode, ct);
    }

    public async Task<Outcome<EpisodeView>> RecordAsync(Guid patientId, Guid episodeId, RecordReading request, CancellationToken ct)
    {
        var episode = await FindAsync(patientId, episodeId, ct);
        if (episode is null)
        {
            return NoEpisode(episodeId);
        }

        if (episode.EndedAt is not null)
        {
            return Refusal.Conflict("This withdrawal episode has ended; readings can no longer be added.");
        }

        var errors = new FieldErrors();
        var now = clock.GetUtcNow();
        var at = request.At ?? now;
        if (at > now.AddMinutes(5))
        {
            errors.Add("at", "A reading cannot be in the future.");
        }

        if (at < episode.StartedAt.AddHours(-12))
        {
            errors.Add("at", "The reading is from before the episode started.");
        }

        var cows = Score(Cows.Code, request.Cows, "cows", errors);
        var sows = Score(Sows.Code, request.Sows, "sows", errors);
        Range(errors, "pulseBpm", request.PulseBpm, 20, 250);
        Range(errors, "systolicMmHg", request.SystolicMmHg, 50, 280);
        Range(errors, "diastolicMmHg", request.DiastolicMmHg, 20, 180);
        Range(errors, "respiratoryRate", request.RespiratoryRate, 2, 70);
        Range(errors, "spO2Percent", request.SpO2Percent, 50, 100);
        if (request.TemperatureC is { } t && (t < 30m || t > 44m))
        {
            errors.Add("temperatureC", "temperatureC must be between 30 and 44 °C.");
        }

        if (cows is null && sows is null && request.PulseBpm is null && request.SystolicMmHg is null && request.TemperatureC is null
            && request.RespiratoryRate is null && request.SpO2Percent is null && string.IsNullOrWhiteSpace(request.Notes) && !errors.Any)
        {
            errors.Add("cows", "A reading needs at least a score, a vital sign or a note.");
        }

        Text(errors, "lastOpioidSubstance", request.LastOpioidSubstance, 60);
        Text(errors, "comfortMedications", request.ComfortMedications, 500);
        Text(errors, "notes", request.Notes, 2000);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var entry = new FlowsheetEntry
        {
            Id = Guid.CreateVersion7(now),
            EpisodeId = episodeId,
            PatientId = patientId,
            SiteId = episode.SiteId,
            At = at,
            Cows = cows?.Total,
            CowsAnswers = cows is null ? null : JsonSerializer.Serialize(request.Cows, Json),
            Sows = sows?.Total,
            SowsAnswers = sows is null ? null : JsonSerializer.Serialize(request.Sows, Json),
            PulseBpm = request.PulseBpm,
            SystolicMmHg = request.SystolicMmHg,
            DiastolicMmHg = request.DiastolicMmHg,
            TemperatureC = request.TemperatureC,
            RespiratoryRate = request.RespiratoryRate,
            SpO2Percent = request.SpO2Percent,
            LastOpioidSubstance = Blank(request.LastOpioidSubstance),
            LastOpioidUseAt = request.LastOpioidUseAt,
            ComfortMedications = Blank(request.ComfortMedications),
            Notes = Blank(request.Notes),
            RecordedBy = user.Username,
            RecordedAt = now,
        };
        db.FlowsheetEntries.Add(entry);
        audit.Record(AuditActions.Create, "FlowsheetEntry", entry.Id.ToString(), patientId, episode.SiteId,
            $"COWS {entry.Cows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, SOWS {entry.Sows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
        await db.SaveChangesAsync(ct);
        return await ViewAsync(episode, ct);
    }

    public async Task<Outcome<EpisodeView>> EndAsync(Guid patientId, Guid episodeId, EndEpisode request, CancellationToken ct)
    {
        await using var tx = await db.BeginLockedWriteAsync(ct); // an episode ends once, whoever ends it first
        var episode = await FindAsync(patientId, episodeId, ct, tracked: true);
        if (episode is null)
        {
            return NoEpisode(episodeId);
        }

        if (episode.EndedAt is not null)
        {
            return Refusal.Conflict("This withdrawal episode has already ended.");
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 500)
        {
            errors.Add("reason", "Say how the episode ended (completed, left against advice, transferred, ...).");
        }

        if (request.OnMaintenance is null)
        {
            errors.Add("onMaintenance", "Say whether the patient continues on maintenance medication (true or false).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        episode.EndedAt = now;
        episode.EndedBy = user.Username;
        episode.EndReason = request.Reason!.Trim();
        episode.EndedOnMaintenance = request.OnMaintenance;
        if (request.OnMaintenance == false)
        {
            // Tolerance falls within days of stopping: the first use after withdrawal is when overdoses happen.
            var open = await db.FollowUps.AnyAsync(f => f.PatientId == patientId && f.Code == "tolerance-loss" && f.Status == FollowUpStatus.Open, ct);
            if (!open)
            {
                db.FollowUps.Add(new FollowUp
                {
                    Id = Guid.CreateVersion7(now),
                    PatientId = patientId,
                    SiteId = episode.SiteId,
                    Code = "tolerance-loss",
                    Text = "Lost opioid tolerance after withdrawal without maintenance medication: overdose risk. Give naloxone education and a kit before the patient leaves; offer medication again.",
                    DueOn = DateOnly.FromDateTime(clock.GetLocalNow().DateTime),
                    Priority = "danger",
                    Status = FollowUpStatus.Open,
                    CreatedAt = now,
                });
            }

            await alerts.RaiseAsync(new Alerts.AlertDraft(patientId, episode.SiteId, "tolerance-loss", "danger",
                $"Withdrawal ended without maintenance medication ({episode.EndReason}): tolerance is lost within days and the first use is when overdoses happen. Naloxone kit and teaching before discharge; offer medication again.",
                Roles.Prescriber, $"withdrawal:{episodeId}"), ct);
        }

        audit.Record(AuditActions.StatusChange, "WithdrawalEpisode", episodeId.ToString(), patientId, episode.SiteId,
            $"ended: {episode.EndReason}; on maintenance: {request.OnMaintenance}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(episode, ct);
    }

    public async Task<Outcome<EpisodeView>> ReadAsync(Guid patientId, Guid episodeId, CancellationToken ct)
    {
        var episode = await FindAsync(patientId, episodeId, ct);
        if (episode is null)
        {
            return NoEpisode(episodeId);
        }

        await audit.RecordNowAsync(AuditActions.Read, "WithdrawalEpisode", episodeId.ToString(), patientId, episode.SiteId, ct: ct);
        return await ViewAsync(episode, ct);
    }

    public async Task<Outcome<IReadOnlyList<EpisodeView>>> ListAsync(Guid patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatientAsync(user, patientId, ct);
        if (patient is null)
        {
            return PatientAccess.NotVisible(patientId);
        }

        var episodes = await db.WithdrawalEpisodes.AsNoTracking().Where(e => e.PatientId == patientId).OrderByDescending(e => e.StartedAt).ToListAsync(ct);
        var views = new List<EpisodeView>();
        foreach (var e in episodes)
        {
            views.Add(await ViewAsync(e, ct));
        }

        await audit.RecordNowAsync(AuditActions.Read, "WithdrawalEpisode", patientId: patientId, siteId: patient.SiteId, detail: $"{views.Count} episodes", ct: ct);
        return views;
    }

    /// <summary>The unit's board: every open episode at the user's sites, with the next assessment due and alerts.</summary>
    public async Task<List<BoardRow>> BoardAsync(int? siteId, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var sites = scope.SiteIds.Where(s => siteId is null || s == siteId).ToList();
        var open = await db.WithdrawalEpisodes.AsNoTracking()
            .Where(e => e.EndedAt == null && sites.Contains(e.SiteId))
            .Join(db.Patients, e => e.PatientId, p => p.Id, (e, p) => new { Episode = e, p.GivenName, p.FamilyName, p.Mrn })
            .ToListAsync(ct);
        var ids = open.Select(o => o.Episode.Id).ToList();
        var entries = await db.FlowsheetEntries.AsNoTracking().Where(f => ids.Contains(f.EpisodeId)).ToListAsync(ct);
        var latestByEpisode = entries.GroupBy(f => f.EpisodeId).ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.At).First());
        var now = clock.GetUtcNow();
        var rows = open.Select(o =>
        {
            var latest = latestByEpisode.GetValueOrDefault(o.Episode.Id);
            var reading = latest is null ? null : Reading(latest);
            var due = FlowsheetRules.NextDue(o.Episode.Protocol, reading, o.Episode.StartedAt);
            return new BoardRow(o.Episode.Id, o.Episode.PatientId, $"{o.FamilyName}, {o.GivenName}", o.Mrn, o.Episode.Setting,
                Name(o.Episode.Protocol), o.Episode.StartedAt, latest?.Cows, latest?.At, due, FlowsheetRules.IsOverdue(due, now),
                reading is null ? [] : FlowsheetRules.Alerts(reading));
        });
        var board = rows.OrderByDescending(r => r.Overdue).ThenByDescending(r => r.Alerts.Count).ThenBy(r => r.NextDue).ToList();
        await audit.RecordNowAsync(AuditActions.Search, "WithdrawalBoard", detail: $"{board.Count} open episodes", ct: ct);
        return board;
    }

    private async Task<EpisodeView> ViewAsync(WithdrawalEpisode e, CancellationToken ct)
    {
        var entries = await db.FlowsheetEntries.AsNoTracking().Where(f => f.EpisodeId == e.Id).ToListAsync(ct);
        var ordered = entries.OrderBy(f => f.At).ToList();
        var readings = ordered.Select(f =>
        {
            var r = Reading(f);
            return new ReadingView(f.Id, f.At, f.Cows, f.Cows is { } c ? Cows.Definition.BandFor(c)?.Label : null, f.Sows, f.PulseBpm, f.SystolicMmHg,
                f.DiastolicMmHg, f.TemperatureC, f.RespiratoryRate, f.SpO2Percent, f.LastOpioidSubstance, f.LastOpioidUseAt, f.ComfortMedications,
                f.Notes, f.RecordedBy, FlowsheetRules.Alerts(r));
        }).ToList();
        var latest = ordered.Count == 0 ? null : Reading(ordered[^1]);
        DateTimeOffset? due = e.EndedAt is null ? FlowsheetRules.NextDue(e.Protocol, latest, e.StartedAt) : null;
        return new EpisodeView(e.Id, e.PatientId, e.Setting, Name(e.Protocol), e.StartedAt, e.StartedBy, e.EndedAt, e.EndReason,
            e.EndedOnMaintenance, due, due is { } d && FlowsheetRules.IsOverdue(d, clock.GetUtcNow()), readings,
            latest is null ? [] : FlowsheetRules.Alerts(latest));
    }

    internal static FlowsheetReading Reading(FlowsheetEntry f) => new()
    {
        At = f.At,
        Cows = f.Cows,
        Sows = f.Sows,
        PulseBpm = f.PulseBpm,
        SystolicMmHg = f.SystolicMmHg,
        DiastolicMmHg = f.DiastolicMmHg,
        TemperatureC = f.TemperatureC,
        RespiratoryRate = f.RespiratoryRate,
        SpO2Percent = f.SpO2Percent,
    };

    private static InstrumentScore? Score(string code, Dictionary<string, int>? answers, string field, FieldErrors errors)
    {
        if (answers is null || answers.Count == 0)
        {
            return null;
        }

        var result = InstrumentScorer.Score(code, answers, ScoringContext.None);
        foreach (var e in result.Errors)
        {
            errors.Add($"{field}.{e.Field}", e.Message);
        }

        return result.Score;
    }

    private static void Range(FieldErrors errors, string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(field, $"{field} {v} is outside {min}–{max}; check the reading.");
        }
    }

    private static void Text(FieldErrors errors, string field, string? value, int max)
    {
        if (value is { } v && v.Trim().Length > max)
        {
            errors.Add(field, $"{field} is longer than {max} characters.");
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<WithdrawalEpisode?> FindAsync(Guid patientId, Guid episodeId, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.WithdrawalEpisodes : db.WithdrawalEpisodes.AsNoTracking();
        var episode = await query.SingleOrDefaultAsync(e => e.Id == episodeId && e.PatientId == patientId, ct);
        return episode is not null && await user.MayUseSiteAsync(episode.SiteId, ct) ? episode : null;
    }

    private static Refusal NoEpisode(Guid id) => Refusal.NotFound($"There is no withdrawal episode {id} for this patient at your sites.");
}
