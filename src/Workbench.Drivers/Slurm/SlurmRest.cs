using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Workbench.Drivers.Slurm;

/// <summary>
/// Submits jobs through slurmrestd on a Unix socket (Drivers:Slurm:RestSocket): one HTTP request instead of an
/// sbatch process, 3-4 ms of slurmrestd's CPU a job on the dev cluster against 16-20 ms for an sbatch.
/// slurmrestd 22.05 closes the connection after each answer; an answer lost on the way is a start cut short,
/// found again by the job's comment as a lost sbatch's is. slurmrestd authenticates the connection by its peer
/// (rest_auth/local) and submits as the user it runs as, so it must run as the user Workbench's jobs run as
/// (docs/slurm.md). A slurmrestd that does not answer, or answers something else than its JSON, is Slurm
/// being unavailable, as a command that does not answer is.
/// </summary>
internal sealed class SlurmRest : IDisposable
{
    private const string SubmitPath = "/slurm/v0.0.38/job/submit";
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly SlurmOptions _options;
    private readonly HttpClient _http;
    private readonly IReadOnlyDictionary<string, string> _baseEnvironment;

    public SlurmRest(SlurmOptions options)
    {
        _options = options;
        var socket = new UnixDomainSocketEndPoint(options.RestSocket);
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await connection.ConnectAsync(socket, ct);
                    return new NetworkStream(connection, ownsSocket: true);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = new Uri("http://slurmrestd"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _baseEnvironment = SlurmCommands.BareEnvironment(options);
    }

    /// <summary>
    /// Whether slurmrestd takes this job: not one that asks for GPUs (<see cref="SlurmJobRequest.FitsRest"/>), nor any with
    /// the user's login environment, which slurmrestd 22.05 did not give a job on the dev cluster (its get_user_environment
    /// took a number and changed nothing), where sbatch --export=NONE does.
    /// </summary>
    public bool Takes(SlurmJobRequest request) => request.FitsRest && !_options.LoginEnvironment;

    /// <summary>Submits a batch job (one it <see cref="Takes"/>); returns its id.</summary>
    public async Task<string> SubmitAsync(SlurmJobRequest request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request.RestBody(_options.Partition, _baseEnvironment));
        content.Headers.ContentType = Json;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.CommandTimeout);
        byte[] answer;
        int status;
        try
        {
            using var response = await _http.PostAsync(SubmitPath, content, limit.Token);
            status = (int)response.StatusCode;
            answer = await response.Content.ReadAsByteArrayAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DriverUnavailableException($"Slurm did not answer: slurmrestd took longer than {_options.CommandTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            throw new DriverUnavailableException(
                $"Slurm did not answer: slurmrestd on {_options.RestSocket} could not be reached ({e.Message}). "
                + $"Start it, or leave {SlurmOptions.Section}:RestSocket empty to submit with sbatch.", e);
        }
        return JobId(answer, status);
    }

    /// <summary>The new job's id, or the error slurmrestd gave.</summary>
    internal static string JobId(byte[] answer, int status)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer);
        }
        catch (JsonException e)
        {
            throw new DriverUnavailableException($"Slurm did not answer: slurmrestd answered HTTP {status} with something other than JSON ({e.Message}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            // A job id means the job is in Slurm's queue, whatever errors come with it: those are why it waits
            // (its nodes down, a partition's limit), which sbatch prints as a warning.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("job_id", out var id)
                && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var jobId) && jobId > 0)
            {
                return jobId.ToString(CultureInfo.InvariantCulture);
            }
            var errors = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(Describe).Where(e => e.Length > 0).ToList()
                : [];
            throw SlurmFailure.From("slurmrestd", errors.Count > 0 ? string.Join("; ", errors) : $"HTTP {status}, with no job id and no error");
        }
    }

    /// <summary>One of slurmrestd's errors: its text, with its description when it has one.</summary>
    private static string Describe(JsonElement error)
    {
        string Text(string name) => error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";
        var text = Text("error");
        var description = Text("description");
        return description.Length == 0 ? text : $"{text} ({description})";
    }

    public void Dispose() => _http.Dispose();
}
