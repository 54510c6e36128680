using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Workbench.Bench.Measurement;
using Workbench.Bench.Slurm;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Bench.Jobs;

/// <summary>
/// Jobs through a real server process (Release, SQLite, the local driver, a real instance of 2 vCPUs,
/// so 4 slots): submit throughput over the API, dispatch latency (a slot freed → the next job's
/// process started, from the times their agent recorded) and the time for N trivial jobs end to end, against
/// baselines run in the same process with the same parallelism.
/// </summary>
public static class JobsBench
{
    public const double SubmitsPerSecondGoal = 500;
    public const double DispatchP99GoalMs = 20;
    public const double EndToEndRatioGoal = 2;
    private const string Compute = "bench-box";
    private const string WarmUpCompute = "bench-warm-up";
    private const int SleepersMin = 40;
    private const double SleepSeconds = 0.5;
    private static readonly TimeSpan Drain = TimeSpan.FromMinutes(10);

    /// <summary>The job that holds every slot of the measured instance until its queue is full and its start is over.</summary>
    private const string Gate = "gate";

    /// <summary>How long the drain waits at most for the instance's start to be over.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private const int SubmitRounds = 3;

    /// <param name="submitsOnly">Only the submits to a stopped instance, in <see cref="SubmitRounds"/> rounds of <paramref name="count"/>.</param>
    public static async Task<BenchReport> RunAsync(int count, bool submitsOnly, CancellationToken cancellationToken)
    {
        using var work = new TempFolder("wb-bench-jobs");
        var dataDir = Directory.CreateDirectory(Path.Combine(work.Path, "server")).FullName;
        var token = "wb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var server = new ServerProcess(dataDir, token, new Dictionary<string, string> { ["Logging:LogLevel:Workbench"] = "Warning" }, asService: true);
        Console.WriteLine($"jobs: starting the server ({RepositoryPaths.ServerDll}) ...");
        await server.StartAsync();
        using var api = server.CreateClient();
        // Disposing the server deletes its instances and kills whatever of them a failed run left.
        var process = Process.GetProcessById(server.ProcessId!.Value);
        return submitsOnly
            ? await MeasureSubmitsAsync(api, process, count, cancellationToken)
            : await MeasureAsync(api, process, count, cancellationToken);
    }

