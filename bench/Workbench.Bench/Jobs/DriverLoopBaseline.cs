using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Domain.Catalog;
using Workbench.Domain.Jobs;
using Workbench.Drivers;
using Workbench.Drivers.Local;
using Workbench.Testing;

namespace Workbench.Bench.Jobs;

/// <summary>
/// The same jobs through the local driver alone, in this process: each `true` started by the job agent in
/// an instance's sandbox, its scripts, logs and records written, as the platform runs it, but with no API,
/// store or queue. The platform's own share is the difference to this.
/// </summary>
public sealed class DriverLoopBaseline : IJobBaseline
{
    public string Name => "local driver alone: true in the instance's sandbox";

    public string? Unavailable => File.Exists("/usr/bin/bwrap") ? null : "bubblewrap is not installed";

    public async Task<double> RunAsync(int count, int parallelism, CancellationToken cancellationToken)
    {
        using var work = new TempFolder("wb-bench-driver");
        var options = Options.Create(new LocalDriverOptions
        {
            StateDir = Path.Combine(work.Path, "instances"),
            RuntimeDir = LocalDriverOptions.DefaultRuntimeDir(),
            StopGracePeriod = TimeSpan.FromSeconds(2),
        });
        var instances = new LocalDriver(options, NullLogger<LocalDriver>.Instance);
        using var jobs = new LocalJobDriver(options, NullLogger<LocalJobDriver>.Instance);
        var share = Directory.CreateDirectory(Path.Combine(work.Path, "share")).FullName;
        var app = new AppDefinition("app", "/bin/sh -c 'exec sleep 600'", "ready", new Dictionary<string, string>());
        var instance = new ComputeSpec(Guid.NewGuid(), "default", "bench-driver", "bench", new Size("Standard_DS2_v2", 2, 7, 0, "bench", 0),
            new ImageDefinition("bench", "", [], [], [app]), new Dictionary<string, string> { ["app"] = "/" }, "unused", share);
        var handle = await instances.StartAsync(instance, cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (id, token) =>
                {
                    var name = $"d-{id}";
                    var launch = new JobLaunch(id, name, instance.ComputeId, handle, instance.Name, instance.Owner, share, "true",
                        new Dictionary<string, JobInput>(), new Dictionary<string, JobOutput>(), new Dictionary<string, string>(),
                        JobFolders.Root(name), JobFolders.Logs(name));
                    var job = await jobs.StartAsync(launch, token);
                    await jobs.WaitForEndAsync(id, instance.ComputeId, job, token);
                    await jobs.ReleaseAsync(id, instance.ComputeId, job, token);
                });
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await instances.ReleaseAsync(instance.ComputeId, handle, CancellationToken.None);
        }
    }
}
