using System.Globalization;
using System.Net;
using System.Text;

namespace Mainstay.Features.Recovery;

/// <summary>
/// Check-ins over time as hand-made SVG (the CSP forbids scripts): craving and stress (0–10) as lines, mood (1–5)
/// drawn on the same 0–10 scale, and a red mark on each day the patient reported using.
/// </summary>
public static class CheckInChart
{
    private const int Width = 900;
    private const int Height = 240;
    private const int Left = 40;
    private const int Right = 880;
    private const int Top = 28;
    private const int Bottom = 200;

    public static string Render(CheckInSeries series)
    {
        var days = series.To.DayNumber - series.From.DayNumber + 1;
        double X(DateOnly d) => Left + ((d.DayNumber - series.From.DayNumber + 0.5) * (Right - Left) / days);
        double Y(double v) => Bottom - (v / 10 * (Bottom - Top));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" class=\"chart\" aria-label=\"Check-ins from {series.From:yyyy-MM-dd} to {series.To:yyyy-MM-dd}: craving, stress and mood\">");
        foreach (var v in new[] { 0, 2, 4, 6, 8, 10 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Right}\" y1=\"{Y(v):F1}\" y2=\"{Y(v):F1}\" stroke=\"#e3e6ea\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:F1}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{v}</text>");
        }

        var step = Math.Max(1, days / 10);
        for (var d = series.From; d <= series.To; d = d.AddDays(step))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(d):F1}\" y=\"{Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">{d:MM-dd}</text>");
        }

        // One point per day: the day's last check-in.
        var byDay = series.CheckIns.GroupBy(c => c.On).Select(g => g.Last()).OrderBy(c => c.On).ToList();
        Line(svg, byDay, c => c.Craving, "#b3261e", "Craving", X, Y);
        Line(svg, byDay, c => c.Stress, "#c26a00", "Stress", X, Y);
        Line(svg, byDay, c => c.Mood * 2, "#1f5f8b", "Mood", X, Y);
        foreach (var used in byDay.Where(c => c.UsedSinceLast))
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{X(used.On) - 5:F1}\" y=\"{Bottom - 10}\" width=\"10\" height=\"10\" fill=\"#8e1b12\"><title>{used.On:yyyy-MM-dd}: used{WebUtility.HtmlEncode(used.Substances is { } s ? $" ({s})" : "")}</title></rect>");
        }

        string[] legend = ["Craving (0–10)", "Stress (0–10)", "Mood (1–5, ×2)", "Reported use"];
        string[] colours = ["#b3261e", "#c26a00", "#1f5f8b", "#8e1b12"];
        for (var i = 0; i < legend.Length; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + (i * 190)}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colours[i]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 18 + (i * 190)}\" y=\"16\" font-size=\"12\" fill=\"#333\">{legend[i]}</text>");
        }

        if (byDay.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Right) / 2}\" y=\"{(Top + Bottom) / 2}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#555\">No check-ins in this period.</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Line(StringBuilder svg, IReadOnlyList<CheckInView> points, Func<CheckInView, int> value, string colour, string name, Func<DateOnly, double> x, Func<double, double> y)
    {
        if (points.Count > 1)
        {
            var path = string.Join(" ", points.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{x(p.On):F1},{y(value(p)):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
        }

        foreach (var p in points)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{x(p.On):F1}\" cy=\"{y(value(p)):F1}\" r=\"3.5\" fill=\"{colour}\"><title>{name} {p.On:yyyy-MM-dd}: {(name == "Mood" ? p.Mood : value(p))}</title></circle>");
        }
    }
}