    private static async Task<BenchReport> MeasureAsync(HttpClient api, Process server, int count, CancellationToken cancellationToken)
    {
        var slots = await CreateStoppedInstanceAsync(api, Compute, cancellationToken);

        // 0. A server just started runs its hot paths unoptimized until the JIT has recompiled them: the same
        // submits to another stopped instance first, and the same drain of its queue, so the figures below are
        // those of a server that has run a while.
        await CreateStoppedInstanceAsync(api, WarmUpCompute, cancellationToken);
        var warmUpPuts = new Samples("PUT .../jobs/{name}, a server just started (warm-up, another stopped instance)");
        var (warmUpMs, warmUpCpu) = await SubmitToStoppedAsync(api, server, WarmUpCompute, "w", count, warmUpPuts, cancellationToken);
        Console.WriteLine($"jobs: warm-up: starting instance {WarmUpCompute}; its {count} queued jobs drain ...");
        await api.PostAsync($"{ApiCalls.Computes}/{WarmUpCompute}/start", null, cancellationToken);
        var warmUpSpan = QueueTimes.Span(await WaitForAllAsync(api, WarmUpCompute, "w-", count, cancellationToken));
        await api.PostAsync($"{ApiCalls.Computes}/{WarmUpCompute}/stop", null, cancellationToken);
        await api.WaitForStateAsync(WarmUpCompute, "Stopped", 120);

        // 1. The API alone: the instance is stopped, so every job waits in the queue and nothing runs beside the submits.
        // The gate, submitted first, heads the queue.
        await api.SubmitJobAsync(Gate, JobCalls.Spec(Compute, "sleep 600", $"resources: {{ cpu: {slots} }}\n"));
        var queuedPuts = new Samples("PUT .../jobs/{name}, instance stopped");
        var (queuedMs, cpuPerSubmit) = await SubmitToStoppedAsync(api, server, Compute, "q", count, queuedPuts, cancellationToken);

        // 2. The queue drains on a running instance: every job waits behind the gate until it is canceled, so each
        // freed slot has a job to take, and what the instance's start left running (its Jupyter) is over by then.
        Console.WriteLine($"jobs: starting the instance; its first job takes all {slots} slots until the machine is quiet ...");
        await api.PostAsync($"{ApiCalls.Computes}/{Compute}/start", null, cancellationToken);
        await api.WaitForJobAsync(Gate, j => j.State == "Running", "running", seconds: 120);
        var (settled, quiet) = await MachineQuiet.WaitAsync(Settle, cancellationToken);
        Console.WriteLine($"jobs: {(quiet ? "quiet" : "still busy")} after {settled.TotalSeconds:0.0} s; canceling the first job: {count} queued jobs drain through {slots} slots ...");
        // The plain loop again right before the drain, beside it in time: the one run after every phase may meet the machine at another speed.
        var plainBefore = await new PlainLoopBaseline().RunAsync(count, slots, cancellationToken);
        var cpuBefore = DrainCpu.Read(server.Id);
        await api.PostAsync($"{JobCalls.Jobs}/{Gate}/cancel", null, cancellationToken);
        var drained = await WaitForAllAsync(api, Compute, "q-", count, cancellationToken);
        var drainCpu = DrainCpu.Read(server.Id) - cpuBefore;
        var drainDispatch = QueueTimes.DispatchLatency(drained, slots, "Dispatch, queue full: slot free → next job starts");
        var drainSpan = QueueTimes.Span(drained);

        // 3. Submits while jobs run: end to end from the first PUT to the last job's end.
        Console.WriteLine($"jobs: submitting {count} more jobs to the running instance and waiting for all to end ...");
        var livePuts = new Samples("PUT .../jobs/{name}, jobs running beside");
        var first = DateTimeOffset.UtcNow;
        var liveMs = await Submitter.SubmitAsync(api, Compute, "r", count, livePuts, cancellationToken);
        var live = await WaitForAllAsync(api, Compute, "r-", count, cancellationToken);
        var liveEndToEnd = (live.Max(j => j.EndedAt!.Value) - first).TotalMilliseconds;
        var liveDispatch = QueueTimes.DispatchLatency(live, slots, "Dispatch, submits beside: slot free → next job starts");

        // 4. Dispatch with the CPU left to the platform: jobs that sleep, so four processes starting at once
        // do not crowd the two cores as a flood of `true` does.
        var sleepers = Math.Max(SleepersMin, count / 5);
        Console.WriteLine($"jobs: {sleepers} jobs of `sleep {SleepSeconds}` through the same slots ...");
        await Submitter.SubmitAsync(api, Compute, "s", sleepers, new Samples("unused"), cancellationToken, $"sleep {SleepSeconds}");
        var slept = await WaitForAllAsync(api, Compute, "s-", sleepers, cancellationToken);
        var sleepDispatch = QueueTimes.DispatchLatency(slept, slots, $"Dispatch, jobs of `sleep {SleepSeconds}`: slot free → next job starts");
        var halves = QueueTimes.DispatchHalves(slept, slots);
        var failed = drained.Concat(live).Concat(slept).Count(j => j.State != "Completed");
        foreach (var job in drained.Concat(live).Concat(slept).Where(j => j.State != "Completed").Take(5))
        {
            Console.WriteLine($"jobs: {job.Name} did not complete: {job.State}, exit code {job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}, {job.Reason}: {job.Message}");
        }

        foreach (var compute in new[] { Compute, WarmUpCompute })
        {
            await api.DeleteAsync($"{ApiCalls.Computes}/{compute}", cancellationToken);
            await api.WaitForGoneAsync(compute, 120);
        }
        var baselines = new List<(IJobBaseline Baseline, double? Ms)>();
        foreach (var baseline in new IJobBaseline[] { new PlainLoopBaseline(), new DriverLoopBaseline(), await SlurmBaseline.FindAsync() })
        {
            Console.WriteLine($"jobs: baseline {baseline.Name}, {count} commands, {slots} at once ...");
            baselines.Add((baseline, baseline.Unavailable is null ? await baseline.RunAsync(count, slots, cancellationToken) : null));
        }
        var submits = new SubmitFigures(warmUpPuts, warmUpMs, warmUpCpu, queuedPuts, queuedMs, cpuPerSubmit, livePuts, liveMs);
        return Report(count, slots, failed, submits, [drainDispatch, liveDispatch, sleepDispatch], halves, (drainSpan, warmUpSpan, drainCpu, plainBefore), liveEndToEnd, baselines);
    }

