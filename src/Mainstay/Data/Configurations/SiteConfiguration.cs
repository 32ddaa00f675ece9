using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Name).HasMaxLength(200);
    }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> b)
    {
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Code).HasMaxLength(12);
        b.Property(s => s.Address).HasMaxLength(300);
        b.Property(s => s.Phone).HasMaxLength(40);
        b.Property(s => s.DeaRegistration).HasMaxLength(9);
        b.HasIndex(s => s.DeaRegistration).IsUnique().HasDatabaseName("UX_Sites_DeaRegistration"); // one registration per registered location
        b.HasIndex(s => new { s.OrganizationId, s.Code }).IsUnique().HasDatabaseName("IX_Sites_Organization_Code");
        b.HasOne(s => s.Organization).WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
