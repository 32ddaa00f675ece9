using Mainstay.Features.Admissions;
using Mainstay.Features.Patients;
using Mainstay.Features.Plans;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class TreatmentPlanConfiguration : IEntityTypeConfiguration<TreatmentPlan>
{
    public void Configure(EntityTypeBuilder<TreatmentPlan> b)
    {
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.CreatedBy).HasMaxLength(100);
        b.Property(p => p.UpdatedBy).HasMaxLength(100);
        b.Property(p => p.SignedBy).HasMaxLength(100);
        b.Property(p => p.AcknowledgementMethod).HasMaxLength(30);
        b.Property(p => p.AcknowledgedBy).HasMaxLength(200);
        b.Property(p => p.AcknowledgementWitness).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        // One plan per patient: it is versioned, never duplicated.
        b.HasIndex(p => p.PatientId).IsUnique().HasDatabaseName("IX_TreatmentPlans_Patient");
        b.HasIndex(p => new { p.SiteId, p.Status, p.NextReviewOn }).HasDatabaseName("IX_TreatmentPlans_WorkList");
        b.HasOne<Patient>().WithMany().HasForeignKey(p => p.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(p => p.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TreatmentPlanVersionConfiguration : IEntityTypeConfiguration<TreatmentPlanVersion>
{
    public void Configure(EntityTypeBuilder<TreatmentPlanVersion> b)
    {
        b.Property(v => v.SignedBy).HasMaxLength(100);
        b.Property(v => v.ChangeSummary).HasMaxLength(1000);
        b.HasIndex(v => new { v.PlanId, v.Version }).IsUnique().HasDatabaseName("IX_TreatmentPlanVersions_Version");
        b.HasOne<TreatmentPlan>().WithMany().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(v => v.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlanReviewConfiguration : IEntityTypeConfiguration<PlanReview>
{
    public void Configure(EntityTypeBuilder<PlanReview> b)
    {
        b.Property(r => r.ReviewedBy).HasMaxLength(100);
        b.Property(r => r.Notes).HasMaxLength(2000);
        b.HasIndex(r => new { r.PlanId, r.ReviewedOn }).HasDatabaseName("IX_PlanReviews_Plan");
        b.HasOne<TreatmentPlan>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RetentionCourseConfiguration : IEntityTypeConfiguration<Mainstay.Features.Reports.RetentionCourse>
{
    public void Configure(EntityTypeBuilder<Mainstay.Features.Reports.RetentionCourse> b)
    {
        b.HasKey(c => c.PatientId);
        b.Property(c => c.PatientId).ValueGeneratedNever();
        b.Property(c => c.Medication).HasConversion<string>().HasMaxLength(20);
        // Unbounded: a course keeps a gap each time one is longer than all before it (a few in practice, never capped).
        b.HasIndex(c => c.SiteId).HasDatabaseName("IX_RetentionCourses_Site");
        b.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EpisodeUrineWeeksConfiguration : IEntityTypeConfiguration<Mainstay.Features.Reports.EpisodeUrineWeeks>
{
    public void Configure(EntityTypeBuilder<Mainstay.Features.Reports.EpisodeUrineWeeks> b)
    {
        b.HasKey(w => w.EpisodeId);
        b.Property(w => w.EpisodeId).ValueGeneratedNever();
        b.Property(w => w.Medication).HasConversion<string>().HasMaxLength(16);
        foreach (var packing in Mainstay.Features.Reports.EpisodeUrineWeeks.Packings)
        {
            for (var c = 0; c < packing.Columns; c++)
            {
                b.Property<long>(packing.ColumnName(c));
            }
        }

        foreach (var definition in Mainstay.Clinical.Outcomes.UrineWeeks.Definitions)
        {
            b.Property<int?>(Mainstay.Features.Reports.EpisodeUrineWeeks.EventColumn(definition));
        }

        b.HasIndex(w => w.PatientId).HasDatabaseName("IX_EpisodeUrineWeeks_Patient");
        b.HasIndex(w => new { w.SiteId, w.AdmittedOn }).HasDatabaseName("IX_EpisodeUrineWeeks_Site_Admitted");
        b.HasOne<TreatmentEpisode>().WithOne().HasForeignKey<Mainstay.Features.Reports.EpisodeUrineWeeks>(w => w.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Site>().WithMany().HasForeignKey(w => w.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}