    /// <summary>Creates an instance and stops it once it runs; returns its job slots.</summary>
    private static async Task<int> CreateStoppedInstanceAsync(HttpClient api, string compute, CancellationToken cancellationToken)
    {
        await api.PutAsJsonAsync($"{ApiCalls.Computes}/{compute}", new CreateComputeRequest("Standard_DS2_v2"), WorkbenchJson.Options, cancellationToken);
        var slots = Runs(await api.WaitForStateAsync(compute, "Running", 120)).JobSlots;
        await api.PostAsync($"{ApiCalls.Computes}/{compute}/stop", null, cancellationToken);
        await api.WaitForStateAsync(compute, "Stopped", 120);
        return slots;
    }

    /// <summary>The instance, unless it failed (a host without what it needs): then its jobs would wait for ever, and the benchmark stops with its error.</summary>
    private static ComputeInstanceResource Runs(ComputeInstanceResource? instance) =>
        instance is { State: not "Failed" } ? instance : throw new InvalidOperationException($"Instance {instance?.Name ?? "(gone)"} failed: {instance?.Error}");

    /// <summary>Submits to a stopped instance; returns the wall time of all submits and the server's CPU per submit, in ms.</summary>
    private static async Task<(double Ms, double CpuPerSubmit)> SubmitToStoppedAsync(
        HttpClient api, Process server, string compute, string prefix, int count, Samples samples, CancellationToken cancellationToken)
    {
        Console.WriteLine($"jobs: submitting {count} jobs from {Submitter.Clients} clients to stopped instance {compute} ...");
        server.Refresh();
        var serverCpu = server.TotalProcessorTime;
        var ms = await Submitter.SubmitAsync(api, compute, prefix, count, samples, cancellationToken);
        server.Refresh();
        return (ms, (server.TotalProcessorTime - serverCpu).TotalMilliseconds / count);
    }

    private static async Task<BenchReport> MeasureSubmitsAsync(HttpClient api, Process server, int count, CancellationToken cancellationToken)
    {
        await CreateStoppedInstanceAsync(api, Compute, cancellationToken);
        var table = new ResultTable("Round", "n", "submits/s", "server CPU ms a submit", "p50 ms", "p99 ms");
        for (var round = 1; round <= SubmitRounds; round++)
        {
            var puts = new Samples($"round {round}");
            var (ms, cpu) = await SubmitToStoppedAsync(api, server, Compute, $"q{round}", count, puts, cancellationToken);
            table.Add(puts.Name, count.ToString(CultureInfo.InvariantCulture), (count / (ms / 1000)).ToString("0", CultureInfo.InvariantCulture),
                ResultTable.Ms(cpu), ResultTable.Ms(puts.Median), ResultTable.Ms(puts.P99));
        }
        await api.DeleteAsync($"{ApiCalls.Computes}/{Compute}", cancellationToken);
        await api.WaitForGoneAsync(Compute, 120);
        return new BenchReport($"jobs --submits-only: {SubmitRounds} rounds of {count} submits to a stopped instance (SQLite)", table,
            [$"Goal ≥ {SubmitsPerSecondGoal:0} submits/s from {Submitter.Clients} clients on the same {Environment.ProcessorCount} cores."]);
    }

