using Mainstay.Features.Counseling;
using Mainstay.Features.Patients;
using Mainstay.Features.Recovery;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class CounselingGroupConfiguration : IEntityTypeConfiguration<CounselingGroup>
{
    public void Configure(EntityTypeBuilder<CounselingGroup> b)
    {
        b.Property(g => g.Name).HasMaxLength(120);
        b.Property(g => g.Kind).HasMaxLength(30);
        b.Property(g => g.Room).HasMaxLength(60);
        b.Property(g => g.Facilitator).HasMaxLength(100);
        b.Property(g => g.Description).HasMaxLength(1000);
        b.Property(g => g.Linkage).HasMaxLength(300);
        b.Property(g => g.CreatedBy).HasMaxLength(100);
        b.HasIndex(g => g.SiteId).HasDatabaseName("IX_CounselingGroups_Site");
        b.HasOne<Site>().WithMany().HasForeignKey(g => g.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GroupMemberConfiguration : IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<GroupMember> b)
    {
        b.Property(m => m.AddedBy).HasMaxLength(100);
        // One current membership per patient and group: leaving and rejoining makes a new row.
        b.HasIndex(m => new { m.GroupId, m.PatientId }).IsUnique().HasFilter("\"LeftOn\" IS NULL").HasDatabaseName("UX_GroupMembers_Current");
        b.HasIndex(m => m.PatientId).HasDatabaseName("IX_GroupMembers_Patient");
        b.HasOne<CounselingGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Patient>().WithMany().HasForeignKey(m => m.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CounselingSessionConfiguration : IEntityTypeConfiguration<CounselingSession>
{
    public void Configure(EntityTypeBuilder<CounselingSession> b)
    {
        b.Property(s => s.Kind).HasMaxLength(30);
        b.Property(s => s.Room).HasMaxLength(60);
        b.Property(s => s.Facilitator).HasMaxLength(100);
        b.Property(s => s.Status).HasMaxLength(20).IsConcurrencyToken();
        b.Property(s => s.CancelReason).HasMaxLength(500);
        b.Property(s => s.CreatedBy).HasMaxLength(100);
        b.HasIndex(s => new { s.SiteId, s.StartsAt }).HasDatabaseName("IX_CounselingSessions_Site_Start");
        b.HasIndex(s => new { s.PatientId, s.StartsAt }).HasDatabaseName("IX_CounselingSessions_Patient");
        b.HasIndex(s => new { s.GroupId, s.StartsAt }).HasDatabaseName("IX_CounselingSessions_Group");
        b.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CounselingGroup>().WithMany().HasForeignKey(s => s.GroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SessionAttendanceConfiguration : IEntityTypeConfiguration<SessionAttendance>
{
    public void Configure(EntityTypeBuilder<SessionAttendance> b)
    {
        b.Property(a => a.Mark).HasMaxLength(20);
        b.Property(a => a.CorrectedFrom).HasMaxLength(20);
        b.Property(a => a.Note).HasMaxLength(500);
        b.Property(a => a.RecordedBy).HasMaxLength(100);
        // One mark per patient and session, whichever station records it.
        b.HasIndex(a => new { a.SessionId, a.PatientId }).IsUnique().HasDatabaseName("UX_SessionAttendance_Patient");
        b.HasIndex(a => new { a.PatientId, a.SessionStartsAt }).HasDatabaseName("IX_SessionAttendance_Patient_Start");
        b.HasIndex(a => new { a.SessionStartsAt, a.Mark }).HasDatabaseName("IX_SessionAttendance_Start");
        b.HasOne<CounselingSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProgressNoteConfiguration : IEntityTypeConfiguration<ProgressNote>
{
    public void Configure(EntityTypeBuilder<ProgressNote> b)
    {
        b.Property(n => n.Format).HasMaxLength(10);
        b.Property(n => n.Content).HasMaxLength(20000);
        b.Property(n => n.GroupTopic).HasMaxLength(2000);
        b.Property(n => n.Goals).HasMaxLength(500);
        b.Property(n => n.Status).HasMaxLength(10).IsConcurrencyToken();
        b.Property(n => n.Author).HasMaxLength(100);
        b.Property(n => n.SignedBy).HasMaxLength(100);
        b.Property(n => n.LateReason).HasMaxLength(500);
        b.HasIndex(n => new { n.PatientId, n.ServiceDate }).HasDatabaseName("IX_ProgressNotes_Patient");
        // One note per member of a session.
        b.HasIndex(n => new { n.SessionId, n.PatientId }).IsUnique().HasFilter("\"SessionId\" IS NOT NULL").HasDatabaseName("UX_ProgressNotes_Session_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(n => n.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CounselingSession>().WithMany().HasForeignKey(n => n.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(n => n.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProgressNoteAmendmentConfiguration : IEntityTypeConfiguration<ProgressNoteAmendment>
{
    public void Configure(EntityTypeBuilder<ProgressNoteAmendment> b)
    {
        b.Property(a => a.Content).HasMaxLength(20000);
        b.Property(a => a.Reason).HasMaxLength(500);
        b.Property(a => a.By).HasMaxLength(100);
        b.HasIndex(a => a.NoteId).HasDatabaseName("IX_ProgressNoteAmendments_Note");
        b.HasOne<ProgressNote>().WithMany().HasForeignKey(a => a.NoteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> b)
    {
        b.Property(c => c.Source).HasMaxLength(10);
        b.Property(c => c.Triggers).HasMaxLength(200);
        b.Property(c => c.Substances).HasMaxLength(200);
        b.Property(c => c.Note).HasMaxLength(1000);
        b.Property(c => c.RecordedBy).HasMaxLength(100);
        b.HasIndex(c => new { c.PatientId, c.At }).HasDatabaseName("IX_CheckIns_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContingencyEnrollmentConfiguration : IEntityTypeConfiguration<ContingencyEnrollment>
{
    public void Configure(EntityTypeBuilder<ContingencyEnrollment> b)
    {
        b.Property(e => e.Target).HasMaxLength(30);
        b.Property(e => e.ScheduleName).HasMaxLength(30);
        b.Property(e => e.EnrolledBy).HasMaxLength(100);
        b.Property(e => e.EndReason).HasMaxLength(500);
        foreach (var money in new[] { nameof(ContingencyEnrollment.FirstReward), nameof(ContingencyEnrollment.Increment), nameof(ContingencyEnrollment.MaximumReward), nameof(ContingencyEnrollment.Bonus), nameof(ContingencyEnrollment.AnnualCap) })
        {
            b.Property<decimal>(money).HasPrecision(9, 2);
        }

        // One running enrolment per patient and target behaviour.
        b.HasIndex(e => new { e.PatientId, e.Target }).IsUnique().HasFilter("\"EndedOn\" IS NULL").HasDatabaseName("UX_ContingencyEnrollments_Running");
        b.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContingencyOpportunityConfiguration : IEntityTypeConfiguration<ContingencyOpportunityRecord>
{
    public void Configure(EntityTypeBuilder<ContingencyOpportunityRecord> b)
    {
        b.ToTable("ContingencyOpportunities");
        b.Property(o => o.Result).HasMaxLength(10);
        b.Property(o => o.SourceKey).HasMaxLength(80);
        b.Property(o => o.Detail).HasMaxLength(300);
        b.HasIndex(o => new { o.EnrollmentId, o.SourceKey }).IsUnique().HasDatabaseName("UX_ContingencyOpportunities_Source");
        b.HasOne<ContingencyEnrollment>().WithMany().HasForeignKey(o => o.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContingencyRewardConfiguration : IEntityTypeConfiguration<ContingencyReward>
{
    public void Configure(EntityTypeBuilder<ContingencyReward> b)
    {
        b.Property(r => r.Amount).HasPrecision(9, 2);
        b.Property(r => r.Form).HasMaxLength(20);
        b.Property(r => r.Note).HasMaxLength(300);
        b.Property(r => r.GivenBy).HasMaxLength(100);
        b.HasIndex(r => r.EnrollmentId).HasDatabaseName("IX_ContingencyRewards_Enrollment");
        b.HasOne<ContingencyEnrollment>().WithMany().HasForeignKey(r => r.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DirectoryListingConfiguration : IEntityTypeConfiguration<Mainstay.Features.Locator.DirectoryListing>
{
    public void Configure(EntityTypeBuilder<Mainstay.Features.Locator.DirectoryListing> b)
    {
        b.Property(l => l.Program).HasMaxLength(200);
        b.Property(l => l.SiteName).HasMaxLength(200);
        b.Property(l => l.Address).HasMaxLength(300);
        b.Property(l => l.City).HasMaxLength(100);
        b.Property(l => l.State).HasMaxLength(2);
        b.Property(l => l.Zip).HasMaxLength(5);
        b.Property(l => l.Phone).HasMaxLength(40);
        b.Property(l => l.Website).HasMaxLength(300);
        b.Property(l => l.Hours).HasMaxLength(300);
        b.Property(l => l.Services).HasMaxLength(300);
        b.Property(l => l.Settings).HasMaxLength(100);
        b.Property(l => l.Payments).HasMaxLength(100);
        b.Property(l => l.Languages).HasMaxLength(300);
        b.Property(l => l.Populations).HasMaxLength(100);
        b.Property(l => l.UpdatedBy).HasMaxLength(100);
        b.HasIndex(l => new { l.Program, l.SiteName, l.Zip }).HasDatabaseName("IX_DirectoryListings_Key");
        b.HasOne<Site>().WithMany().HasForeignKey(l => l.MainstaySiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
