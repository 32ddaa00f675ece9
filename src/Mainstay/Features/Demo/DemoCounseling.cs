using Bogus;
using Mainstay.Clinical.Recovery;
using Mainstay.Data;
using Mainstay.Features.Counseling;
using Mainstay.Features.Patients;
using Mainstay.Features.Recovery;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Demo;

/// <summary>
/// The demo's counseling: a relapse-prevention group and a SMART Recovery group at the downtown site with three weeks
/// of attendance (one member missing twice in a row), the counselor's individual sessions today, three weeks of
/// check-ins for a few patients (one with cravings climbing), and two patients earning attendance rewards.
/// </summary>
internal static class DemoCounseling
{
    public static async Task AddAsync(MainstayDb db, List<Site> sites, DateTimeOffset now, CancellationToken ct)
    {
        var f = new Faker("en") { Random = new Randomizer(DemoClinic.Seed + 11) };
        var zone = TimeZoneInfo.Local;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        DateTimeOffset At(DateOnly day, int hour, int minute = 0)
        {
            var local = day.ToDateTime(new TimeOnly(hour, minute));
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }

        var downtown = sites[0].Id;
        var patients = await db.Patients.AsNoTracking().Where(p => p.SiteId == downtown && p.Status == PatientStatus.Active)
            .OrderBy(p => p.Mrn).Take(12).ToListAsync(ct);
        if (patients.Count < 9)
        {
            return;
        }

        var groups = new[]
        {
            (Name: "Relapse prevention — evening", Kind: GroupKind.RelapsePrevention, Room: "Group room 1", Hour: 17, Members: patients.Take(6).ToList(), Linkage: (string?)null),
            (Name: "SMART Recovery", Kind: GroupKind.SmartRecovery, Room: "Group room 2", Hour: 12, Members: patients.Skip(3).Take(5).ToList(),
                Linkage: (string?)"Members find more meetings, in person and online, through SMART Recovery's meeting finder."),
        };
        var attendance = new List<SessionAttendance>();
        foreach (var (name, kind, room, hour, members, linkage) in groups)
        {
            var first = today.AddDays(-21 + (hour == 12 ? 1 : 0));
            var group = new CounselingGroup
            {
                Id = Guid.CreateVersion7(now),
                SiteId = downtown,
                Name = name,
                Kind = CounselingCalendar.IntakeKebab(kind),
                Room = room,
                Facilitator = "counselor",
                Description = kind == GroupKind.RelapsePrevention
                    ? "Cognitive-behavioural relapse prevention: triggers, high-risk situations, coping and refusal skills."
                    : "Self-management and recovery training: motivation, urges, problem solving, balance.",
                Linkage = linkage,
                Weekday = first.DayOfWeek,
                StartsAt = new TimeOnly(hour, 30),
                Minutes = 60,
                FirstOn = first,
                LastOn = first.AddDays(7 * 11),
                Capacity = 10,
                CreatedAt = now,
                CreatedBy = "counselor",
            };
            db.CounselingGroups.Add(group);
            db.GroupMembers.AddRange(members.Select(m => new GroupMember
            {
                Id = Guid.CreateVersion7(now),
                GroupId = group.Id,
                PatientId = m.Id,
                SiteId = downtown,
                JoinedOn = first,
                AddedBy = "counselor",
            }));
            for (var week = 0; week < 12; week++)
            {
                var day = first.AddDays(7 * week);
                var session = new CounselingSession
                {
                    Id = Guid.CreateVersion7(now),
                    SiteId = downtown,
                    Kind = "group",
                    GroupId = group.Id,
                    Room = room,
                    Facilitator = "counselor",
                    StartsAt = At(day, hour, 30),
                    EndsAt = At(day, hour + 1, 30),
                    Status = day < today ? "held" : "scheduled",
                    CreatedAt = now,
                    CreatedBy = "counselor",
                };
                db.CounselingSessions.Add(session);
                if (day >= today)
                {
                    continue;
                }

                foreach (var (m, i) in members.Select((m, i) => (m, i)))
                {
                    // The second member of the evening group has missed the last two meetings.
                    var mark = kind == GroupKind.RelapsePrevention && i == 1 && week >= 1 ? "no-show"
                        : f.Random.Double() < 0.12 ? "late" : f.Random.Double() < 0.08 ? "excused" : "attended";
                    attendance.Add(new SessionAttendance
                    {
                        Id = Guid.CreateVersion7(now),
                        SessionId = session.Id,
                        PatientId = m.Id,
                        SiteId = downtown,
                        SessionStartsAt = session.StartsAt,
                        Mark = mark,
                        MinutesLate = mark == "late" ? f.Random.Int(5, 20) : null,
                        RecordedAt = session.EndsAt,
                        RecordedBy = "counselor",
                    });
                }
            }
        }

        db.SessionAttendance.AddRange(attendance);

        // The counselor's day: three individual sessions.
        var kinds = new[] { SessionKind.Cbt, SessionKind.MotivationalInterviewing, SessionKind.TraumaFocused };
        foreach (var (k, i) in kinds.Select((k, i) => (k, i)))
        {
            db.CounselingSessions.Add(new CounselingSession
            {
                Id = Guid.CreateVersion7(now),
                SiteId = downtown,
                Kind = CounselingCalendar.IntakeKebab(k),
                PatientId = patients[6 + i].Id,
                Room = "Counseling room 3",
                Facilitator = "counselor",
                StartsAt = At(today, 9 + (i * 2)),
                EndsAt = At(today, 9 + (i * 2), 50),
                Status = "scheduled",
                CreatedAt = now,
                CreatedBy = "counselor",
            });
        }

        // Three weeks of check-ins for four patients; the third one's cravings climb over the last days.
        foreach (var (p, i) in patients.Take(4).Select((p, i) => (p, i)))
        {
            for (var d = -20; d <= -1; d++)
            {
                if (f.Random.Double() < 0.2)
                {
                    continue;
                }

                var climbing = i == 2 && d >= -3;
                var craving = climbing ? f.Random.Int(7, 9) : Math.Clamp(4 - (i == 0 ? 2 : 0) + f.Random.Int(-2, 2), 0, 10);
                var day = today.AddDays(d);
                var at = At(day, 7 + f.Random.Int(0, 3), f.Random.Int(0, 59));
                db.CheckIns.Add(new CheckIn
                {
                    Id = Guid.CreateVersion7(now),
                    PatientId = p.Id,
                    SiteId = downtown,
                    At = at,
                    On = day,
                    Source = i == 1 ? "staff" : "portal",
                    Craving = craving,
                    Mood = climbing ? 2 : f.Random.Int(3, 5),
                    Sleep = climbing ? 2 : f.Random.Int(2, 5),
                    Stress = climbing ? f.Random.Int(7, 9) : f.Random.Int(1, 6),
                    Triggers = climbing ? "people,places" : f.Random.Double() < 0.4 ? f.PickRandom("boredom", "pain", "stress", "sleep") : null,
                    UsedSinceLast = climbing && d == -1,
                    Substances = climbing && d == -1 ? "fentanyl" : null,
                    RecordedBy = i == 1 ? "counselor" : "patient",
                });
            }
        }

        // Two members of the evening group earn a flat reward per meeting they come to.
        var schedule = ContingencySchedule.FixedAttendance;
        var evening = groups[0].Members;
        var eveningSessions = db.ChangeTracker.Entries<CounselingSession>().Select(e => e.Entity).Where(s => s.GroupId != null && s.Room == "Group room 1").ToList();
        foreach (var p in new[] { evening[0], evening[2] })
        {
            var enrollment = new ContingencyEnrollment
            {
                Id = Guid.CreateVersion7(now),
                PatientId = p.Id,
                SiteId = downtown,
                Target = CounselingCalendar.IntakeKebab(ContingencyTarget.Attendance),
                ScheduleName = "fixed-attendance",
                FirstReward = schedule.FirstReward,
                Increment = schedule.Increment,
                MaximumReward = schedule.MaximumReward,
                BonusEvery = schedule.BonusEvery,
                Bonus = schedule.Bonus,
                RecoverAfter = schedule.RecoverAfter,
                AnnualCap = schedule.AnnualCap,
                EnrolledOn = today.AddDays(-21),
                EnrolledBy = "counselor",
            };
            db.ContingencyEnrollments.Add(enrollment);
            foreach (var mark in attendance.Where(a => a.PatientId == p.Id && eveningSessions.Any(s => s.Id == a.SessionId)))
            {
                var result = mark.Mark is "attended" or "late" ? OpportunityResult.Success : mark.Mark == "no-show" ? OpportunityResult.Failure : OpportunityResult.Excused;
                db.ContingencyOpportunities.Add(new ContingencyOpportunityRecord
                {
                    Id = Guid.CreateVersion7(now),
                    EnrollmentId = enrollment.Id,
                    PatientId = p.Id,
                    SiteId = downtown,
                    On = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(mark.SessionStartsAt, zone).DateTime),
                    Result = CounselingCalendar.IntakeKebab(result),
                    SourceKey = $"session:{mark.SessionId}",
                    Detail = $"group session {mark.Mark}",
                    RecordedAt = mark.RecordedAt,
                });
            }
        }

