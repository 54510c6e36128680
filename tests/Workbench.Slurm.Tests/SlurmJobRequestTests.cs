using System.Text.Json.Nodes;
using Workbench.Drivers.Slurm;

namespace Workbench.Slurm.Tests;

/// <summary>How a job's needs become sbatch options and slurmrestd's submit; no cluster needed.</summary>
public sealed class SlurmJobRequestTests
{
    private static readonly SlurmJobRequest Plain = new("job", "#!/bin/sh\ntrue\n");

    /// <summary>A job with every need but GPUs and variables (slurmrestd takes no GPU request).</summary>
    private static readonly SlurmJobRequest EveryNeed = Plain with
    {
        Partition = "gpu",
        Comment = "Workbench job 7: train",
        OneAtATime = true,
        CpusPerTask = 6,
        MemoryMiB = 114688,
        Nodes = 2,
        TimeLimit = TimeSpan.FromMinutes(90.5),
        OutputPath = "/share/job.log",
        ErrorPath = "/share/job.err",
        AppendOutput = true,
        WorkingDirectory = "/share/work",
    };

    [Fact]
    public void Arguments_EveryNeed_MapsToItsOption()
    {
        var request = EveryNeed with
        {
            Gpus = 1,
            Environment = new Dictionary<string, string> { ["B_VAR"] = "secret, with comma", ["A_VAR"] = "x" },
        };
        Assert.Equal(
            ["--parsable", "--job-name=job", "--partition=gpu", "--comment=Workbench job 7: train", "--dependency=singleton", "--nodes=2", "--cpus-per-task=6", "--mem=114688M", "--gres=gpu:1",
             "--time=91", "--output=/share/job.log", "--error=/share/job.err", "--open-mode=append", "--chdir=/share/work", "--export=A_VAR,B_VAR"],
            request.Arguments("debug", loginEnvironment: true));
        Assert.Equal("--export=ALL", request.Arguments("debug", loginEnvironment: false)[^1]);
    }

    [Fact]
    public void Arguments_Defaults_NoGpusNoMemoryNoTime_ConfiguredPartition_NoEnvironment()
    {
        Assert.Equal(["--parsable", "--job-name=job", "--partition=debug", "--nodes=1", "--cpus-per-task=1", "--export=NONE"], Plain.Arguments("debug", loginEnvironment: true));
        Assert.DoesNotContain(Plain.Arguments("", loginEnvironment: false), a => a.StartsWith("--partition", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bad-name")]
    [InlineData("A,B")]
    [InlineData("1X")]
    public void Arguments_BadVariableName_IsRefused(string name)
    {
        var request = Plain with { Environment = new Dictionary<string, string> { [name] = "v" } };
        Assert.Throws<ArgumentException>(() => request.Arguments("", loginEnvironment: false));
    }

    [Fact]
    public void Arguments_ImpossibleNeeds_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => (Plain with { CpusPerTask = 0 }).Arguments("", loginEnvironment: false));
        Assert.Throws<ArgumentException>(() => (Plain with { Gpus = -1 }).Arguments("", loginEnvironment: false));
        Assert.Throws<ArgumentException>(() => (Plain with { Script = "echo no shebang" }).Arguments("", loginEnvironment: false));
        Assert.Throws<ArgumentException>(() => (Plain with { Name = "two\nlines" }).Arguments("", loginEnvironment: false));
    }

    private static readonly Dictionary<string, string> Base = new() { ["PATH"] = "/usr/bin:/bin", ["SLURM_CONF"] = "/etc/slurm/slurm.conf" };

    [Fact]
    public void RestBody_EveryNeed_MapsToItsField_TheJobsVariablesOverTheBase()
    {
        var request = EveryNeed with { Environment = new Dictionary<string, string> { ["PATH"] = "/opt/bin", ["TOKEN"] = "secret, \"quoted\"" } };
        var body = JsonNode.Parse(request.RestBody("debug", Base))!;
        Assert.Equal("#!/bin/sh\ntrue\n", (string?)body["script"]);
        var expected = JsonNode.Parse("""
            {"name": "job", "partition": "gpu", "comment": "Workbench job 7: train", "dependency": "singleton", "nodes": 2, "cpus_per_task": 6,
             "memory_per_node": 114688, "time_limit": 91, "standard_output": "/share/job.log", "standard_error": "/share/job.err", "open_mode": "append",
             "current_working_directory": "/share/work",
             "environment": {"SLURM_CONF": "/etc/slurm/slurm.conf", "PATH": "/opt/bin", "TOKEN": "secret, \"quoted\""}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body["job"]), body["job"]!.ToJsonString());
    }

    [Fact]
    public void RestBody_Defaults_ConfiguredPartition_TheServersFolder_TheBaseEnvironment()
    {
        var job = JsonNode.Parse(Plain.RestBody("debug", Base))!["job"]!;
        var expected = JsonNode.Parse("""
            {"name": "job", "partition": "debug", "nodes": 1, "cpus_per_task": 1, "current_working_directory": "",
             "environment": {"PATH": "/usr/bin:/bin", "SLURM_CONF": "/etc/slurm/slurm.conf"}}
            """)!;
        expected["current_working_directory"] = Directory.GetCurrentDirectory();
        Assert.True(JsonNode.DeepEquals(expected, job), job.ToJsonString());
        Assert.Null(JsonNode.Parse(Plain.RestBody("", Base))!["job"]!["partition"]);
    }

    [Fact]
    public void RestBody_Gpus_GoThroughSbatch_AndBadNeedsAreRefusedAsForSbatch()
    {
        Assert.True(Plain.FitsRest);
        Assert.False((Plain with { Gpus = 1 }).FitsRest);
        Assert.Throws<InvalidOperationException>(() => (Plain with { Gpus = 1 }).RestBody("", Base));
        Assert.Throws<ArgumentException>(() => (Plain with { CpusPerTask = 0 }).RestBody("", Base));
        Assert.Throws<ArgumentException>(() => (Plain with { Environment = new Dictionary<string, string> { ["A,B"] = "v" } }).RestBody("", Base));
    }
}
