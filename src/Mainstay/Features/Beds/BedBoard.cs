using System.Globalization;
using System.Text;
using Mainstay.Data;
using Mainstay.Features.Access;
using Mainstay.Features.Admissions;
using Mainstay.Features.Assessments;
using Mainstay.Features.Audit;
using Mainstay.Features.Patients;
using Mainstay.Web;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Beds;

public sealed record BedAssignment
{
    /// <summary>A patient to put in the bed (occupied).</summary>
    public Guid? PatientId { get; init; }

    /// <summary>Someone on the waitlist to hold the bed for (reserved) until they are admitted.</summary>
    public Guid? InquiryId { get; init; }

    public string? Note { get; init; }
}

public sealed record BedTransfer
{
    public int? ToBedId { get; init; }
    public string? Note { get; init; }
}

public sealed record BedRelease
{
    /// <summary>discharged, transferred (out of the unit) or reservation-cancelled.</summary>
    public string? Reason { get; init; }

    public string? Note { get; init; }
}

public sealed record BedStatusChange
{
    /// <summary>available, cleaning or out-of-service (occupied and reserved come from assignments).</summary>
    public string? Status { get; init; }

    public string? Note { get; init; }
}

public sealed record NewCareUnit
{
    public int? SiteId { get; init; }
    public string? Building { get; init; }
    public string? Name { get; init; }
    public string? LevelOfCare { get; init; }

    /// <summary>Rooms and beds to create: "101:A,B; 102:A,B" or just a number of single rooms.</summary>
    public string? Beds { get; init; }

    public int? BedCount { get; init; }
}

public sealed record BedView(
    int Id, int UnitId, string Room, string Label, string Name, BedStatus Status, string? StatusNote, DateTimeOffset StatusSince, int Version,
    OccupantView? Occupant);

public sealed record OccupantView(Guid StayId, BedStayKind Kind, Guid? PatientId, Guid? InquiryId, string Name, string? Reference, DateTimeOffset Since);

public sealed record UnitView(int Id, int SiteId, string Site, string Building, string Name, LevelOfCare LevelOfCare, IReadOnlyList<BedView> Beds)
{
    public int Count(BedStatus status) => Beds.Count(b => b.Status == status);
}

public sealed record WeekCell(DateOnly Day, string? Name, BedStayKind? Kind, BedStatus? Status);

public sealed record WeekRow(BedView Bed, string Unit, IReadOnlyList<WeekCell> Days);

public sealed record CensusUnitRow(
    int UnitId, string Site, string Building, string Unit, LevelOfCare LevelOfCare, int Beds, int OutOfService, int Occupied, int Reserved,
    int Admissions, int Departures, double? Occupancy);

public sealed record CensusLevelRow(string Site, LevelOfCare LevelOfCare, int InTreatment, int Admitted, int Discharged);

/// <summary>The midnight census of one day: beds by unit, and people in treatment by level of care.</summary>
public sealed record MidnightCensus(DateOnly Day, DateTimeOffset Midnight, IReadOnlyList<CensusUnitRow> Units, IReadOnlyList<CensusLevelRow> Levels)
{
    public int Occupied => Units.Sum(u => u.Occupied);
    public int Beds => Units.Sum(u => u.Beds - u.OutOfService);
}

