using Workbench.Drivers;
using Workbench.Drivers.Slurm;

namespace Workbench.Slurm.Tests;

/// <summary>Reading what Slurm's commands print, in 22.05's forms and in later versions' forms; no cluster needed.</summary>
public sealed class SlurmParsingTests
{
    private const string Squeue2205 = """
        {"meta": {"plugin": {"type": "openapi/v0.0.38"}}, "errors": [], "jobs": [
          {"job_id": 10, "name": "a", "job_state": "FAILED", "exit_code": 768, "state_reason": "NonZeroExitCode",
           "nodes": "node1", "start_time": 1795704322, "end_time": 1795704323,
           "job_resources": {"nodes": "node1", "allocated_nodes": [{"nodename": "node1"}]}},
          {"job_id": 11, "name": "b", "job_state": "CANCELLED", "exit_code": 15, "state_reason": "None", "nodes": "node[1-2]",
           "start_time": 1795704322, "end_time": 1795704330,
           "job_resources": {"allocated_nodes": [{"nodename": "node1"}, {"nodename": "node2"}]}},
          {"job_id": 12, "name": "c", "job_state": "PENDING", "exit_code": 0, "state_reason": "Resources", "nodes": "",
           "start_time": 0, "end_time": 0}
        ]}
        """;

    [Fact]
    public void Jobs_Slurm2205_StatesExitCodesNodesAndTimes()
    {
        var jobs = SlurmJson.Jobs(Squeue2205);
        Assert.Equal(
            new SlurmJob("10", "a", SlurmJobState.Failed, "NonZeroExitCode", 3, 0, "node1", jobs[0].Nodes,
                DateTimeOffset.FromUnixTimeSeconds(1795704322), DateTimeOffset.FromUnixTimeSeconds(1795704323)),
            jobs[0]);
        Assert.Equal(["node1"], jobs[0].Nodes);
        Assert.Equal((0, 15), (jobs[1].ExitCode, jobs[1].Signal));
        Assert.Equal(["node1", "node2"], jobs[1].Nodes);
        Assert.Equal("", jobs[1].Reason);
        Assert.Equal(SlurmJobState.Pending, jobs[2].State);
        Assert.Null(jobs[2].ExitCode);
        Assert.Null(jobs[2].StartTime);
        Assert.Empty(jobs[2].Nodes);
        Assert.Equal("Slurm job 12 is PENDING (Resources)", jobs[2].Describe());
    }