    /// <summary>
    /// Waits until the compute has no job running or queued, then lists the ended jobs once: polling the compute's
    /// counts, not the lists of ended jobs, keeps the benchmark's own load on the server small while jobs run.
    /// </summary>
    private static async Task<IReadOnlyList<JobResource>> WaitForAllAsync(HttpClient api, string compute, string prefix, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (Runs(await api.GetComputeAsync(compute)).Jobs is not { Running: 0, Queued: 0 })
        {
            if (clock.Elapsed > Drain)
            {
                throw new TimeoutException($"The {prefix}* jobs on {compute} did not all end within {Drain.TotalMinutes:0} minutes.");
            }
            await Task.Delay(250, cancellationToken);
        }
        var ended = (await ListAsync(api, "Completed", cancellationToken)).Concat(await ListAsync(api, "Failed", cancellationToken))
            .Where(j => j.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return ended.Count == count
            ? ended
            : throw new InvalidOperationException($"{compute} has no job running or queued, but {ended.Count} of its {count} {prefix}* jobs are Completed or Failed.");
    }

    private static async Task<List<JobResource>> ListAsync(HttpClient api, string state, CancellationToken cancellationToken)
    {
        var all = new List<JobResource>();
        string? next = $"{JobCalls.Jobs}?state={state}&top=1000";
        while (next is not null)
        {
            var page = (await api.GetFromJsonAsync<Page<JobResource>>(next, WorkbenchJson.Options, cancellationToken))!;
            all.AddRange(page.Value);
            next = page.NextLink;
        }
        return all;
    }

    /// <summary>The PUTs of the warm-up, of the measured submits to the stopped instance and of those beside running jobs.</summary>
    private sealed record SubmitFigures(
        Samples WarmUpPuts, double WarmUpMs, double WarmUpCpu, Samples QueuedPuts, double QueuedMs, double CpuPerSubmit, Samples LivePuts, double LiveMs);

    private static BenchReport Report(
        int count, int slots, int failed, SubmitFigures submits,
        Samples[] dispatch, (double Recorded, double Launched) halves, (double Span, double WarmUpSpan, DrainCpu Cpu, double PlainBefore) drain, double liveEndToEnd, List<(IJobBaseline Baseline, double? Ms)> baselines)
    {
        var drainSpan = drain.Span;
        var (warmUpPuts, warmUpMs, warmUpCpu, queuedPuts, queuedMs, cpuPerSubmit, livePuts, liveMs) = submits;
        var table = new ResultTable("Operation", "n", "p50 ms", "p99 ms", "min ms");
        foreach (var samples in dispatch.Prepend(livePuts).Prepend(queuedPuts).Prepend(warmUpPuts).Where(s => s.Count > 0))
        {
            table.Add(samples.Name, samples.Count.ToString(CultureInfo.InvariantCulture),
                ResultTable.Ms(samples.Median), ResultTable.Ms(samples.P99), ResultTable.Ms(samples.Min));
        }
        var queuedRate = count / (queuedMs / 1000);
        var liveRate = count / (liveMs / 1000);
        var plain = baselines[0].Ms!.Value;
        var driver = baselines[1].Ms;
        var slurm = baselines[2];
        var notes = new List<string>
        {
            $"Submits: {count} PUTs from {Submitter.Clients} clients at {queuedRate:0}/s with the instance stopped (the API and store alone; goal ≥ {SubmitsPerSecondGoal:0}/s: {Met(queuedRate >= SubmitsPerSecondGoal)}), "
                + $"{liveRate:0}/s while the jobs ran on the same 2 cores. The server used {ResultTable.Ms(cpuPerSubmit)} ms of CPU per submit "
                + $"(at most {Environment.ProcessorCount * 1000 / cpuPerSubmit:0}/s on {Environment.ProcessorCount} cores were the clients free). "
                + $"The warm-up before them, the same {count} PUTs to a server just started: {count / (warmUpMs / 1000):0}/s at {ResultTable.Ms(warmUpCpu)} ms of CPU a submit.",
            $"Dispatch p99 (goal ≤ {DispatchP99GoalMs:0} ms): " + string.Join("; ", dispatch.Where(d => d.Count > 0).Select(d =>
                $"{ResultTable.Ms(d.P99)} ms in \"{d.Name}\" ({d.Count} pairs, {Met(d.P99 <= DispatchP99GoalMs)})"))
                + ". From the times the instance's job agent recorded for consecutive jobs (the end once it saw a job's process exit, the start just before it started the next one's), so for a job its agent was not holding it holds the end's store write, the queue's pass and the launch (the job's scripts, the hand-over to the agent); for one it held, the agent's own start of it. "
                + $"With the sleeping jobs, medians: {ResultTable.Ms(halves.Recorded)} ms from a job's end until the server had recorded it, {ResultTable.Ms(halves.Launched)} ms from there to the next job's start.",
            $"End to end, {count} `true` jobs through {slots} slots: {drainSpan / 1000:0.00} s from the first job's start to the last end with all of them queued on a running instance; "
                + $"{liveEndToEnd / 1000:0.00} s from the first PUT to the last end while submitting. {failed} jobs did not complete. "
                + $"The warm-up's drain, the same on a server just started and from the instance's start (its Jupyter starting beside): {drain.WarmUpSpan / 1000:0.00} s.",
            drain.Cpu.Describe(count),
        };
        if (baselines[0].Baseline is PlainLoopBaseline { MachineCpuPerCommandMs: > 0 } loop)
        {
            var drainCpuPerJob = drain.Cpu.Machine * 1000 / count;
            notes.Add($"The machine's CPU a job in the drain, {ResultTable.Ms(drainCpuPerJob)} ms, is {ResultTable.Ratio(drainCpuPerJob / loop.MachineCpuPerCommandMs)}× "
                + $"its CPU a `/bin/true` of the plain loop ({ResultTable.Ms(loop.MachineCpuPerCommandMs)} ms): with every core busy in both, the end-to-end ratio is about that.");
        }
        foreach (var (baseline, ms) in baselines)
        {
            notes.Add(ms is { } time
                ? $"Baseline {baseline.Name}: {time / 1000:0.00} s, {slots} at once; queue drain / this = {ResultTable.Ratio(drainSpan / time)}, submit-while-running / this = {ResultTable.Ratio(liveEndToEnd / time)}."
                : $"Baseline {baseline.Name}: not run ({baseline.Unavailable}).");
        }
        notes.Add($"Goal end to end within {EndToEndRatioGoal:0}× the plain loop: {Met(drainSpan / plain <= EndToEndRatioGoal)} ({ResultTable.Ratio(drainSpan / plain)}×)"
            + $"; against the plain loop run right before the drain ({drain.PlainBefore / 1000:0.00} s): {ResultTable.Ratio(drainSpan / drain.PlainBefore)}×"
            + (driver is { } d ? $"; within {EndToEndRatioGoal:0}× the local driver alone (the same launch in the sandbox without API, store or queue): {Met(drainSpan / d <= EndToEndRatioGoal)} ({ResultTable.Ratio(drainSpan / d)}×)." : "."));
        notes.Add(slurm.Ms is { } slurmMs
            ? $"Ahead of Slurm: {(liveEndToEnd < slurmMs ? "yes" : "no")}: submit-while-running end to end / Slurm (submit to all ended) = {ResultTable.Ratio(liveEndToEnd / slurmMs)}×."
            : $"Ahead of Slurm: not measured ({slurm.Baseline.Unavailable}).");
        return new BenchReport($"jobs: {count} trivial jobs on an instance with {slots} slots (SQLite, local driver)", table, notes);
    }

    private static string Met(bool met) => met ? "met" : "NOT met";
}
