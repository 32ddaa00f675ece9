using System.Globalization;
using System.Net;
using System.Text;

namespace Mainstay.Features.Locator;

/// <summary>
/// Where the results are around the ZIP code, as SVG: the ZIP's centre in the middle, rings every quarter of the
/// farthest distance, each program a numbered dot placed by its distance east-west and north-south (an equirectangular
/// view, close enough at these distances). No map tiles: nothing is fetched from elsewhere.
/// </summary>
public static class DistanceMap
{
    private const int Size = 420;
    private const int Centre = Size / 2;
    private const int Radius = (Size / 2) - 24;

    public static string Render(LocatorAnswer answer, double maxMiles)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Size} {Size}\" class=\"distance-map\" role=\"img\" aria-label=\"Programs around ZIP {WebUtility.HtmlEncode(answer.Zip)}: north is up, rings every {maxMiles / 4:0.#} miles\">");
        for (var ring = 1; ring <= 4; ring++)
        {
            var r = Radius * ring / 4.0;
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Centre}\" cy=\"{Centre}\" r=\"{r:F1}\" fill=\"none\" stroke=\"#d5dbe1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Centre + 3}\" y=\"{Centre - r + 12:F1}\" font-size=\"10\" fill=\"#666\">{maxMiles * ring / 4:0.#} mi</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Centre}\" y=\"14\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">N</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Centre - 5}\" y=\"{Centre - 5}\" width=\"10\" height=\"10\" fill=\"#b3261e\"><title>ZIP {WebUtility.HtmlEncode(answer.Zip)}</title></rect>");
        var lat0 = answer.Latitude ?? 0;
        var lon0 = answer.Longitude ?? 0;
        var number = 0;
        foreach (var r in answer.Programs)
        {
            number++;
            var north = ProgramDirectory.Miles(lat0, lon0, r.Listing.Latitude, lon0) * Math.Sign(r.Listing.Latitude - lat0);
            var east = ProgramDirectory.Miles(lat0, lon0, lat0, r.Listing.Longitude) * Math.Sign(r.Listing.Longitude - lon0);
            var x = Centre + (east / maxMiles * Radius);
            var y = Centre - (north / maxMiles * Radius);
            svg.Append(CultureInfo.InvariantCulture,
                $"<g><circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"9\" fill=\"#1f5f8b\"/><text x=\"{x:F1}\" y=\"{y + 4:F1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#fff\">{number}</text><title>{number}. {WebUtility.HtmlEncode(r.Listing.Program)}: {r.Miles:0.0} miles</title></g>");
        }

        return svg.Append("</svg>").ToString();
    }
}
