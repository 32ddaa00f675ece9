using Mainstay.Features.Fhir;
using Mainstay.Features.Patients;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class OutsideRecordConfiguration : IEntityTypeConfiguration<OutsideRecord>
{
    public void Configure(EntityTypeBuilder<OutsideRecord> b)
    {
        b.Property(r => r.ResourceType).HasMaxLength(64);
        b.Property(r => r.SourceKey).HasMaxLength(400);
        b.Property(r => r.SourceReference).HasMaxLength(400);
        b.Property(r => r.Code).HasMaxLength(300);
        b.Property(r => r.CodeText).HasMaxLength(500);
        b.Property(r => r.Status).HasMaxLength(40);
        b.Property(r => r.ContentHash).HasMaxLength(64);
        b.Property(r => r.Origin).HasMaxLength(260);
        b.Property(r => r.ImportedBy).HasMaxLength(100);
        // One row per resource of a source, however often the source is imported.
        b.HasIndex(r => new { r.ResourceType, r.SourceKey }).IsUnique().HasDatabaseName("UX_OutsideRecords_Source");
        b.HasIndex(r => new { r.ResourceType, r.SourceReference }).HasDatabaseName("IX_OutsideRecords_Reference");
        b.HasIndex(r => new { r.PatientId, r.ResourceType }).HasDatabaseName("IX_OutsideRecords_Patient");
        b.HasIndex(r => new { r.SiteId, r.ResourceType, r.Id }).HasDatabaseName("IX_OutsideRecords_Site");
        b.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FhirExportJobConfiguration : IEntityTypeConfiguration<FhirExportJob>
{
    public void Configure(EntityTypeBuilder<FhirExportJob> b)
    {
        b.Property(j => j.Status).HasMaxLength(20);
        b.Property(j => j.RequestUrl).HasMaxLength(2000);
        b.Property(j => j.RequestedBy).HasMaxLength(100);
        b.Property(j => j.Sites).HasMaxLength(2000);
        b.Property(j => j.Types).HasMaxLength(1000);
        b.Property(j => j.Progress).HasMaxLength(200);
        b.Property(j => j.Error).HasMaxLength(2000);
        b.HasIndex(j => j.Status).HasDatabaseName("IX_FhirExportJobs_Status");
    }
}
