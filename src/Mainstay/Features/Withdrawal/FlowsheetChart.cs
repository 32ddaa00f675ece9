using System.Globalization;
using System.Net;
using System.Text;

namespace Mainstay.Features.Withdrawal;

/// <summary>
/// A hand-made SVG of a flowsheet over time: COWS and SOWS (with the COWS severity bands as guides) and,
/// beneath, pulse and respiratory rate. Presentation attributes only, so the strict CSP holds.
/// </summary>
public static class FlowsheetChart
{
    private const int Width = 860;
    private const int PlotLeft = 96;
    private const int PlotRight = 830;

    public static string Render(IReadOnlyList<ReadingView> readings, DateTimeOffset start)
    {
        if (readings.Count == 0)
        {
            return "";
        }

        var end = readings.Max(r => r.At);
        var span = Math.Max((end - start).TotalMinutes, 60);
        double X(DateTimeOffset at) => PlotLeft + ((at - start).TotalMinutes / span * (PlotRight - PlotLeft));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} 430\" role=\"img\" aria-labelledby=\"chart-title\" class=\"chart\">");
        svg.Append("<title id=\"chart-title\">Withdrawal scores and vital signs over time</title>");

        // Scores: 0–64 (SOWS max), COWS bands as guides.
        Panel(svg, top: 20, height: 200, min: 0, max: 64, "score", [5, 13, 25, 37], ["mild ≥5", "moderate ≥13", "mod. severe ≥25", "severe ≥37"]);
        Series(svg, readings.Where(r => r.Cows is not null).Select(r => (X(r.At), (double)r.Cows!.Value)).ToList(), 20, 200, 0, 64, "#1f5f8b", "COWS");
        Series(svg, readings.Where(r => r.Sows is not null).Select(r => (X(r.At), (double)r.Sows!.Value)).ToList(), 20, 200, 0, 64, "#c26a00", "SOWS");
        Legend(svg, 20, [("#1f5f8b", "COWS (clinician)"), ("#c26a00", "SOWS (patient)")]);

        // Vitals: 0–160.
        Panel(svg, top: 250, height: 140, min: 0, max: 160, "per min", [60, 100, 120], ["60", "100", "120"]);
        Series(svg, readings.Where(r => r.PulseBpm is not null).Select(r => (X(r.At), (double)r.PulseBpm!.Value)).ToList(), 250, 140, 0, 160, "#b3261e", "pulse");
        Series(svg, readings.Where(r => r.RespiratoryRate is not null).Select(r => (X(r.At), (double)r.RespiratoryRate!.Value)).ToList(), 250, 140, 0, 160, "#1e7b4a", "respiratory rate");
        Legend(svg, 250, [("#b3261e", "pulse"), ("#1e7b4a", "respiratory rate")]);

        // Time axis: hours since the start of the episode.
        var hours = (int)Math.Ceiling(span / 60);
        var step = Math.Max(1, hours / 8);
        for (var h = 0; h <= hours; h += step)
        {
            var x = PlotLeft + (h * 60 / span * (PlotRight - PlotLeft));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F0}\" y=\"410\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6675\">{h} h</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{PlotRight}\" y=\"425\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6675\">hours since the episode started ({Encode(start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC)</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int top, int height, double min, double max, string unit, int[] guides, string[] labels)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{PlotLeft}\" y=\"{top}\" width=\"{PlotRight - PlotLeft}\" height=\"{height}\" fill=\"#ffffff\" stroke=\"#d8dee6\"/>");
        for (var i = 0; i < guides.Length; i++)
        {
            var y = top + height - ((guides[i] - min) / (max - min) * height);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{PlotLeft}\" x2=\"{PlotRight}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"#eef2f6\" stroke-dasharray=\"4 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{PlotLeft - 4}\" y=\"{y + 4:F1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#5b6675\">{Encode(labels[i])}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{PlotLeft - 4}\" y=\"{top + height + 4}\" font-size=\"10\" text-anchor=\"end\" fill=\"#5b6675\">{min:F0}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{PlotLeft - 4}\" y=\"{top + 8}\" font-size=\"10\" text-anchor=\"end\" fill=\"#5b6675\">{max:F0} {Encode(unit)}</text>");
    }

    private static void Series(StringBuilder svg, List<(double X, double Value)> points, int top, int height, double min, double max, string color, string name)
    {
        if (points.Count == 0)
        {
            return;
        }

        double Y(double v) => top + height - ((Math.Clamp(v, min, max) - min) / (max - min) * height);
        var path = string.Join(" ", points.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : "L")}{p.X:F1},{Y(p.Value):F1}")));
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\"/>");
        foreach (var p in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{p.X:F1}\" cy=\"{Y(p.Value):F1}\" r=\"4\" fill=\"{color}\"><title>{Encode(name)} {p.Value:F0}</title></circle>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{p.X:F1}\" y=\"{Y(p.Value) - 8:F1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{color}\">{p.Value:F0}</text>");
        }
    }

    private static void Legend(StringBuilder svg, int top, (string Color, string Label)[] items)
    {
        var x = PlotLeft + 10;
        foreach (var (color, label) in items)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{top + 8}\" width=\"14\" height=\"4\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 18}\" y=\"{top + 14}\" font-size=\"11\" fill=\"#1b2430\">{Encode(label)}</text>");
            x += 30 + (label.Length * 6);
        }
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
