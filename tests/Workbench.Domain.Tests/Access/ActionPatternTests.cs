using Workbench.Domain.Access;

namespace Workbench.Domain.Tests.Access;

public sealed class ActionPatternTests
{
    [Theory]
    [InlineData("*", "workspaces/computes/read", true)]
    [InlineData("*/read", "workspaces/computes/read", true)]
    [InlineData("*/read", "workspaces/computes/write", false)]
    [InlineData("workspaces/computes/*", "workspaces/computes/start/action", true)]
    [InlineData("workspaces/computes/*", "workspaces/jobs/read", false)]
    [InlineData("Workspaces/Computes/Read", "workspaces/computes/read", true)]
    [InlineData("workspaces/*/read", "workspaces/files/read", true)]
    [InlineData("workspaces/*/read", "workspaces/read", false)]
    [InlineData("workspaces/*s/*/action", "workspaces/computes/stop/action", true)]
    [InlineData("workspaces/read", "workspaces/read/x", false)]
    [InlineData("*action", "quotas/read", false)]
    public void Matches_GlobsWithStarsOnly(string pattern, string action, bool expected) =>
        Assert.Equal(expected, ActionPattern.Of(pattern).Matches(action));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("workspaces//read")]
    [InlineData("workspaces/read/")]
    [InlineData("/workspaces/read")]
    [InlineData("workspaces/read?x")]
    [InlineData("workspaces read")]
    public void Parse_NotAnAction_SaysWhy(string? text)
    {
        var (pattern, error) = ActionPattern.Parse(text);
        Assert.Null(pattern);
        Assert.Contains("is not an action", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_AgreesWithARegexOnRandomInput()
    {
        var random = new Random(5);
        const string alphabet = "ab/*";
        for (var i = 0; i < 20_000; i++)
        {
            var pattern = "a" + new string([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var action = "a" + new string([.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => alphabet[random.Next(3)])]);
            if (ActionPattern.Parse(pattern).Pattern is not { } parsed)
            {
                continue;
            }
            var regex = "^" + string.Join(".*", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$";
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(action, regex) == parsed.Matches(action), $"'{pattern}' against '{action}'");
        }
    }
}
