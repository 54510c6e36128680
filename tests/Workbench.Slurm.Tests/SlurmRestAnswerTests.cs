using System.Text;
using Workbench.Drivers;
using Workbench.Drivers.Slurm;

namespace Workbench.Slurm.Tests;

/// <summary>
/// How slurmrestd's answers to a submit are read, for the ones the real slurmrestd of the dev cluster cannot be made
/// to give (garbage, a half-written answer); its real answers are covered by <see cref="SlurmClientOverRestTests"/>.
/// </summary>
public sealed class SlurmRestAnswerTests
{
    private static string Read(string answer, int status = 200) => SlurmRest.JobId(Encoding.UTF8.GetBytes(answer), status);

    [Theory]
    [InlineData("""{"errors": [], "job_id": 1721, "step_id": "BATCH"}""", "1721")]
    [InlineData("""{"errors": [{"error_code": 2068, "error": "Required node not available (down, drained or reserved)"}], "job_id": 7}""", "7")]
    public void AJobId_IsTheJob_WhateverErrorsComeWithIt(string answer, string id) => Assert.Equal(id, Read(answer));

    [Theory]
    [InlineData("""{"errors": [{"error_code": 2000, "error": "Invalid partition name specified"}]}""", "Slurm refused it (slurmrestd): Invalid partition name specified")]
    [InlineData("""{"errors": [{"error": "Unspecified error", "description": "Unable to process key \"nodes\""}, {"error": "Failure during parsing"}]}""",
        "Slurm refused it (slurmrestd): Unspecified error (Unable to process key \"nodes\"); Failure during parsing")]
    [InlineData("""{"errors": [], "job_id": 0}""", "Slurm refused it (slurmrestd): HTTP 200, with no job id and no error")]
    [InlineData("""[1, 2]""", "Slurm refused it (slurmrestd): HTTP 200, with no job id and no error")]
    [InlineData("""{"job_id": "12"}""", "Slurm refused it (slurmrestd): HTTP 200, with no job id and no error")]
    public void NoJobId_IsARefusal_WithSlurmsWords(string answer, string message) =>
        Assert.Equal(message, Assert.Throws<DriverException>(() => Read(answer)).Message);

    [Theory]
    [InlineData("""{"errors": [{"error": "Unable to contact slurm controller (connect failure)"}]}""")]
    [InlineData("Authentication failure", 401)]
    [InlineData("""{"errors": [""", 500)]
    [InlineData("", 502)]
    public void ControllerDownOrNoJson_IsSlurmUnavailable(string answer, int status = 200) =>
        Assert.StartsWith("Slurm did not answer: ", Assert.Throws<DriverUnavailableException>(() => Read(answer, status)).Message, StringComparison.Ordinal);

    [Fact]
    public void AnyBytes_GiveAJobIdOrOneOfTheDriversErrors()
    {
        var random = new Random(20261128);
        var shapes = new[] { """{"job_id": 5, "errors": [{"error": "x"}]}""", """{"errors": [{"error": 1, "description": null}]}""" };
        for (var i = 0; i < 5000; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(shapes[i % shapes.Length]);
            // Cut, flipped or random: every answer is read to an id or to an error the driver knows.
            bytes = (i % 3) switch
            {
                0 => bytes[..random.Next(bytes.Length + 1)],
                1 => [.. bytes.Select(b => random.Next(8) == 0 ? (byte)random.Next(256) : b)],
                _ => [.. Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256))],
            };
            try
            {
                Assert.Matches("^[1-9][0-9]*$", SlurmRest.JobId(bytes, 200));
            }
            catch (Exception e) when (e is DriverException or DriverUnavailableException)
            {
            }
        }
    }
}