        // What those records would have raised: the run of no-shows and the climbing cravings.
        var missedRun = attendance.Where(a => a.PatientId == evening[1].Id && a.Mark == "no-show").OrderBy(a => a.SessionStartsAt).ToList();
        db.PatientAlerts.Add(new Alerts.PatientAlert
        {
            Id = Guid.CreateVersion7(now),
            PatientId = evening[1].Id,
            SiteId = downtown,
            Kind = "no-show-streak",
            Severity = "warning",
            Reason = $"Missed {missedRun.Count} sessions in a row (latest {TimeZoneInfo.ConvertTime(missedRun[^1].SessionStartsAt, zone):yyyy-MM-dd}). Reach out: missed sessions often come before leaving treatment.",
            OwnerRole = Access.Roles.Counselor,
            SourceKey = $"no-shows:{missedRun[0].SessionId}",
            Status = "open",
            RaisedAt = missedRun[1].RecordedAt,
            RaisedBy = "counselor",
        });
        db.PatientAlerts.Add(new Alerts.PatientAlert
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patients[2].Id,
            SiteId = downtown,
            Kind = "rising-cravings",
            Severity = "warning",
            Reason = $"Check-in {today.AddDays(-1):yyyy-MM-dd}: craving has climbed to 7–9 over the last three days from about 4. Talk it through and review the relapse-prevention plan.",
            OwnerRole = Access.Roles.Counselor,
            SourceKey = "demo:cravings",
            Status = "open",
            RaisedAt = now.AddHours(-20),
            RaisedBy = "patient",
        });
        // The demo portal account opens the first evening-group member's chart.
        if (await db.Users.SingleOrDefaultAsync(u => u.UserName == "patient", ct) is { } portal)
        {
            portal.PatientId = evening[0].Id;
        }

        await db.SaveChangesAsync(ct);
    }
}
