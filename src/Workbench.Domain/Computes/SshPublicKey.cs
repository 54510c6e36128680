using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Workbench.Domain.Computes;

/// <summary>
/// The rules for an instance's SSH key: one OpenSSH public key line, "type base64 [comment]", of a
/// type sshd accepts. Nothing may come before the type, so authorized_keys options (command=, from=)
/// can never reach the instance's sshd.
/// </summary>
public static class SshPublicKey
{
    /// <summary>Ample for a 16384-bit RSA key with a long comment.</summary>
    public const int MaxLength = 8192;

    private static readonly HashSet<string> KnownTypes =
    [
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    ];

    /// <summary>Returns why the text is not one public key line, or null when it is.</summary>
    public static string? Validate(string? text)
    {
        var line = text?.Trim();
        if (string.IsNullOrEmpty(line))
        {
            return "The SSH public key is empty; leave it out for an instance without SSH.";
        }
        if (line.Length > MaxLength)
        {
            return $"An SSH public key has at most {MaxLength} characters; this one has {line.Length}.";
        }
        if (line.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return "This is a private key. Give the public one: the line in the .pub file beside it.";
        }
        if (line.Any(char.IsControl))
        {
            return "An SSH public key is one line (as in a .pub file), without line breaks or control characters.";
        }
        var fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (!KnownTypes.Contains(fields[0]))
        {
            return $"An SSH public key starts with its type ({string.Join(", ", KnownTypes)}); this one starts with '{Shorten(fields[0])}'. Options such as command= or from= are not accepted.";
        }
        if (fields.Length < 2)
        {
            return $"The {fields[0]} key has no key data after its type.";
        }
        return TypeInBlob(fields[1]) == fields[0]
            ? null
            : $"The key data is not base64 of a {fields[0]} key.";
    }

    /// <summary>The line as stored: type, key data and comment, each separated by one space.</summary>
    public static string Normalize(string valid)
    {
        var fields = valid.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 3 ? $"{fields[0]} {fields[1]} {fields[2].Trim()}" : $"{fields[0]} {fields[1]}";
    }

    /// <summary>The key's SHA256 fingerprint as ssh-keygen -l prints it ("SHA256:..."), to name a key without showing it.</summary>
    public static string Fingerprint(string valid)
    {
        var blob = Convert.FromBase64String(valid.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries)[1]);
        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
    }

    /// <summary>The key blob begins with its own type as an SSH string (a 4-byte length, then the text).</summary>
    private static string? TypeInBlob(string base64)
    {
        var blob = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, blob, out var length) || length < 4)
        {
            return null;
        }
        var typeLength = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return typeLength <= (uint)(length - 4) ? System.Text.Encoding.ASCII.GetString(blob, 4, (int)typeLength) : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
