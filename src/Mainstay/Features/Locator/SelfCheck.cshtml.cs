using Mainstay.Clinical.SelfCheck;
using Mainstay.Features.Counseling;
using Mainstay.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Locator;

/// <summary>
/// The anonymous self-check: questions about use, overdose risks and withdrawal, read in plain words, with the nearest
/// matching programs. The answers are read and forgotten: no database, no audit, no cookie (the form carries no
/// antiforgery token — there is nothing to protect, as nothing is changed or kept).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class SelfCheckModel(ProgramDirectory directory) : PageModel
{
    public SelfCheckReading? Reading { get; private set; }
    public IReadOnlyList<LocatorResult> Nearby { get; private set; } = [];
    public string? ZipError { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(int[]? criteria, bool asPrescribed, string[]? risks, string[]? signs, bool suicide, bool overdoseNow, string? zip, CancellationToken ct)
    {
        static IReadOnlySet<TEnum> Parse<TEnum>(string[]? values) where TEnum : struct, Enum =>
            (values ?? []).Select(v => Enum.GetValues<TEnum>().Cast<TEnum?>().FirstOrDefault(e => CounselingCalendar.IntakeKebab(e!.Value) == v))
                .Where(e => e is not null).Select(e => e!.Value).ToHashSet();
        Reading = SelfCheck.Read(new SelfCheckAnswers
        {
            CriteriaYes = (criteria ?? []).Where(c => c is >= 1 and <= 11).ToHashSet(),
            OnlyAsPrescribed = asPrescribed,
            Risks = Parse<OverdoseRisk>(risks),
            WithdrawalNow = Parse<WithdrawalSign>(signs),
            ThoughtsOfSuicide = suicide,
            SomeoneOverdosingNow = overdoseNow,
        });
        if (string.IsNullOrWhiteSpace(zip))
        {
            return;
        }

        var found = new Dictionary<Guid, LocatorResult>();
        foreach (var service in Reading.LookFor.Take(3))
        {
            var errors = new FieldErrors();
            var query = LocatorApi.Parse(errors, zip, "100", [service], null, null, null, null, null, "3");
            if (query is null)
            {
                ZipError = Refusal.Invalid(errors).Describe();
                return;
            }

            var answer = await directory.SearchAsync(query, ct);
            if (!answer.Succeeded)
            {
                ZipError = answer.Refusal!.Describe();
                return;
            }

            foreach (var r in answer.Value!.Programs)
            {
                found.TryAdd(r.Listing.Id, r);
            }
        }

        Nearby = [.. found.Values.OrderBy(r => r.Miles).Take(5)];
    }
}
