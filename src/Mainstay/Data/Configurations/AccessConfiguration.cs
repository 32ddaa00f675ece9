using Mainstay.Features.Access;
using Mainstay.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.HasMany(u => u.SiteGrants).WithOne().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SiteGrantConfiguration : IEntityTypeConfiguration<SiteGrant>
{
    public void Configure(EntityTypeBuilder<SiteGrant> b)
    {
        b.HasKey(g => new { g.UserId, g.SiteId });
        b.HasOne<Site>().WithMany().HasForeignKey(g => g.SiteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.Property(c => c.ClientId).HasMaxLength(40);
        b.HasIndex(c => c.ClientId).IsUnique().HasDatabaseName("UX_ApiClients_ClientId");
        b.Property(c => c.SecretHash).HasMaxLength(200);
        b.Property(c => c.RecipientName).HasMaxLength(200);
        b.Property(c => c.ResourceTypes).HasMaxLength(1000);
        b.Property(c => c.Sites).HasMaxLength(1000);
        b.Property(c => c.CreatedBy).HasMaxLength(100);
        b.Ignore(c => c.Types);
    }
}
