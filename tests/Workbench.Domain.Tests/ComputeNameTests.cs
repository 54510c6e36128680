using Workbench.Domain.Computes;

namespace Workbench.Domain.Tests;

public sealed class ComputeNameTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("ci-1")]
    [InlineData("MyInstance2")]
    [InlineData("a23456789012345678901234")]
    public void Validate_GoodName_Accepts(string name) => Assert.Null(ComputeName.Validate(name));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("ab", "3 to 24")]
    [InlineData("a234567890123456789012345", "3 to 24")]
    [InlineData("1abc", "starts with a letter")]
    [InlineData("-abc", "starts with a letter")]
    [InlineData("ab_c", "starts with a letter")]
    [InlineData("ab.c", "starts with a letter")]
    [InlineData("ab c", "starts with a letter")]
    [InlineData("ab/../c", "starts with a letter")]
    [InlineData("abc-", "hyphen")]
    [InlineData("ab--c", "hyphen")]
    [InlineData("äbc", "starts with a letter")]
    public void Validate_BadName_SaysWhy(string? name, string reason) =>
        Assert.Contains(reason, ComputeName.Validate(name), StringComparison.Ordinal);

    [Fact]
    public void Key_IgnoresCase() => Assert.Equal(ComputeName.Key("My-Box"), ComputeName.Key("my-box"));

    [Fact]
    public void Validate_RandomStrings_NeverThrows()
    {
        var random = new Random(42);
        const string alphabet = "aZ09-_./\\ \t\n\0é$'\"";
        for (var i = 0; i < 5000; i++)
        {
            var name = new string([.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var verdict = ComputeName.Validate(name);
            // Anything accepted is safe in a path and a host name.
            if (verdict is null)
            {
                Assert.Matches("^[A-Za-z][A-Za-z0-9-]{2,23}$", name);
            }
        }
    }
}
