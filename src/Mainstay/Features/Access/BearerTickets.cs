using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Mainstay.Features.Access;

/// <summary>
/// Reads a bearer token once: the ticket a token decrypts to is kept, keyed by the token's exact text, so the next request
/// with the same token (a dosing station sends one every few seconds) skips the decryption and its integrity check. A token
/// of other text is read in full, so nothing can be forged through what is kept; the handler still checks the ticket's
/// expiry at every request, and <see cref="SessionRules"/> the account's security stamp. Each request gets its own copy
/// of the ticket, so nothing one request does to its principal reaches another.
/// </summary>
public sealed class BearerTickets(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>Tokens live an hour; past this many kept, the expired are forgotten (all, if none has expired).</summary>
    private const int MostKept = 10_000;

    private readonly ConcurrentDictionary<string, AuthenticationTicket> kept = new(StringComparer.Ordinal);

    /// <summary>Wraps the bearer scheme's protector (after the scheme has set its own).</summary>
    public static void Use(IServiceCollection services) =>
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .PostConfigure(o => o.BearerTokenProtector = new BearerTickets(o.BearerTokenProtector));

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (!kept.TryGetValue(protectedText, out var ticket))
        {
            ticket = inner.Unprotect(protectedText);
            if (ticket is null)
            {
                return null;
            }

            if (kept.Count >= MostKept)
            {
                Prune();
            }

            kept[protectedText] = ticket;
        }

        return new AuthenticationTicket(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);
    }

    /// <summary>Forgets the tickets past their hour (by the real clock: a ticket forgotten early is only read again), or all if none is.</summary>
    private void Prune()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (text, ticket) in kept)
        {
            if (ticket.Properties.ExpiresUtc is not { } expires || expires <= now)
            {
                kept.TryRemove(text, out _);
            }
        }

        if (kept.Count >= MostKept)
        {
            kept.Clear();
        }
    }
}
