using Mainstay.Features.Assessments;
using Mainstay.Features.Consents;
using Mainstay.Features.Patients;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> b)
    {
        b.Property(c => c.Discloser).HasMaxLength(200);
        b.Property(c => c.Recipient).HasMaxLength(300);
        b.Property(c => c.Information).HasMaxLength(1000);
        b.Property(c => c.Purpose).HasMaxLength(500);
        b.Property(c => c.ExpiryEvent).HasMaxLength(200);
        b.Property(c => c.SignedBy).HasMaxLength(200);
        b.Property(c => c.SignerRelationship).HasMaxLength(40);
        b.Property(c => c.SignatureMethod).HasMaxLength(20);
        b.Property(c => c.RecordedBy).HasMaxLength(100);
        b.Property(c => c.RevokedBy).HasMaxLength(100);
        b.Property(c => c.RevocationReason).HasMaxLength(500);
        b.HasIndex(c => new { c.PatientId, c.SignedOn }).HasDatabaseName("IX_Consents_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> b)
    {
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.StartedBy).HasMaxLength(100);
        b.Property(a => a.CompletedBy).HasMaxLength(100);
        b.Property(a => a.SignedBy).HasMaxLength(100);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasIndex(a => new { a.PatientId, a.StartedAt }).HasDatabaseName("IX_Assessments_Patient");
        b.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssessmentAmendmentConfiguration : IEntityTypeConfiguration<AssessmentAmendment>
{
    public void Configure(EntityTypeBuilder<AssessmentAmendment> b)
    {
        b.Property(a => a.By).HasMaxLength(100);
        b.Property(a => a.Reason).HasMaxLength(500);
        b.HasIndex(a => new { a.AssessmentId, a.Version }).IsUnique().HasDatabaseName("IX_AssessmentAmendments_Version");
        b.HasOne<Assessment>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> b)
    {
        b.Property(f => f.Code).HasMaxLength(40);
        b.Property(f => f.Text).HasMaxLength(500);
        b.Property(f => f.Priority).HasMaxLength(16);
        b.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.ClosedBy).HasMaxLength(100);
        b.Property(f => f.Outcome).HasMaxLength(500);
        b.HasIndex(f => new { f.PatientId, f.Status }).HasDatabaseName("IX_FollowUps_Patient_Status");
        b.HasIndex(f => new { f.SiteId, f.Status, f.DueOn }).HasDatabaseName("IX_FollowUps_WorkList");
        b.HasOne<Patient>().WithMany().HasForeignKey(f => f.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(f => f.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
