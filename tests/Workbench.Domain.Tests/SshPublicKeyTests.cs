using Workbench.Domain.Computes;

namespace Workbench.Domain.Tests;

public sealed class SshPublicKeyTests
{
    // Made with ssh-keygen for these tests; public halves only.
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAocpkGy2j9wvvDC9rUagu/Oc2bis7G/ypCvhliHLZE alice@laptop";
    private const string Ecdsa = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBNGGuajni6yiToGtSdIBOIxmmNxTPkZKa4TlsZk/puNfgHRBocDNQldj+eD8kWIRybP1ItZhOT/WC6AzD4yv6Xw8cpt6uGsPJE5g32vTlG20734F1qkp7Zwe+tM32Yrg3Q==";
    private const string Rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCuRJnz4Z8/BLSduLNpAYbPh+BlONCEO9fUxstvLZ2mD2lqV1nN8+3nH+vnNDFB8bphYXH6cgV2m5HLnEvoVKA7BxTtoN1HZjO5P1XE7qE/K8BShrwtwmpOswmzBamIulzzDuTX2FhmxKn3yLyc7XvKwHzbvTp3r+qFx0Sb/4xlaw== two words";

    [Theory]
    [InlineData(Ed25519)]
    [InlineData(Ecdsa)]
    [InlineData(Rsa)]
    [InlineData(Ed25519 + "\n")]
    [InlineData("  " + Rsa + "\r\n")]
    public void Validate_OnePublicKeyLine_Accepts(string text) => Assert.Null(SshPublicKey.Validate(text));

    [Theory]
    [InlineData(null, "empty")]
    [InlineData(" \n", "empty")]
    [InlineData(Ed25519 + "\n" + Rsa, "one line")]
    [InlineData("command=\"rm -rf /\" " + Ed25519, "starts with its type")]
    [InlineData("from=\"10.0.0.1\" " + Ed25519, "starts with its type")]
    [InlineData("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "starts with its type")]
    [InlineData("ssh-ed25519", "no key data")]
    [InlineData("ssh-ed25519 not-base64!", "not base64")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAAocpkGy2j9wvvDC9rUagu/Oc2bis7G/ypCvhliHLZE", "not base64 of a ssh-rsa key")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----", "private key")]
    public void Validate_Other_SaysWhy(string? text, string reason) =>
        Assert.Contains(reason, SshPublicKey.Validate(text), StringComparison.Ordinal);

    [Fact]
    public void Validate_TooLong_Refuses() =>
        Assert.Contains("at most", SshPublicKey.Validate(Ed25519 + new string('x', SshPublicKey.MaxLength)), StringComparison.Ordinal);

    [Fact]
    public void Normalize_TrimsAndKeepsTheComment()
    {
        Assert.Equal(Rsa, SshPublicKey.Normalize("  ssh-rsa   " + Rsa["ssh-rsa ".Length..] + "\n"));
        Assert.Equal(Ecdsa, SshPublicKey.Normalize(Ecdsa + " "));
    }

    [Fact]
    public void Fingerprint_IsWhatSshKeygenPrints() =>
        Assert.Equal("SHA256:Pj3uXL56Mn8WoID1ZOL1x+NcqWn5/UhX4OnOwJ4MxY4", SshPublicKey.Fingerprint(Ed25519));
}
