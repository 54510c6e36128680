using System.Text.Json;
using KeyLine = Workbench.Domain.Computes.SshPublicKey;

namespace Workbench.Server.Api;

/// <summary>
/// A JSON merge patch (RFC 7396) of an instance. Only its SSH key can change: a key line sets or
/// replaces it, null removes it. Every other field is fixed at create.
/// </summary>
public sealed record ComputePatch(string? SshPublicKey)
{
    private const string KeyField = "sshPublicKey";

    /// <summary>The patch, or what is wrong with the body, field by field.</summary>
    public static (ComputePatch? Patch, Dictionary<string, string[]> Errors) Parse(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind is not JsonValueKind.Object)
        {
            errors["body"] = [$"The body must be a JSON merge patch object, such as {{\"{KeyField}\": \"ssh-ed25519 AAAA...\"}}."];
            return (null, errors);
        }
        ComputePatch? patch = null;
        foreach (var field in body.EnumerateObject())
        {
            if (!field.NameEquals(KeyField))
            {
                errors[field.Name] = [$"'{field.Name}' cannot be changed; only {KeyField} can. Delete and create the instance to change the rest."];
            }
            else if (field.Value.ValueKind is JsonValueKind.Null)
            {
                patch = new ComputePatch(SshPublicKey: null);
            }
            else if (field.Value.ValueKind is not JsonValueKind.String)
            {
                errors[KeyField] = ["The SSH public key is a string (one line of a .pub file), or null to remove it."];
            }
            else if (KeyLine.Validate(field.Value.GetString()) is { } bad)
            {
                errors[KeyField] = [bad];
            }
            else
            {
                patch = new ComputePatch(KeyLine.Normalize(field.Value.GetString()!));
            }
        }
        if (patch is null && errors.Count == 0)
        {
            errors[KeyField] = [$"The patch changes nothing: give {KeyField}, or null to remove the key."];
        }
        return errors.Count == 0 ? (patch, errors) : (null, errors);
    }
}
