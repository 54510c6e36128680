namespace Workbench.Drivers;

/// <summary>How an instance's SSH server shows up: its entry among the endpoints, and the user sessions log in as.</summary>
public static class SshAccess
{
    /// <summary>The endpoint of the SSH server; no image app may take this name.</summary>
    public const string EndpointName = "ssh";

    /// <summary>Sessions log in as root of the instance's sandbox, whose home there is the owner's.</summary>
    public const string User = "root";
}
