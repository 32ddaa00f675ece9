using System.Security.Claims;
using System.Security.Cryptography;
using Mainstay.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mainstay.Features.Access;

/// <summary>
/// A system outside the program (a primary-care practice's EHR, a hospital) that reads records through the FHIR door with its
/// own credentials. It reads only the resource types and sites it was given, and only the records of patients whose active
/// 42 CFR Part 2 consent names it as recipient (<see cref="RecipientName"/> is matched against the consent's recipient).
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; set; }

    /// <summary>The public half of the credentials, e.g. "mc_3f9a…".</summary>
    public required string ClientId { get; set; }

    public required string SecretHash { get; set; }

    /// <summary>The recipient as patients name it on their consents, e.g. "Riverbend Primary Care".</summary>
    public required string RecipientName { get; set; }

    /// <summary>FHIR resource types it may read, comma-separated.</summary>
    public required string ResourceTypes { get; set; }

    /// <summary>Site ids, comma-separated, or "all".</summary>
    public required string Sites { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlySet<string> Types => ResourceTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Registering, checking and revoking outside clients.</summary>
public sealed class ApiClients(MainstayDb db, TimeProvider clock, Audit.AuditTrail audit)
{
    /// <summary>The role claim a client's token carries: no staff policy includes it.</summary>
    public const string ClientRole = "outside-client";

    public const string ClientClaim = "mainstay:client";

    private static readonly PasswordHasher<ApiClient> Hasher = new();

    /// <summary>Creates a client and returns it with its secret, which is shown once and stored only as a hash.</summary>
    public async Task<(ApiClient Client, string Secret)> AddAsync(string recipientName, IReadOnlyCollection<string> types, string sites, string? createdBy, CancellationToken ct)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var client = new ApiClient
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            ClientId = "mc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
            SecretHash = "",
            RecipientName = recipientName.Trim(),
            ResourceTypes = string.Join(',', types),
            Sites = sites,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        client.SecretHash = Hasher.HashPassword(client, secret);
        db.ApiClients.Add(client);
        audit.Record(Audit.AuditActions.ClientCreated, "ApiClient", client.ClientId,
            detail: $"recipient={client.RecipientName}; types={client.ResourceTypes}; sites={client.Sites}; by {createdBy ?? "unknown"}");
        await db.SaveChangesAsync(ct);
        return (client, secret);
    }

    /// <summary>The active client with these credentials, or null.</summary>
    public async Task<ApiClient?> CheckAsync(string clientId, string secret, CancellationToken ct)
    {
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, ct);
        return client is not null && Hasher.VerifyHashedPassword(client, client.SecretHash, secret) != PasswordVerificationResult.Failed ? client : null;
    }

    public static ClaimsPrincipal Principal(ApiClient client) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "client:" + client.ClientId),
            new Claim(ClaimTypes.Role, ClientRole),
            new Claim(ClientClaim, client.ClientId),
        ],
        "client"));

    public async Task<bool> RevokeAsync(string clientId, CancellationToken ct)
    {
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, ct);
        if (client is null)
        {
            return false;
        }

        client.RevokedAt = clock.GetUtcNow();
        audit.Record(Audit.AuditActions.ClientRevoked, "ApiClient", client.ClientId, detail: $"recipient={client.RecipientName}");
        await db.SaveChangesAsync(ct);
        return true;
    }
}
