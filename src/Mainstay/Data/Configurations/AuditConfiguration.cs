using Mainstay.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mainstay.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Username).HasMaxLength(100);
        b.Property(e => e.Role).HasMaxLength(20);
        b.Property(e => e.Action).HasMaxLength(40);
        b.Property(e => e.ResourceType).HasMaxLength(60);
        b.Property(e => e.ResourceId).HasMaxLength(100);
        b.Property(e => e.ClientAddress).HasMaxLength(64);
        b.Property(e => e.Purpose).HasMaxLength(40);
        b.Property(e => e.Detail).HasMaxLength(1000);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => e.At).HasDatabaseName("IX_AuditEvents_At");
        b.HasIndex(e => new { e.PatientId, e.Sequence }).HasDatabaseName("IX_AuditEvents_Patient");
        b.HasIndex(e => new { e.UserId, e.Sequence }).HasDatabaseName("IX_AuditEvents_User");
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.LastHash).HasMaxLength(64);
        b.HasData(new AuditChainHead { Id = 1, LastSequence = 0, LastHash = AuditChain.Genesis });
    }
}

internal sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> b)
    {
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(40);
        b.HasData(new Counter { Name = Counter.MrnSerial, Value = 0 }, new Counter { Name = Counter.InquiryNumber, Value = 1000 });
    }
}
