using Workbench.Domain.Identity;

namespace Workbench.Domain.Tests;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewUser_HasNoPassword()
    {
        var user = new User("alice", isAdmin: false, Now);

        Assert.False(user.HasPassword);
        Assert.Null(user.PasswordHash);
    }

    [Fact]
    public void ChangePassword_KeepsTheNewHash()
    {
        var user = new User("alice", isAdmin: false, Now);

        user.ChangePassword("first-hash");
        user.ChangePassword("second-hash");

        Assert.True(user.HasPassword);
        Assert.Equal("second-hash", user.PasswordHash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ChangePassword_BlankHash_Throws(string hash) =>
        Assert.Throws<ArgumentException>(() => new User("alice", isAdmin: false, Now).ChangePassword(hash));

    [Theory]
    [InlineData("12345678")]
    [InlineData("correct horse battery staple")]
    public void ValidatePassword_LongEnough_Accepts(string password) => Assert.Null(Password.Validate(password));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234567")]
    public void ValidatePassword_TooShort_SaysTheLengthWithoutEchoingIt(string? password)
    {
        var problem = Password.Validate(password);

        Assert.Contains("8 to 1024 characters", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePassword_TooLong_IsRefused() => Assert.NotNull(Password.Validate(new string('p', Password.MaxLength + 1)));
}
