using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;

namespace Mainstay.Hosting;

/// <summary>
/// A server error on a page (not the API) is answered with a page a person can read: what happened, that nothing was
/// saved, and a way back, instead of the problem document the API gets. Only for 5xx; the rest keep their own pages.
/// </summary>
internal sealed class ErrorPage(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        return context.HttpContext.Response.StatusCode >= 500
               && !WebHost.IsApi(request)
               && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var html = HtmlEncoder.Default;
        var title = html.Encode(problem.Title ?? "Something went wrong");
        var detail = html.Encode(problem.Detail ?? "The server could not finish this request; nothing of it was saved. Try again, and tell your administrator if it happens again.");
        var trace = html.Encode(problem.Extensions.TryGetValue("traceId", out var id) ? id?.ToString() ?? "" : "");
        var response = context.HttpContext.Response;
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} · Mainstay</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="narrow stack">
            <h1>{title}</h1>
            <div class="alert danger" role="alert"><p>{detail}</p></div>
            <p>Your browser's Back button returns to the form as you left it. <a href="/">Home</a></p>
            <p class="muted">Error {problem.Status} · reference <span class="mono">{trace}</span></p>
            </main></body>
            </html>
            """);
    }
}
