using Microsoft.AspNetCore.Http.Features;

namespace Workbench.Server.Api;

/// <summary>
/// A job's log sent as it grows: whatever the file holds, then each new chunk as it is written, until
/// the job has ended and the file is read to its end. Read in chunks, so a long log never sits in
/// memory; the job's state is asked only while the file has nothing new.
/// </summary>
public sealed class FollowedLog(Func<FileStream?> open, Func<CancellationToken, Task<bool>> hasEnded) : IResult
{
    private const int ChunkBytes = 64 * 1024;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = "text/plain; charset=utf-8";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        var buffer = new byte[ChunkBytes];
        FileStream? file = null;
        try
        {
            while (true)
            {
                file ??= open();
                if (await CopyNewAsync(file, response.Body, buffer, cancellationToken) > 0)
                {
                    continue;
                }
                if (await hasEnded(cancellationToken))
                {
                    // It ended before this read began: what the file holds now is all it will hold.
                    file ??= open();
                    await CopyNewAsync(file, response.Body, buffer, cancellationToken);
                    return;
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
