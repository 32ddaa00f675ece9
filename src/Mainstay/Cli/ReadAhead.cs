using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Mainstay.Cli;

/// <summary>
/// Enumerates a sequence on another thread, a few items ahead of its consumer: an import parses the next Bundles on the
/// second core while the first writes the current one to the database, instead of one after the other. Order is kept;
/// an exception the sequence throws reaches the consumer at the item where it happened.
/// </summary>
public static class ReadAhead
{
    public static async IAsyncEnumerable<T> Of<T>(IEnumerable<T> source, int ahead, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(ahead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var item in source)
                {
                    await channel.Writer.WriteAsync(item, stop.Token);
                }

                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex); // a consumer that stopped early is not told (it is gone)
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(ct))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer; // never throws: its failures went to the channel
        }
    }
}
