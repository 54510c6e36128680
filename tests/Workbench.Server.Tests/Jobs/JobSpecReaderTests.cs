using Workbench.Domain.Jobs;
using Workbench.Server.Jobs;

namespace Workbench.Server.Tests.Jobs;

/// <summary>Job specs as users write them, YAML and JSON: what is read, and every mistake named by key and line.</summary>
public sealed class JobSpecReaderTests
{
    private const string Full = """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        type: command
        name: train-1
        display_name: Train the baseline
        experiment_name: churn
        command: python train.py --epochs ${{inputs.epochs}} --data ${{inputs.data}} --out ${{outputs.model}}
        code: ./src
        environment: jupyter
        compute: my-instance
        resources: { cpu: 2, memory: 2Gi, gpu: 0 }
        inputs:  { epochs: 10, data: { path: data/churn.csv, type: uri_file } }
        outputs: { model: { path: outputs/churn/ } }
        environment_variables: { SEED: 1, MODE: fast }
        timeout: 30m
        """;

    [Fact]
    public void Read_TheIssueExample_GivesEveryField()
    {
        var (parsed, errors) = JobSpecReader.Read(Full);
        Assert.Empty(errors);
        var spec = parsed!.Spec;
        Assert.Equal("train-1", spec.Name);
        Assert.Equal("Train the baseline", spec.DisplayName);
        Assert.Equal("churn", spec.ExperimentName);
        Assert.Equal("./src", spec.Code);
        Assert.Equal("jupyter", spec.Environment);
        Assert.Equal("my-instance", spec.Compute);
        Assert.Equal(new ResourceRequest(2, 2L << 30, 0), spec.Resources);
        Assert.Equal(new JobInput("10", null), spec.Inputs["epochs"]);
        Assert.Equal(new JobInput(null, "data/churn.csv", "uri_file"), spec.Inputs["data"]);
        Assert.Equal(new JobOutput("outputs/churn"), spec.Outputs["model"]);
        Assert.Equal("1", spec.EnvironmentVariables["SEED"]);
        Assert.Equal(TimeSpan.FromMinutes(30), spec.Timeout);
        Assert.Equal(10, parsed.LineOf("resources"));
        Assert.Equal(11, parsed.LineOf("inputs.data"));
    }

    [Fact]
    public void Read_Minimal_FillsDefaults()
    {
        var (parsed, errors) = JobSpecReader.Read("command: echo hi\ncompute: box\n");
        Assert.Empty(errors);
        var spec = parsed!.Spec;
        Assert.Null(spec.Name);
        Assert.Null(spec.Environment);
        Assert.Equal(ResourceRequest.Default, spec.Resources);
        Assert.Equal(JobSpec.DefaultExperiment, spec.ExperimentName);
        Assert.Null(spec.Timeout);
        Assert.Empty(spec.Inputs);
    }

    [Fact]
    public void Read_Json_IsTheSameSpec_WithLines()
    {
        const string json = """
            {
            	"name": "train-1",
            	"command": "python train.py --epochs ${{inputs.epochs}}",
            	"compute": "my-instance",
            	"resources": {"cpu": 1, "memory": "512Mi"},
            	"inputs": {"epochs": 10},
            	"environment_variables": {"SEED": "1"},
            	"timeout": "1h30m"
            }
            """;
        var (parsed, errors) = JobSpecReader.Read(json);
        Assert.Empty(errors);
        Assert.Equal("python train.py --epochs ${{inputs.epochs}}", parsed!.Spec.Command);
        Assert.Equal(512L << 20, parsed.Spec.Resources.MemoryBytes);
        Assert.Equal(TimeSpan.FromMinutes(90), parsed.Spec.Timeout);
        Assert.Equal(4, parsed.LineOf("compute"));
    }

    // Each bad spec, the key its error names, the line it points at, and a fragment of the message.
    public static TheoryData<string, string, int, string> Rejections() => new()
    {
        { "command: x\ncompute: b\ncomand: y\n", "comand", 3, "not a job spec key" },
        { "compute: b\n", "command", 1, "'command' is required" },
        { "command: x\n", "compute", 1, "'compute' is required" },
        { "command: x\ncompute: b\ntimeout: 30\n", "timeout", 3, "duration" },
        { "command: x\ncompute: b\ntimeout: half an hour\n", "timeout", 3, "duration" },
        { "command: x\ncompute: b\ntimeout: 0s\n", "timeout", 3, "duration" },
        { "command: x\ncompute: b\ninputs:\n  data: { path: ../secret.csv }\n", "inputs.data.path", 4, "leaves the workspace share" },
        { "command: x\ncompute: b\ninputs:\n  data: { path: /etc/passwd }\n", "inputs.data.path", 4, "relative" },
        { "command: x\ncompute: b\ninputs:\n  data: { uri: a }\n", "inputs.data.uri", 4, "keys are path and type" },
        { "command: x\ncompute: b\noutputs:\n  model: { path: m, type: mltable }\n", "outputs.model.type", 4, "uri_folder or uri_file" },
        { "command: x\ncompute: b\noutputs:\n  model: outputs/m\n", "outputs.model", 4, "mapping with a path" },
        { "command: x\ncompute: b\noutputs:\n  model: { path: ../../x }\n", "outputs.model.path", 4, "leaves the workspace share" },
        { "command: x\ncompute: b\nresources: { cpu: two }\n", "resources.cpu", 3, "whole number" },
        { "command: x\ncompute: b\nresources: { cpu: 0 }\n", "resources.cpu", 3, "at least 1" },
        { "command: x\ncompute: b\nresources:\n  memory: lots\n", "resources.memory", 4, "512Mi" },
        { "command: x\ncompute: b\nresources: { cpus: 1 }\n", "resources.cpus", 3, "not a resource" },
        { "command: x\ncompute: b\nname: a/b\n", "name", 3, "job name" },
        { "command: x\ncompute: b\ntype: sweep\n", "type", 3, "only command jobs" },
        { "command: echo ${{inputs.lr}}\ncompute: b\n", "command", 1, "${{inputs.lr}}" },
        { "command: x\ncompute: b\nenvironment_variables: { 1BAD: x }\n", "environment_variables.1BAD", 3, "variable name" },
        { "command: [a, b]\ncompute: b\n", "command", 1, "single value" },
        { "command: x\ncompute: b\ninputs: [a]\n", "inputs", 3, "mapping" },
        { "command: x\ncompute: b\ncompute: c\n", "spec", 3, "Duplicate key" },
        { "command: 'x\ncompute: b\n", "spec", 1, "not valid YAML or JSON" },
        { "- command: x\n", "spec", 1, "one mapping" },
        { "{\"command\": \"x\",\n \"compute\": \"b\",\n \"timeout\": \"soon\"}", "timeout", 3, "duration" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Read_BadSpec_IsRefusedNamingKeyAndLine(string yaml, string key, int line, string fragment)
    {
        var (parsed, errors) = JobSpecReader.Read(yaml);
        Assert.Null(parsed);
        var error = Assert.Single(errors, e => e.Key == key);
        Assert.Equal(line, error.Line);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralMistakes_AreAllReported()
    {
        var (_, errors) = JobSpecReader.Read("comand: x\ncompute: b\ntimeout: soon\nresources: { cpu: 0 }\n");
        Assert.Equal(["comand", "command", "resources.cpu", "timeout"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
