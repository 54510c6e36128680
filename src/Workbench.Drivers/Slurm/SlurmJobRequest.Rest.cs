using System.Text.Json;

namespace Workbench.Drivers.Slurm;

public sealed partial record SlurmJobRequest
{
    /// <summary>Whether slurmrestd can take this job: it refuses every GPU request in the form tried so far, so those go through sbatch.</summary>
    public bool FitsRest => Gpus == 0;

    /// <summary>
    /// The body of slurmrestd's job submit (OpenAPI v0.0.38, Slurm 22.05): the same job as <see cref="Arguments"/>
    /// without the user's login environment, field for field. The environment is the job's whole
    /// environment, as with --export=ALL of sbatch's own.
    /// </summary>
    /// <param name="baseEnvironment">What every job gets besides its own variables (PATH, SLURM_CONF).</param>
    public byte[] RestBody(string defaultPartition, IReadOnlyDictionary<string, string> baseEnvironment)
    {
        Validate();
        if (!FitsRest)
        {
            throw new InvalidOperationException($"Job '{Name}' asks for GPUs; submit it with sbatch.");
        }
        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("script", Script);
            json.WriteStartObject("job");
            json.WriteString("name", Name);
            var partition = Partition ?? defaultPartition;
            if (partition.Length > 0)
            {
                json.WriteString("partition", partition);
            }
            WriteIfGiven(json, "comment", Comment);
            if (OneAtATime)
            {
                json.WriteString("dependency", "singleton");
            }
            json.WriteNumber("nodes", Nodes);
            json.WriteNumber("cpus_per_task", CpusPerTask);
            if (MemoryMiB is { } memory)
            {
                json.WriteNumber("memory_per_node", memory);
            }
            if (TimeLimit is { } limit)
            {
                json.WriteNumber("time_limit", (int)Math.Ceiling(limit.TotalMinutes));
            }
            WriteIfGiven(json, "standard_output", OutputPath);
            WriteIfGiven(json, "standard_error", ErrorPath);
            if (AppendOutput)
            {
                json.WriteString("open_mode", "append");
            }
            // sbatch's own folder is the job's when it names none; slurmrestd's would be /tmp.
            json.WriteString("current_working_directory", WorkingDirectory ?? Directory.GetCurrentDirectory());
            json.WriteStartObject("environment");
            foreach (var (name, value) in baseEnvironment.Where(v => !Environment.ContainsKey(v.Key)).Concat(Environment))
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return body.ToArray();
    }

    private static void WriteIfGiven(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
