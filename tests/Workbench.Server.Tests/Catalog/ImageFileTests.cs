using Workbench.Server.Catalog;

namespace Workbench.Server.Tests.Catalog;

public sealed class ImageFileTests
{
    private static readonly string Shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "images", "jupyter.yaml"));

    [Fact]
    public void Parse_ShippedJupyterImage_HasItsAppAndRequirements()
    {
        var image = ImageFile.Parse(Shipped, "jupyter.yaml");
        Assert.Equal("jupyter", image.Name);
        var app = Assert.Single(image.Apps);
        Assert.Equal("api/status", app.Readiness);
        Assert.Contains("{baseUrl}", app.Command, StringComparison.Ordinal);
        Assert.DoesNotContain("{token}", app.Command, StringComparison.Ordinal);
        Assert.Equal("{token}", app.Environment["JUPYTER_TOKEN"]);
        Assert.Contains(image.Requires, r => r.Package == "jupyter-notebook");
    }

    [Theory]
    [InlineData("name: x\nbogus: 1\napps: []", "line 2")]
    [InlineData("name: x\napps: []", "at least one app")]
    [InlineData("name: Bad Name\napps:\n  - {name: a, command: c, readiness: r}", "'name'")]
    [InlineData("name: x\napps:\n  - {name: a, readiness: r}", "needs a command")]
    [InlineData("name: x\napps:\n  - {name: a, command: c, readiness: r}\n  - {name: a, command: c, readiness: r}", "same name")]
    [InlineData("name: x\nrequires:\n  - {program: /usr/bin/x}\napps:\n  - {name: a, command: c, readiness: r}", "Debian package")]
    [InlineData("name: x\napps:\n  - {name: ssh, command: c, readiness: r}", "SSH server")]
    [InlineData("", "empty")]
    public void Parse_BadImage_SaysWhatAndWhere(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ImageFile.Parse(yaml, "bad.yaml"));
        Assert.Contains("bad.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MangledFiles_EitherParseOrFailWithAClearError()
    {
        var random = new Random(11);
        const string noise = ":-[]{}\"' \n\t#&*!|>%@`x1";
        for (var i = 0; i < 2000; i++)
        {
            var text = Shipped.ToCharArray().ToList();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                var at = random.Next(text.Count);
                if (random.Next(2) == 0)
                {
                    text.RemoveAt(at);
                }
                else
                {
                    text.Insert(at, noise[random.Next(noise.Length)]);
                }
            }
            try
            {
                ImageFile.Parse(new string([.. text]), "mangled.yaml");
            }
            catch (InvalidOperationException e)
            {
                Assert.StartsWith("Image mangled.yaml: ", e.Message, StringComparison.Ordinal);
            }
        }
    }
}
