namespace Mainstay.Clinical.Instruments;

/// <summary>The validated instruments Mainstay scores, in the order a clinic's intake uses them.</summary>
public static class Instruments
{
    public static IReadOnlyList<InstrumentDefinition> All { get; } =
    [
        Cows.Definition,
        Sows.Definition,
        Dsm5Oud.Definition,
        OpioidRiskTool.Definition,
        Phq9.Definition,
        Gad7.Definition,
        PcPtsd5.Definition,
        Ace.Definition,
        SocialNeeds.Definition,
    ];

    /// <summary>The instrument with this code (case-insensitive), or null.</summary>
    public static InstrumentDefinition? Find(string? code) =>
        code is null ? null : All.FirstOrDefault(d => string.Equals(d.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}
