using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Mainstay.Hosting;

/// <summary>Named rate limits. Sign-in and token requests are limited per client address.</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";

    public static IServiceCollection AddMainstayRateLimits(this IServiceCollection services, int signInPerMinute)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = signInPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await TypedResults.Problem(
                        detail: "Too many sign-in attempts from this address; wait a minute and try again.",
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many requests")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
