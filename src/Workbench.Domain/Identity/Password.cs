namespace Workbench.Domain.Identity;

/// <summary>What a password must be: long enough to resist guessing, short enough that hashing it stays cheap.</summary>
public static class Password
{
    public const int MinLength = 8;
    public const int MaxLength = 1024;

    /// <summary>Returns why the password is not allowed, or null when it is. The message never repeats the password.</summary>
    public static string? Validate(string? password) =>
        password is null || password.Length is < MinLength or > MaxLength
            ? $"A password has {MinLength} to {MaxLength} characters."
            : null;
}