/// <summary>
/// Residential and withdrawal-management beds: the board, assignment from the waitlist, transfers, discharge and
/// cleaning, and the midnight census. Every change is one transaction under the write lock, and unique indexes hold
/// one open stay per bed and per patient, so two stations can never fill one bed.
/// </summary>
public sealed class BedBoard(MainstayDb db, ClinicUser user, AuditTrail audit, TimeProvider clock)
{
    private bool MayAssign => user.Role is Roles.Intake or Roles.Nurse or Roles.Prescriber or Roles.Counselor;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The start of a local day, as an instant.</summary>
    public DateTimeOffset StartOf(DateOnly day) => Dates.LocalMidnightUtc(day, clock.LocalTimeZone);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Outcome<IReadOnlyList<UnitView>>> BoardAsync(int? siteId, CancellationToken ct)
    {
        var sites = await SitesAsync(siteId, ct);
        if (sites is null)
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var units = await db.CareUnits.AsNoTracking().Where(u => sites.Contains(u.SiteId) && u.Active)
            .Join(db.Sites, u => u.SiteId, s => s.Id, (u, s) => new { Unit = u, Site = s.Name })
            .OrderBy(u => u.Site).ThenBy(u => u.Unit.Building).ThenBy(u => u.Unit.Name)
            .ToListAsync(ct);
        var unitIds = units.Select(u => u.Unit.Id).ToList();
        var beds = await db.Beds.AsNoTracking().Where(b => unitIds.Contains(b.UnitId)).OrderBy(b => b.Room).ThenBy(b => b.Label).ToListAsync(ct);
        var occupants = await OccupantsAsync(unitIds, ct);
        await audit.RecordNowAsync(AuditActions.Search, "Bed", null, null, siteId, "bed board", ct);
        return units.Select(u => new UnitView(u.Unit.Id, u.Unit.SiteId, u.Site, u.Unit.Building, u.Unit.Name, u.Unit.LevelOfCare,
            beds.Where(b => b.UnitId == u.Unit.Id).Select(b => View(b, occupants.GetValueOrDefault(b.Id))).ToList())).ToList();
    }

    /// <summary>Seven days from <paramref name="from"/>: who held each bed at the end of each day (past) and the bed's status (today on).</summary>
    public async Task<Outcome<IReadOnlyList<WeekRow>>> WeekAsync(int? siteId, DateOnly from, CancellationToken ct)
    {
        var board = await BoardAsync(siteId, ct);
        if (!board.Succeeded)
        {
            return board.Refusal!;
        }

        var unitIds = board.Value!.Select(u => u.Id).ToList();
        var start = StartOf(from);
        var end = StartOf(from.AddDays(7));
        var stays = await db.BedStays.AsNoTracking()
            .Where(s => unitIds.Contains(s.UnitId) && s.From < end && (s.Until == null || s.Until > start))
            .ToListAsync(ct);
        var names = await NamesAsync(stays, ct);
        var today = Today;
        var rows = new List<WeekRow>();
        foreach (var unit in board.Value!)
        {
            foreach (var bed in unit.Beds)
            {
                var cells = Enumerable.Range(0, 7).Select(i =>
                {
                    var day = from.AddDays(i);
                    var dayStart = StartOf(day);
                    var dayEnd = StartOf(day.AddDays(1));
                    var stay = stays.Where(s => s.BedId == bed.Id && s.From < dayEnd && (s.Until == null || s.Until > dayStart))
                        .OrderByDescending(s => s.From).FirstOrDefault();
                    return new WeekCell(day, stay is null ? null : names.GetValueOrDefault(stay.Id), stay?.Kind,
                        day == today ? bed.Status : stay is null && day > today && bed.Status is BedStatus.OutOfService ? bed.Status : null);
                }).ToList();
                rows.Add(new WeekRow(bed, $"{unit.Building} · {unit.Name}", cells));
            }
        }

        return rows;
    }

