using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Workbench.Server.Api;

/// <summary>
/// A job's log sent as it grows: whatever the file holds, then each new chunk as it is written, until
/// the job has ended and the file is read to its end. Read in chunks, so a long log never sits in
/// memory; the file is looked at every 50 ms, the job's state (a store read) at most every 250 ms and
/// only while the file has nothing new.
/// </summary>
public sealed class FollowedLog(Func<FileStream?> open, Func<CancellationToken, Task<bool>> hasEnded) : IResult
{
    private const int ChunkBytes = 64 * 1024;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StateCheck = TimeSpan.FromMilliseconds(250);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = "text/plain; charset=utf-8";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        var buffer = new byte[ChunkBytes];
        FileStream? file = null;
        var nextCheck = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                file ??= open();
                if (await CopyNewAsync(file, response.Body, buffer, cancellationToken) > 0)
                {
                    continue;
                }
                if (clock.Elapsed >= nextCheck)
                {
                    nextCheck = clock.Elapsed + StateCheck;
                    if (await hasEnded(cancellationToken))
                    {
                        // Its processes are gone: what the file holds now is all it will ever hold.
                        file ??= open();
                        await CopyNewAsync(file, response.Body, buffer, cancellationToken);
                        return;
                    }
                }
                await Task.Delay(Poll, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader went away.
        }
        finally
        {
            file?.Dispose();
        }
    }

    private static async Task<long> CopyNewAsync(FileStream? file, Stream destination, byte[] buffer, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return 0;
        }
        long copied = 0;
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await destination.FlushAsync(cancellationToken);
            copied += read;
        }
        return copied;
    }
}
