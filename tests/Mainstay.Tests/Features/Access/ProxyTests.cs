using System.Net;
using System.Net.Http.Json;
using Mainstay.Data;
using Mainstay.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mainstay.Tests.Features.Access;

/// <summary>
/// Behind a TLS proxy: X-Forwarded-Proto and X-Forwarded-For are believed only from the proxies named in
/// MAINSTAY_TRUSTED_PROXIES. From a trusted proxy, HTTPS visitors get HSTS and secure cookies and the audit trail records
/// the visitor's address; from anyone else the headers change nothing, so a client cannot forge its address.
/// </summary>
public sealed class ProxyTests
{
    private const string Visitor = "203.0.113.9";

    [Fact]
    public async Task Forwarded_headers_are_ignored_unless_the_proxy_is_trusted()
    {
        await using var server = await ClinicServer.StartAsync(TestDatabase.Sqlite);
        var (hsts, secure, address) = await ThroughProxyAsync(server);
        Assert.False(hsts, "HSTS was sent on plain HTTP because a client claimed HTTPS");
        Assert.False(secure, "a secure cookie was set on plain HTTP because a client claimed HTTPS");
        Assert.Equal("127.0.0.1", address);
    }

    [Fact]
    public async Task From_a_trusted_proxy_HTTPS_brings_HSTS_and_secure_cookies_and_the_audit_names_the_visitor()
    {
        await using var server = await ClinicServer.StartAsync(TestStorage.Create(TestDatabase.Sqlite), trustedProxies: [IPAddress.Loopback]);
        var (hsts, secure, address) = await ThroughProxyAsync(server);
        Assert.True(hsts, "no Strict-Transport-Security behind a trusted TLS proxy");
        Assert.True(secure, "the antiforgery and sign-in cookies are not Secure behind a trusted TLS proxy");
        Assert.Equal(Visitor, address);
    }

    /// <summary>A page and a failed sign-in sent as a TLS proxy would forward them; what came back and what was audited.</summary>
    private static async Task<(bool Hsts, bool SecureCookie, string? AuditedAddress)> ThroughProxyAsync(ClinicServer server)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var page = new HttpRequestMessage(HttpMethod.Get, "/signin");
        page.Headers.Add("X-Forwarded-Proto", "https");
        page.Headers.Add("X-Forwarded-For", Visitor);
        using var response = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hsts = response.Headers.Contains("Strict-Transport-Security");
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        Assert.NotEmpty(cookies);
        var secure = cookies.All(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));

        var username = "proxy" + Guid.NewGuid().ToString("N")[..8];
        using var token = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { username, password = "not-the-password-at-all" }) };
        token.Headers.Add("X-Forwarded-Proto", "https");
        token.Headers.Add("X-Forwarded-For", Visitor);
        using var refused = await client.SendAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MainstayDb>();
        var audited = await db.AuditEvents.AsNoTracking().Where(a => a.Detail!.StartsWith("username=" + username)).Select(a => a.ClientAddress).SingleAsync();
        return (hsts, secure, audited);
    }
}