    public async Task<Outcome<BedView>> AssignAsync(int bedId, BedAssignment request, CancellationToken ct)
    {
        var outcome = await AssignCoreAsync(bedId, request, ct);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private async Task<Outcome<BedView>> AssignCoreAsync(int bedId, BedAssignment request, CancellationToken ct)
    {
        if (!MayAssign)
        {
            return Refusal.Forbidden("Only intake coordinators and clinicians assign beds.");
        }

        var errors = new FieldErrors();
        if ((request.PatientId is null) == (request.InquiryId is null))
        {
            errors.Add("patientId", "Give either patientId (to occupy the bed) or inquiryId (to reserve it for someone on the waitlist).");
        }

        var note = errors.Text("note", request.Note, 300);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var bed = await VisibleBedAsync(bedId, ct);
        if (bed is null)
        {
            return NoBed(bedId);
        }

        var now = Now;
        var stay = new BedStay
        {
            Id = Guid.CreateVersion7(now),
            BedId = bed.Id,
            UnitId = bed.UnitId,
            SiteId = bed.SiteId,
            From = now,
            StartedBy = user.Username ?? "system",
            Note = note,
        };
        Guid? patientId = null;
        if (request.PatientId is { } pid)
        {
            var patient = await db.VisiblePatientAsync(user, pid, ct);
            if (patient is null)
            {
                return PatientAccess.NotVisible(pid);
            }

            var current = await db.BedStays.AsNoTracking().Where(s => s.PatientId == pid && s.Until == null).Select(s => (int?)s.BedId).SingleOrDefaultAsync(ct);
            if (current is not null)
            {
                return Refusal.Conflict($"{patient.Mrn} is already in bed {current}; use a transfer to move them.");
            }

            var reservation = await db.BedStays.SingleOrDefaultAsync(s => s.BedId == bed.Id && s.Until == null && s.Kind == BedStayKind.Reserved, ct);
            if (reservation is not null && !await ReservedForAsync(reservation, pid, ct))
            {
                return Refusal.Conflict($"Bed {bed.Name} is reserved for someone else.");
            }

            if (reservation is null && bed.Status != BedStatus.Available)
            {
                return Taken(bed);
            }

            if (reservation is not null)
            {
                reservation.Until = now;
                reservation.EndReason = BedStayEnd.Admitted;
                reservation.EndedBy = user.Username;
                await db.SaveChangesAsync(ct);
            }

            stay.PatientId = pid;
            stay.Kind = BedStayKind.Occupied;
            bed.Status = BedStatus.Occupied;
            patientId = pid;
        }
        else
        {
            var inquiry = await db.Inquiries.SingleOrDefaultAsync(i => i.Id == request.InquiryId!.Value, ct);
            if (inquiry is null || !await user.MayUseSiteAsync(inquiry.SiteId, ct))
            {
                return Refusal.NotFound($"There is no inquiry with id {request.InquiryId} at your sites.");
            }

            if (!inquiry.IsOpen)
            {
                return Refusal.Conflict($"{inquiry.Reference} is closed ({IntakeForm.Kebab(inquiry.Stage)}); only people still waiting have a bed reserved.");
            }

            if (inquiry.SiteId != bed.SiteId)
            {
                return Refusal.Invalid("inquiryId", $"{inquiry.Reference} is for another site than bed {bed.Name}.");
            }

            if (!AdmissionsOffice.MayMove(inquiry.Stage, InquiryStage.Admitted))
            {
                return Refusal.Conflict($"{inquiry.Reference} is at {IntakeForm.Kebab(inquiry.Stage)}: a bed is reserved once the person is screened and eligible.");
            }

            var unitLevel = await db.CareUnits.Where(u => u.Id == bed.UnitId).Select(u => u.LevelOfCare).SingleAsync(ct);
            if (unitLevel != inquiry.LevelOfCareSought)
            {
                return Refusal.Invalid("inquiryId", $"Bed {bed.Name} is on a {IntakeForm.Kebab(unitLevel)} unit; {inquiry.Reference} seeks {IntakeForm.Kebab(inquiry.LevelOfCareSought)}.");
            }

            if (bed.Status != BedStatus.Available)
            {
                return Taken(bed);
            }

            if (await db.BedStays.AnyAsync(s => s.InquiryId == inquiry.Id && s.Until == null, ct))
            {
                return Refusal.Conflict($"{inquiry.Reference} already has a bed reserved; cancel it first.");
            }

            stay.InquiryId = inquiry.Id;
            stay.Kind = BedStayKind.Reserved;
            bed.Status = BedStatus.Reserved;
            db.InquiryActivities.Add(new InquiryActivity
            {
                InquiryId = inquiry.Id,
                SiteId = inquiry.SiteId,
                At = now,
                By = user.Username,
                Kind = ActivityKind.Bed,
                What = "reserved",
                Detail = $"bed {bed.Name}" + (note is null ? "" : $"; {note}"),
            });
        }

        bed.StatusSince = now;
        bed.StatusNote = null;
        bed.Version++;
        db.BedStays.Add(stay);
        audit.Record("bed-assign", "Bed", bed.Id.ToString(), patientId, bed.SiteId,
            $"{bed.Name} {IntakeForm.Kebab(stay.Kind)}" + (stay.InquiryId is null ? "" : $" for inquiry {stay.InquiryId}"));
        return await SaveAsync(bed, tx, ct);
    }

    public async Task<Outcome<BedView>> TransferAsync(int bedId, BedTransfer request, CancellationToken ct)
    {
        var outcome = await TransferCoreAsync(bedId, request, ct);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private async Task<Outcome<BedView>> TransferCoreAsync(int bedId, BedTransfer request, CancellationToken ct)
    {
        if (!MayAssign)
        {
            return Refusal.Forbidden("Only intake coordinators and clinicians move patients between beds.");
        }

        if (request.ToBedId is not { } toId)
        {
            return Refusal.Invalid("toBedId", "toBedId is required: the bed the patient moves to.");
        }

        var note = new FieldErrors();
        var text = note.Text("note", request.Note, 300);
        if (note.Any)
        {
            return Refusal.Invalid(note);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var from = await VisibleBedAsync(bedId, ct);
        var to = await VisibleBedAsync(toId, ct);
        if (from is null)
        {
            return NoBed(bedId);
        }

        if (to is null)
        {
            return NoBed(toId);
        }

        var stay = await db.BedStays.SingleOrDefaultAsync(s => s.BedId == from.Id && s.Until == null && s.Kind == BedStayKind.Occupied, ct);
        if (stay is null)
        {
            return Refusal.Conflict($"Nobody occupies bed {from.Name}.");
        }

        if (to.Id == from.Id)
        {
            return Refusal.Invalid("toBedId", "The patient is already in that bed.");
        }

        if (to.Status != BedStatus.Available)
        {
            return Taken(to);
        }

        var now = Now;
        stay.Until = now;
        stay.EndReason = BedStayEnd.Transferred;
        stay.EndedBy = user.Username;
        from.Status = BedStatus.Cleaning;
        from.StatusSince = now;
        from.Version++;
        await db.SaveChangesAsync(ct);
        Occupy(db, to, stay.PatientId!.Value, now, user.Username, text ?? $"from {from.Name}");
        audit.Record("bed-transfer", "Bed", to.Id.ToString(), stay.PatientId, to.SiteId, $"{from.Name} → {to.Name}");
        return await SaveAsync(to, tx, ct);
    }

    public async Task<Outcome<BedView>> ReleaseAsync(int bedId, BedRelease request, CancellationToken ct)
    {
        var outcome = await ReleaseCoreAsync(bedId, request, ct);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private async Task<Outcome<BedView>> ReleaseCoreAsync(int bedId, BedRelease request, CancellationToken ct)
    {
        if (!MayAssign)
        {
            return Refusal.Forbidden("Only intake coordinators and clinicians release beds.");
        }

        var errors = new FieldErrors();
        var reason = errors.Choice<BedStayEnd>("reason", request.Reason, required: true);
        var note = errors.Text("note", request.Note, 300);
        if (reason == BedStayEnd.Admitted)
        {
            errors.Add("reason", "A reservation becomes a stay by admitting the person; release with discharged, transferred or reservation-cancelled.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var bed = await VisibleBedAsync(bedId, ct);
        if (bed is null)
        {
            return NoBed(bedId);
        }

        var stay = await db.BedStays.SingleOrDefaultAsync(s => s.BedId == bed.Id && s.Until == null, ct);
        if (stay is null)
        {
            return Refusal.Conflict($"Bed {bed.Name} is {IntakeForm.Kebab(bed.Status)}: nobody holds it.");
        }

        if ((stay.Kind == BedStayKind.Reserved) != (reason == BedStayEnd.ReservationCancelled))
        {
            return Refusal.Invalid("reason", stay.Kind == BedStayKind.Reserved
                ? "The bed is reserved, not occupied: release it with reservation-cancelled."
                : "The bed is occupied: release it with discharged or transferred.");
        }

        var now = Now;
        stay.Until = now;
        stay.EndReason = reason;
        stay.EndedBy = user.Username;
        stay.Note = note ?? stay.Note;
        // An occupied bed goes to housekeeping; a cancelled reservation frees the bed at once.
        bed.Status = stay.Kind == BedStayKind.Occupied ? BedStatus.Cleaning : BedStatus.Available;
        bed.StatusSince = now;
        bed.Version++;
        if (stay.InquiryId is { } inquiryId)
        {
            db.InquiryActivities.Add(new InquiryActivity
            {
                InquiryId = inquiryId,
                SiteId = bed.SiteId,
                At = now,
                By = user.Username,
                Kind = ActivityKind.Bed,
                What = "reservation-cancelled",
                Detail = $"bed {bed.Name}" + (note is null ? "" : $"; {note}"),
            });
        }

        audit.Record("bed-release", "Bed", bed.Id.ToString(), stay.PatientId, bed.SiteId, $"{bed.Name}: {IntakeForm.Kebab(reason!.Value)}");
        return await SaveAsync(bed, tx, ct);
    }

    /// <summary>Frees the patient's bed at discharge (called by the discharge itself, inside its transaction).</summary>
    internal async Task FreeForDischargeAsync(Guid patientId, LevelOfCare level, CancellationToken ct)
    {
        var stay = await db.BedStays.SingleOrDefaultAsync(s => s.PatientId == patientId && s.Until == null, ct);
        if (stay is null || await db.CareUnits.Where(u => u.Id == stay.UnitId).Select(u => u.LevelOfCare).SingleAsync(ct) != level)
        {
            // No bed, or a bed of another episode (a residential stay while an OTP episode ends).
            return;
        }

        var bed = await db.Beds.SingleAsync(b => b.Id == stay.BedId, ct);
        stay.Until = Now;
        stay.EndReason = BedStayEnd.Discharged;
        stay.EndedBy = user.Username;
        bed.Status = BedStatus.Cleaning;
        bed.StatusSince = Now;
        bed.Version++;
        audit.Record("bed-release", "Bed", bed.Id.ToString(), patientId, bed.SiteId, $"{bed.Name}: discharged");
    }

    public async Task<Outcome<BedView>> SetStatusAsync(int bedId, BedStatusChange request, CancellationToken ct)
    {
        var outcome = await SetStatusCoreAsync(bedId, request, ct);
        if (!outcome.Succeeded)
        {
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private async Task<Outcome<BedView>> SetStatusCoreAsync(int bedId, BedStatusChange request, CancellationToken ct)
    {
        if (!MayAssign && user.Role != Roles.Admin)
        {
            return Refusal.Forbidden("Only clinical staff and administrators change a bed's status.");
        }

        var errors = new FieldErrors();
        var status = errors.Choice<BedStatus>("status", request.Status, required: true);
        var note = errors.Text("note", request.Note, 300);
        if (status is BedStatus.Occupied or BedStatus.Reserved)
        {
            errors.Add("status", "A bed becomes occupied or reserved by assigning it (POST /api/v1/beds/{id}/assign).");
        }

        if (status == BedStatus.OutOfService && note is null)
        {
            errors.Add("note", "Say why the bed is out of service (note).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.BeginLockedWriteAsync(ct);
        var bed = await VisibleBedAsync(bedId, ct);
        if (bed is null)
        {
            return NoBed(bedId);
        }

        if (bed.Status is BedStatus.Occupied or BedStatus.Reserved)
        {
            return Refusal.Conflict($"Bed {bed.Name} is {IntakeForm.Kebab(bed.Status)}; release it first.");
        }

        bed.Status = status!.Value;
        bed.StatusNote = note;
        bed.StatusSince = Now;
        bed.Version++;
        audit.Record(AuditActions.StatusChange, "Bed", bed.Id.ToString(), null, bed.SiteId, $"{bed.Name}: {IntakeForm.Kebab(bed.Status)}" + (note is null ? "" : $"; {note}"));
        return await SaveAsync(bed, tx, ct);
    }

    public async Task<Outcome<UnitView>> AddUnitAsync(NewCareUnit request, CancellationToken ct)
    {
        if (user.Role != Roles.Admin)
        {
            return Refusal.Forbidden("Only an administrator adds units and beds.");
        }

        var errors = new FieldErrors();
        var building = errors.Text("building", request.Building, 100, required: true);
        var name = errors.Text("name", request.Name, 100, required: true);
        var level = errors.Choice<LevelOfCare>("levelOfCare", request.LevelOfCare, required: true);
        var layout = ParseLayout(errors, request.Beds, request.BedCount);
        if (request.SiteId is not { } siteId || !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            errors.Add("siteId", request.SiteId is null ? "siteId is required." : $"There is no site with id {request.SiteId}.");
        }
        else if (name is not null && await db.CareUnits.AnyAsync(u => u.SiteId == siteId && u.Name == name, ct))
        {
            errors.Add("name", $"Site {siteId} already has a unit named '{name}'.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var unit = new CareUnit { SiteId = request.SiteId!.Value, Building = building!, Name = name!, LevelOfCare = level!.Value };
        db.CareUnits.Add(unit);
        await db.SaveChangesAsync(ct);
        var now = Now;
        foreach (var (room, label) in layout)
        {
            db.Beds.Add(new Bed { UnitId = unit.Id, SiteId = unit.SiteId, Room = room, Label = label, StatusSince = now, Version = 1 });
        }

        audit.Record(AuditActions.Create, "CareUnit", unit.Id.ToString(), null, unit.SiteId, $"{building} · {name}, {layout.Count} beds");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var beds = await db.Beds.AsNoTracking().Where(b => b.UnitId == unit.Id).OrderBy(b => b.Room).ThenBy(b => b.Label).ToListAsync(ct);
        var site = await db.Sites.Where(s => s.Id == unit.SiteId).Select(s => s.Name).SingleAsync(ct);
        return new UnitView(unit.Id, unit.SiteId, site, unit.Building, unit.Name, unit.LevelOfCare, beds.Select(b => View(b, null)).ToList());
    }

    /// <summary>"101:A,B; 102:A" → rooms and bed labels; or <paramref name="count"/> single rooms numbered from 1.</summary>
    internal static List<(string Room, string Label)> ParseLayout(FieldErrors errors, string? text, int? count)
    {
        var beds = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pieces = part.Split(':', 2, StringSplitOptions.TrimEntries);
                var labels = pieces.Length == 2 ? pieces[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : ["A"];
                if (pieces[0].Length is 0 or > 20 || labels.Any(l => l.Length > 20))
                {
                    errors.Add("beds", $"'{part}' is not a room and its beds (e.g. 101:A,B).");
                    continue;
                }

                beds.AddRange(labels.Select(l => (pieces[0], l)));
            }
        }
        else if (count is >= 1 and <= 200)
        {
            beds.AddRange(Enumerable.Range(1, count.Value).Select(i => (i.ToString("000", CultureInfo.InvariantCulture), "A")));
        }
        else
        {
            errors.Add("beds", "Give the rooms and beds (beds: \"101:A,B; 102:A\") or bedCount (1 to 200).");
        }

        if (beds.Count > 200)
        {
            errors.Add("beds", "A unit has at most 200 beds.");
        }

        foreach (var twice in beds.GroupBy(b => b).Where(g => g.Count() > 1))
        {
            errors.Add("beds", $"Bed {twice.Key.Item1}-{twice.Key.Item2} is listed twice.");
        }

        return beds;
    }

    // ---------------------------------------------------------------- census

    /// <summary>
    /// Who was in each unit at midnight at the end of <paramref name="day"/> (the hospital convention: the census is
    /// taken at 23:59), with the day's admissions and departures; and people in treatment by level of care.
    /// </summary>
    public async Task<Outcome<MidnightCensus>> CensusAsync(int? siteId, DateOnly day, CancellationToken ct)
    {
        var sites = await SitesAsync(siteId, ct);
        if (sites is null)
        {
            return Refusal.Forbidden($"You are not granted site {siteId}.");
        }

        var start = StartOf(day);
        var midnight = StartOf(day.AddDays(1));
        var units = await db.CareUnits.AsNoTracking().Where(u => sites.Contains(u.SiteId) && u.Active)
            .Join(db.Sites, u => u.SiteId, s => s.Id, (u, s) => new { Unit = u, Site = s.Name })
            .OrderBy(u => u.Site).ThenBy(u => u.Unit.Building).ThenBy(u => u.Unit.Name).ToListAsync(ct);
        var unitIds = units.Select(u => u.Unit.Id).ToList();
        var beds = await db.Beds.AsNoTracking().Where(b => unitIds.Contains(b.UnitId))
            .GroupBy(b => b.UnitId)
            .Select(g => new { UnitId = g.Key, Beds = g.Count(), OutOfService = g.Count(b => b.Status == BedStatus.OutOfService) })
            .ToListAsync(ct);
        var stays = await db.BedStays.AsNoTracking()
            .Where(s => unitIds.Contains(s.UnitId) && s.From < midnight && (s.Until == null || s.Until >= start))
            .Select(s => new { s.UnitId, s.Kind, s.From, s.Until, s.EndReason, s.PatientId })
            .ToListAsync(ct);
        // A stay that began when the same patient's previous stay ended by transfer is a move, not an admission.
        var movedAt = (await db.BedStays.AsNoTracking()
                .Where(s => unitIds.Contains(s.UnitId) && s.EndReason == BedStayEnd.Transferred && s.Until >= start && s.Until < midnight)
                .Select(s => new { s.PatientId, s.Until }).ToListAsync(ct))
            .Select(s => (s.PatientId, s.Until)).ToHashSet();
        var rows = units.Select(u =>
        {
            var count = beds.SingleOrDefault(b => b.UnitId == u.Unit.Id);
            var here = stays.Where(s => s.UnitId == u.Unit.Id).ToList();
            var occupied = here.Count(s => s.Kind == BedStayKind.Occupied && (s.Until == null || s.Until >= midnight));
            var reserved = here.Count(s => s.Kind == BedStayKind.Reserved && (s.Until == null || s.Until >= midnight));
            var admissions = here.Count(s => s.Kind == BedStayKind.Occupied && s.From >= start && !movedAt.Contains((s.PatientId, (DateTimeOffset?)s.From)));
            var departures = here.Count(s => s.Kind == BedStayKind.Occupied && s.Until is { } t && t >= start && t < midnight && s.EndReason != BedStayEnd.Transferred);
            var inService = (count?.Beds ?? 0) - (count?.OutOfService ?? 0);
            return new CensusUnitRow(u.Unit.Id, u.Site, u.Unit.Building, u.Unit.Name, u.Unit.LevelOfCare, count?.Beds ?? 0, count?.OutOfService ?? 0,
                occupied, reserved, admissions, departures, inService > 0 ? Math.Round(100.0 * occupied / inService, 1) : null);
        }).ToList();

        var episodes = await db.TreatmentEpisodes.AsNoTracking()
            .Where(e => sites.Contains(e.SiteId) && e.AdmittedAt < midnight && (e.DischargedAt == null || e.DischargedAt >= start))
            .Join(db.Sites, e => e.SiteId, s => s.Id, (e, s) => new { e.LevelOfCare, e.AdmittedAt, e.DischargedAt, Site = s.Name })
            .ToListAsync(ct);
        var levels = episodes.GroupBy(e => (e.Site, e.LevelOfCare)).OrderBy(g => g.Key.Site).ThenBy(g => g.Key.LevelOfCare)
            .Select(g => new CensusLevelRow(g.Key.Site, g.Key.LevelOfCare,
                g.Count(e => e.DischargedAt == null || e.DischargedAt >= midnight),
                g.Count(e => e.AdmittedAt >= start),
                g.Count(e => e.DischargedAt is { } d && d >= start && d < midnight)))
            .ToList();
        await audit.RecordNowAsync(AuditActions.Search, "Census", day.ToString("yyyy-MM-dd"), null, siteId, "midnight census", ct);
        return new MidnightCensus(day, midnight, rows, levels);
    }

    public static string CensusCsv(MidnightCensus census)
    {
        var csv = new StringBuilder("day,site,building,unit,level_of_care,beds,out_of_service,occupied_at_midnight,reserved,admissions,departures,occupancy_percent\n");
        foreach (var r in census.Units)
        {
            string?[] row =
            [
                census.Day.ToString("yyyy-MM-dd"), r.Site, r.Building, r.Unit, IntakeForm.Kebab(r.LevelOfCare), Num(r.Beds), Num(r.OutOfService), Num(r.Occupied),
                Num(r.Reserved), Num(r.Admissions), Num(r.Departures), r.Occupancy?.ToString("0.0", CultureInfo.InvariantCulture),
            ];
            csv.Append(string.Join(',', row.Select(Csv.Field))).Append('\n');
        }

        return csv.ToString();
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Puts a patient in a bed: a new open stay, the bed occupied. The caller saves, in its own transaction.</summary>
    internal static void Occupy(MainstayDb db, Bed bed, Guid patientId, DateTimeOffset now, string? by, string? note)
    {
        db.BedStays.Add(new BedStay
        {
            Id = Guid.CreateVersion7(now),
            BedId = bed.Id,
            UnitId = bed.UnitId,
            SiteId = bed.SiteId,
            PatientId = patientId,
            Kind = BedStayKind.Occupied,
            From = now,
            StartedBy = by ?? "system",
            Note = note,
        });
        bed.Status = BedStatus.Occupied;
        bed.StatusSince = now;
        bed.StatusNote = null;
        bed.Version++;
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private async Task<Outcome<BedView>> SaveAsync(Bed bed, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict($"Bed {bed.Name} was changed at another station at the same moment; reload the board.");
        }
        catch (DbUpdateException ex) when (Dosing.DosingWindow.IsUniqueViolation(ex))
        {
            return Refusal.Conflict($"Bed {bed.Name} was taken at another station at the same moment; choose another bed.");
        }

        var occupant = await OccupantsAsync([bed.UnitId], ct);
        return View(bed, occupant.GetValueOrDefault(bed.Id));
    }

    private async Task<bool> ReservedForAsync(BedStay reservation, Guid patientId, CancellationToken ct) =>
        reservation.InquiryId is { } inquiryId && await db.Inquiries.AnyAsync(i => i.Id == inquiryId && i.PatientId == patientId, ct);

    private async Task<Bed?> VisibleBedAsync(int bedId, CancellationToken ct)
    {
        var bed = await db.Beds.SingleOrDefaultAsync(b => b.Id == bedId, ct);
        return bed is not null && await user.MayUseSiteAsync(bed.SiteId, ct) ? bed : null;
    }

    private async Task<List<int>?> SitesAsync(int? siteId, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (siteId is { } s)
        {
            return scope.Includes(s) ? [s] : null;
        }

        return scope.SiteIds.ToList();
    }

    private async Task<Dictionary<int, OccupantView>> OccupantsAsync(List<int> unitIds, CancellationToken ct)
    {
        var stays = await db.BedStays.AsNoTracking().Where(s => unitIds.Contains(s.UnitId) && s.Until == null).ToListAsync(ct);
        var names = await NamesAsync(stays, ct);
        var inquiries = await ReferencesAsync(stays, ct);
        return stays.ToDictionary(s => s.BedId, s => new OccupantView(s.Id, s.Kind, s.PatientId, s.InquiryId,
            names.GetValueOrDefault(s.Id) ?? "?", s.InquiryId is { } i ? inquiries.GetValueOrDefault(i) : null, s.From));
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(List<BedStay> stays, CancellationToken ct)
    {
        var patientIds = stays.Select(s => s.PatientId).OfType<Guid>().Distinct().ToList();
        var inquiryIds = stays.Select(s => s.InquiryId).OfType<Guid>().Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.FamilyName, p.GivenName, p.Mrn }).ToDictionaryAsync(p => p.Id, ct);
        var inquiries = await db.Inquiries.AsNoTracking().Where(i => inquiryIds.Contains(i.Id))
            .Select(i => new { i.Id, i.FamilyName, i.GivenName, i.Number }).ToDictionaryAsync(i => i.Id, ct);
        return stays.ToDictionary(s => s.Id, s =>
            s.PatientId is { } p && patients.TryGetValue(p, out var pa) ? $"{pa.FamilyName}, {pa.GivenName}"
            : s.InquiryId is { } i && inquiries.TryGetValue(i, out var iq) ? $"{iq.FamilyName}, {iq.GivenName} (A-{iq.Number})" : "?");
    }

    private async Task<Dictionary<Guid, string>> ReferencesAsync(List<BedStay> stays, CancellationToken ct)
    {
        var ids = stays.Select(s => s.InquiryId).OfType<Guid>().Distinct().ToList();
        return await db.Inquiries.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => "A-" + i.Number, ct);
    }

    private static BedView View(Bed b, OccupantView? occupant) =>
        new(b.Id, b.UnitId, b.Room, b.Label, b.Name, b.Status, b.StatusNote, b.StatusSince, b.Version, occupant);

    private static Refusal NoBed(int bedId) => Refusal.NotFound($"There is no bed {bedId} at your sites.");

    private static Refusal Taken(Bed bed) => Refusal.Conflict($"Bed {bed.Name} is {IntakeForm.Kebab(bed.Status)}; choose an available bed.");
}
