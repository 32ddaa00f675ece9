using Mainstay.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mainstay.Features.Withdrawal;

[Authorize(Policy = Policies.ReadPatients)]
public sealed class BoardModel(WithdrawalUnit unit) : PageModel
{
    public List<BoardRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await unit.BoardAsync(null, ct);
}
