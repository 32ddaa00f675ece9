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
        b.Property(u => u.DisabledReason).HasMaxLength(500);
        b.HasMany(u => u.SiteGrants).WithOne().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        // One portal account per chart.
        b.HasIndex(u => u.PatientId).IsUnique().HasFilter("\"PatientId\" IS NOT NULL").HasDatabaseName("UX_Users_Patient");
        // No foreign key to the chart: adding one to the Identity table would make SQLite rebuild it outside a transaction.
        // Charts are never deleted (they are marked entered-in-error), so the id stays good.
    }
}

internal sealed class PortalInvitationConfiguration : IEntityTypeConfiguration<Mainstay.Features.Portal.PortalInvitation>
{
    public void Configure(EntityTypeBuilder<Mainstay.Features.Portal.PortalInvitation> b)
    {
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.Property(i => i.CreatedBy).HasMaxLength(100);
        b.Property(i => i.RevokedBy).HasMaxLength(100);
        b.HasIndex(i => i.TokenHash).IsUnique().HasDatabaseName("UX_PortalInvitations_Token");
        b.HasIndex(i => i.PatientId).HasDatabaseName("IX_PortalInvitations_Patient");
        b.HasOne<Mainstay.Features.Patients.Patient>().WithMany().HasForeignKey(i => i.PatientId).OnDelete(DeleteBehavior.Restrict);
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

internal sealed class EmergencyAccessConfiguration : IEntityTypeConfiguration<EmergencyAccess>
{
    public void Configure(EntityTypeBuilder<EmergencyAccess> b)
    {
        b.Property(e => e.Username).HasMaxLength(100);
        b.Property(e => e.Role).HasMaxLength(20);
        b.Property(e => e.Reason).HasMaxLength(1000);
        b.Property(e => e.ReviewedBy).HasMaxLength(100);
        b.Property(e => e.ReviewNote).HasMaxLength(1000);
        b.HasIndex(e => new { e.UserId, e.PatientId, e.At }).HasDatabaseName("IX_EmergencyAccesses_User_Patient");
        b.HasIndex(e => e.ReviewedAt).HasDatabaseName("IX_EmergencyAccesses_Review");
        b.HasOne<Mainstay.Features.Patients.Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}
