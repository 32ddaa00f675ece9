using System.Globalization;
using System.Net;
using System.Text;

namespace Mainstay.Features.Reports;

/// <summary>Grouped bar charts as hand-made SVG (the CSP forbids scripts): one group per label, one bar per series.</summary>
public static class BarChart
{
    private const int Width = 900;
    private const int Height = 260;
    private const int Left = 50;
    private const int Right = 880;
    private const int Top = 30;
    private const int Bottom = 220;
    private static readonly string[] Colours = ["#1f5f8b", "#c26a00", "#2e7d32", "#7b1fa2", "#b3261e"];

    public sealed record Series(string Name, IReadOnlyList<double?> Values);

    public static string Render(string title, IReadOnlyList<string> labels, IReadOnlyList<Series> series, bool percent = false)
    {
        var max = percent ? 1.0 : Math.Max(1, series.SelectMany(s => s.Values).Select(v => v ?? 0).DefaultIfEmpty(0).Max());
        var niceMax = percent ? 1.0 : Nice(max);
        double Y(double v) => Bottom - (v / niceMax * (Bottom - Top));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" class=\"chart\">");
        for (var i = 0; i <= 4; i++)
        {
            var v = niceMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Right}\" y1=\"{Y(v):F1}\" y2=\"{Y(v):F1}\" stroke=\"#e3e6ea\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:F1}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{(percent ? $"{v * 100:0}%" : v.ToString("0.#", CultureInfo.InvariantCulture))}</text>");
        }

        var group = labels.Count == 0 ? 0 : (Right - Left) / (double)labels.Count;
        var bar = series.Count == 0 ? 0 : Math.Min(28, group * 0.8 / series.Count);
        for (var g = 0; g < labels.Count; g++)
        {
            var x0 = Left + (g * group) + ((group - (bar * series.Count)) / 2);
            for (var s = 0; s < series.Count; s++)
            {
                if (g >= series[s].Values.Count || series[s].Values[g] is not { } value)
                {
                    continue;
                }

                var text = percent ? $"{value * 100:0}%" : value.ToString("0.#", CultureInfo.InvariantCulture);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x0 + (s * bar):F1}\" y=\"{Y(value):F1}\" width=\"{bar - 2:F1}\" height=\"{Bottom - Y(value):F1}\" fill=\"{Colours[s % Colours.Length]}\"><title>{WebUtility.HtmlEncode($"{series[s].Name}, {labels[g]}: {text}")}</title></rect>");
            }

            if (labels.Count <= 16 || g % 2 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (g * group) + (group / 2):F1}\" y=\"{Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">{WebUtility.HtmlEncode(labels[g])}</text>");
            }
        }

        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + (s * 170)}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{Colours[s % Colours.Length]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 18 + (s * 170)}\" y=\"16\" font-size=\"12\" fill=\"#333\">{WebUtility.HtmlEncode(series[s].Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static double Nice(double max)
    {
        var step = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var m in new[] { 1.0, 2, 2.5, 5, 10 })
        {
            if (m * step >= max)
            {
                return m * step;
            }
        }

        return 10 * step;
    }
}
