using System.Globalization;

namespace Mainstay.Tests.Infrastructure;

/// <summary>
/// What the CTN-0094 subset in tests/data should become, counted from its files without Mainstay's reader: the randomized
/// participants (first randomization, present in everybody.csv), and per participant the distinct dose days and screen
/// days (an attended visit, or a day with a positive finding: uds.csv holds only positives).
/// </summary>
public sealed class Ctn0094Files
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "data", "ctn0094");

    private Ctn0094Files(IReadOnlySet<int> randomized, IReadOnlyDictionary<int, int> doseDays, IReadOnlyDictionary<int, int> screenDays, int visitDays, int withdrawalDays)
    {
        WithdrawalDays = withdrawalDays;
        Randomized = randomized;
        DoseDays = doseDays;
        ScreenDays = screenDays;
        VisitDays = visitDays;
    }

    /// <summary>Days with a withdrawal rating (a category 0–3), over the randomized participants.</summary>
    public int WithdrawalDays { get; }

    /// <summary>Days with a kept study visit, over the randomized participants.</summary>
    public int VisitDays { get; }

    public IReadOnlySet<int> Randomized { get; }

    /// <summary>Dose days per randomized participant (absent: none).</summary>
    public IReadOnlyDictionary<int, int> DoseDays { get; }

    /// <summary>Screen days per randomized participant (absent: none).</summary>
    public IReadOnlyDictionary<int, int> ScreenDays { get; }

    public int TotalDoseDays => DoseDays.Values.Sum();

    public int TotalScreenDays => ScreenDays.Values.Sum();

    /// <summary>The chart's family name for a participant.</summary>
    public static string FamilyName(int who) => $"CTN-{who:0000}";

    public static Ctn0094Files Read()
    {
        var csv = Path.Combine(Folder, "csv");
        static int Who(string field) => int.Parse(field, CultureInfo.InvariantCulture);
        IEnumerable<string[]> Rows(string file) => File.ReadLines(Path.Combine(csv, file)).Skip(1).Select(l => l.Split(','));

        var randomized = Rows("randomization.csv").Where(f => f[2] == "1").Select(f => Who(f[0])).ToHashSet();
        randomized.IntersectWith(Rows("everybody.csv").Select(f => Who(f[0])));
        var doses = Rows("treatment.csv")
            .Where(f => randomized.Contains(Who(f[0])) && f[1] != "NA" && f[1] != "0" && f[2] != "NA")
            .Select(f => (Who: Who(f[0]), Day: f[2])).Distinct()
            .GroupBy(d => d.Who).ToDictionary(g => g.Key, g => g.Count());
        var screens = Rows("visit.csv").Where(f => f[2] == "visit" && f[^1] != "NA").Select(f => (Who: Who(f[0]), Day: f[^1]))
            .Concat(Rows("uds.csv").Where(f => f[2] != "NA").Select(f => (Who: Who(f[0]), Day: f[2])))
            .Where(k => randomized.Contains(k.Who)).Distinct()
            .GroupBy(d => d.Who).ToDictionary(g => g.Key, g => g.Count());
        var visitDays = Rows("visit.csv").Where(f => f[2] == "visit" && f[^1] != "NA" && randomized.Contains(Who(f[0])))
            .Select(f => (f[0], f[^1])).Distinct().Count();
        var withdrawalDays = Rows("withdrawal.csv").Where(f => f[1] is "0" or "1" or "2" or "3" && f[2] != "NA" && randomized.Contains(Who(f[0])))
            .Select(f => (f[0], f[2])).Distinct().Count();
        return new Ctn0094Files(randomized, doses, screens, visitDays, withdrawalDays);
    }
}
