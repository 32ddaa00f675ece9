using System.Globalization;
using System.Net;
using System.Text;
using Mainstay.Clinical.Outcomes;

namespace Mainstay.Features.Reports;

/// <summary>
/// Kaplan–Meier step curves with their 95% bands, days on the x axis, share retained on the y axis, and beneath them the
/// number still at risk at each tick, per curve (Pocock, Clayton &amp; Altman 2002: a curve's right end rests on few people,
/// and the reader must see how few); hand-made SVG (strict CSP).
/// </summary>
public static class RetentionChart
{
    private const int Width = 1000;
    private const int RiskRow = 18;
    private const int Left = 60;
    private const int Right = 700;
    private const int Top = 20;
    private const int Bottom = 310;
    private static readonly string[] Colours = ["#1b1b1b", "#1f5f8b", "#c26a00", "#2e7d32", "#7b1fa2"];

    public static string Render(string title, IReadOnlyList<RetentionGroup> groups, int days = 365)
    {
        double X(double day) => Left + (Math.Min(day, days) / days * (Right - Left));
        double Y(double share) => Bottom - (share * (Bottom - Top));
        var riskTop = Bottom + 66;
        var height = riskTop + (groups.Count * RiskRow) + 12;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" class=\"chart\">");
        foreach (var share in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Right}\" y1=\"{Y(share):F1}\" y2=\"{Y(share):F1}\" stroke=\"#e3e6ea\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{Y(share) + 4:F1}\" text-anchor=\"end\" font-size=\"12\" fill=\"#555\">{share * 100:0}%</text>");
        }

        foreach (var day in RetentionGroup.RiskDays.Where(d => d <= days))
        {
            var stroke = day is 90 or 180 ? "#9aa4ae" : "#e3e6ea";
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(day):F1}\" x2=\"{X(day):F1}\" y1=\"{Top}\" y2=\"{Bottom}\" stroke=\"{stroke}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(day):F1}\" y=\"{Bottom + 18}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555\">{day}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Right) / 2}\" y=\"{Bottom + 38}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">days since the first dose</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{riskTop - 6}\" font-size=\"12\" font-weight=\"600\" fill=\"#333\">Number at risk</text>");
        for (var i = 0; i < groups.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var g = groups[i];
            var end = Math.Min(g.Curve.LastTime, days);
            // The 95% band, then the curve: steps down at each event, flat between, ending at the longest follow-up.
            var steps = g.Curve.Steps.Where(s => s.Time <= end).ToList();
            var line = new StringBuilder(FormattableString.Invariant($"M{X(0):F1},{Y(1):F1}"));
            foreach (var s in steps)
            {
                line.Append(FormattableString.Invariant($" H{X(s.Time):F1} V{Y(s.Survival):F1}"));
            }

            line.Append(FormattableString.Invariant($" H{X(end):F1}"));
            var upper = Band(steps, end, s => s.Upper, X, Y);
            var lower = Band(steps, end, s => s.Lower, X, Y);
            lower.Reverse();
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{string.Join(" L", upper.Concat(lower))} Z\" fill=\"{colour}\" fill-opacity=\"0.08\" stroke=\"none\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{line}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Right + 20}\" y=\"{Top + 4 + (i * 22)}\" width=\"14\" height=\"4\" fill=\"{colour}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Right + 40}\" y=\"{Top + 10 + (i * 22)}\" font-size=\"12\" fill=\"#333\">{WebUtility.HtmlEncode(g.Name)} (n={g.Curve.People})</text>");

            // Its row of the number at risk: under each tick, and its name in its colour at the right.
            var rowY = riskTop + 12 + (i * RiskRow);
            foreach (var day in RetentionGroup.RiskDays.Where(d => d <= days))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(day):F1}\" y=\"{rowY}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{colour}\">{g.Curve.AtRiskAt(day):N0}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Right + 20}\" y=\"{rowY - 6}\" width=\"14\" height=\"4\" fill=\"{colour}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Right + 40}\" y=\"{rowY}\" font-size=\"12\" fill=\"#333\">{WebUtility.HtmlEncode(g.Name)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The corner points of one limit as a step function from day 0 (value 1) to the end.</summary>
    private static List<string> Band(List<SurvivalStep> steps, double end, Func<SurvivalStep, double> limit, Func<double, double> x, Func<double, double> y)
    {
        var points = new List<string> { FormattableString.Invariant($"{x(0):F1},{y(1):F1}") };
        var previous = 1.0;
        foreach (var s in steps)
        {
            points.Add(FormattableString.Invariant($"{x(s.Time):F1},{y(previous):F1}"));
            points.Add(FormattableString.Invariant($"{x(s.Time):F1},{y(limit(s)):F1}"));
            previous = limit(s);
        }

        points.Add(FormattableString.Invariant($"{x(end):F1},{y(previous):F1}"));
        return points;
    }
}
