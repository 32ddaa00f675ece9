using System.Data.Common;
using Mainstay.Features.Access;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mainstay.Data;

/// <summary>
/// When a transaction in which an account, site grant or site was saved commits (or rolls back, or fails), what signed-in requests
/// keep of their accounts (<see cref="SignedInAccounts"/>) is made stale once more: a request that read the account
/// between the save and the commit read it as it was before.
/// </summary>
internal sealed class AccountChangeWatch : DbTransactionInterceptor
{
    public static readonly AccountChangeWatch Instance = new();

    private AccountChangeWatch()
    {
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    // A commit that failed may still have been made (its answer lost): what was kept is stale all the same.
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(eventData);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    private static void Ended(DbContextEventData eventData)
    {
        if (eventData.Context is MainstayDb { AccountsChangedUncommitted: true } db)
        {
            db.AccountsChangedUncommitted = false;
            SignedInAccounts.Changed();
        }
    }
}
