using System.Threading.Channels;

namespace Workbench.Server.Store;

/// <summary>
/// Group commit, as databases do for their log: the writes that arrive while one batch is being stored go
/// together into the next, one transaction (so one flush to disk) for all of them. Each caller is answered
/// only once its batch is committed, so nothing acknowledged is lost. One writer, so batches never contend.
/// </summary>
public abstract class GroupCommit<TPending> : IDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<TPending> _pending = Channel.CreateUnbounded<TPending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    protected GroupCommit() => _writer = Task.Run(WriteAsync);

    /// <summary>Queues a write for the next batch; its caller waits on what the pending item completes.</summary>
    protected void Enqueue(TPending pending)
    {
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(GetType().Name);
        }
    }

    /// <summary>Stores one batch in one transaction and answers each of its callers.</summary>
    protected abstract Task StoreAsync(List<TPending> batch);

    /// <summary>Answers a caller whose batch could not be stored.</summary>
    protected abstract void Fail(TPending pending, Exception exception);

    private async Task WriteAsync()
    {
        var batch = new List<TPending>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            try
            {
                await StoreAsync(batch);
            }
            catch (Exception e)
            {
                batch.ForEach(p => Fail(p, e));
            }
        }
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
        GC.SuppressFinalize(this);
    }
}