    [Fact]
    public void Jobs_LaterSlurmShapes_StateListsNumberObjectsAndExitObjects()
    {
        var json = """
            {"errors": [], "jobs": [{"job_id": 7, "name": "x", "job_state": ["OUT_OF_MEMORY"],
              "exit_code": {"status": ["SIGNALED"], "return_code": {"set": true, "infinite": false, "number": 0}, "signal": {"id": {"set": true, "number": 9}, "name": "KILL"}},
              "start_time": {"set": true, "infinite": false, "number": 1795704322}, "end_time": {"set": false, "number": 0}, "nodes": "node3"}]}
            """;
        var job = Assert.Single(SlurmJson.Jobs(json));
        Assert.Equal(SlurmJobState.OutOfMemory, job.State);
        Assert.Equal((0, 9), (job.ExitCode, job.Signal));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795704322), job.StartTime);
        Assert.Null(job.EndTime);
        Assert.Equal(["node3"], job.Nodes);
        Assert.Equal("Slurm job 7 is OUT_OF_MEMORY, killed by signal 9", job.Describe());
    }

    [Fact]
    public void Jobs_ExitCodeAsText_IsExitThenSignal()
    {
        var job = Assert.Single(SlurmJson.Jobs("""{"jobs": [{"job_id": 8, "job_state": "FAILED", "exit_code": "2:0"}]}"""));
        Assert.Equal((2, 0), (job.ExitCode, job.Signal));
    }

    [Fact]
    public void Jobs_ErrorsInsideTheJson_MeanSlurmIsUnavailable()
    {
        // What squeue --json prints, with exit code 0, while slurmctld is down.
        var json = """{"errors": [{"description": "Failed while looking for jobs", "error_number": -1, "error": "Unspecified error", "source": "slurm_load_jobs"}], "jobs": []}""";
        var error = Assert.Throws<DriverUnavailableException>(() => SlurmJson.Jobs(json));
        Assert.Contains("slurm_load_jobs: Failed while looking for jobs: Unspecified error", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("squeue: error: something")]
    [InlineData("{\"jobs\": 3}")]
    [InlineData("{\"jobs\": [{\"job_id\": \"x\"}]}")]
    public void Jobs_Unreadable_IsUnavailableSayingWhat(string output)
    {
        var error = Assert.Throws<DriverUnavailableException>(() => SlurmJson.Jobs(output));
        Assert.Contains("squeue --json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_Slurm2205()
    {
        var json = """
            {"errors": [], "nodes": [{"name": "node1", "state": "idle", "cpus": 4, "alloc_cpus": 0, "real_memory": 8192, "partitions": ["debug", "batch"], "reason": ""},
                                     {"name": "node2", "state": ["DOWN"], "cpus": 4, "alloc_cpus": 1, "real_memory": 8192, "partitions": ["debug"], "reason": "Not responding"}]}
            """;
        var nodes = SlurmJson.Nodes(json);
        Assert.Equal(new SlurmNode("node1", "idle", 4, 0, 8192, nodes[0].Partitions, ""), nodes[0]);
        Assert.Equal(["debug", "batch"], nodes[0].Partitions);
        Assert.Equal(("down", "Not responding"), (nodes[1].State, nodes[1].Reason));
    }

    [Fact]
    public void Scontrol_OneLiner_FieldsWithSpacesStayWhole()
    {
        var line = "JobId=12 JobName=wb-test UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 "
            + "StartTime=2026-11-26T15:39:06 EndTime=2026-11-26T15:39:07 Partition=debug NodeList=node[1-2] BatchHost=node1 NumNodes=2 "
            + "Comment=two words WorkDir=/share/my folder StdOut=/share/my folder/out.log Power=";
        var job = ScontrolJob.Parse(line);
        Assert.Equal(("12", "wb-test", SlurmJobState.Failed, "NonZeroExitCode"), (job.Id, job.Name, job.State, job.Reason));
        Assert.Equal((3, 0), (job.ExitCode, job.Signal));
        Assert.Equal("node[1-2]", job.NodeList);
        Assert.Equal(["node1", "node2"], job.Nodes);
        Assert.Equal(new DateTimeOffset(new DateTime(2026, 11, 26, 15, 39, 7, DateTimeKind.Local)), job.EndTime);
    }

    [Fact]
    public void Scontrol_PendingJob_HasNoNodesNoExitNoTimes()
    {
        var job = ScontrolJob.Parse("JobId=13 JobName=x JobState=PENDING Reason=Resources ExitCode=0:0 StartTime=2026-11-26T16:00:00 EndTime=Unknown NodeList=(null)");
        Assert.Equal((SlurmJobState.Pending, "Resources", "", null, null, null), (job.State, job.Reason, job.NodeList, job.ExitCode, job.StartTime, job.EndTime));
        Assert.Empty(job.Nodes);
    }

    [Fact]
    public void Scontrol_NotAJob_IsUnavailableSayingWhat() =>
        Assert.Throws<DriverUnavailableException>(() => ScontrolJob.Parse("slurm_load_jobs error: something"));

    [Theory]
    [InlineData("node1", "node1")]
    [InlineData("node[1-3]", "node1 node2 node3")]
    [InlineData("node[1-2,7],gpu[08-10]", "node1 node2 node7 gpu08 gpu09 gpu10")]
    [InlineData("a,b", "a b")]
    [InlineData("", "")]
    public void HostList_Expand(string list, string names) =>
        Assert.Equal(names.Split(' ', StringSplitOptions.RemoveEmptyEntries), SlurmHostList.Expand(list));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(768, 3, 0)]
    [InlineData(1024, 4, 0)]
    [InlineData(15, 0, 15)]
    [InlineData(9, 0, 9)]
    public void Exit_FromWaitStatus(int status, int code, int signal) =>
        Assert.Equal((code, signal), SlurmExit.FromWaitStatus(status));

    [Theory]
    [InlineData("3:0", 3, 0)]
    [InlineData("0:15", 0, 15)]
    public void Exit_FromPair(string text, int code, int signal) => Assert.Equal((code, signal), SlurmExit.FromPair(text));

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("a:b")]
    public void Exit_FromPair_NotAPair_IsNull(string text) => Assert.Null(SlurmExit.FromPair(text));

    [Theory]
    [InlineData("CANCELLED by 0", SlurmJobState.Cancelled)]
    [InlineData("NODE_FAIL", SlurmJobState.NodeFail)]
    [InlineData("timeout", SlurmJobState.Timeout)]
    [InlineData("RESV_DEL_HOLD", SlurmJobState.Other)]
    public void States_Parse(string name, SlurmJobState state) => Assert.Equal(state, SlurmJobStates.Parse(name));

    [Fact]
    public void States_OnlyEndsAreFinished()
    {
        Assert.All(new[] { SlurmJobState.Pending, SlurmJobState.Running, SlurmJobState.Completing, SlurmJobState.Other }, s => Assert.False(s.IsFinished()));
        Assert.All(new[] { SlurmJobState.Completed, SlurmJobState.Failed, SlurmJobState.Cancelled, SlurmJobState.NodeFail }, s => Assert.True(s.IsFinished()));
    }
}
