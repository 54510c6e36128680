using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>Random names and bodies at the compute API: never a 5xx, never a half-made instance.</summary>
public sealed class ComputeApiFuzzTests(ComputeApiFuzzTests.Server server) : IClassFixture<ComputeApiFuzzTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private static readonly object?[] Sizes = [null, "", "Standard_DS1_v2", "standard_ds1_v2", "Huge", 5, true, new JsonArray(), new JsonObject()];
    private static readonly object?[] Images = [null, "jupyter", "", "../etc", 1, new JsonObject()];
    private static readonly object?[] Owners = [null, "admin", "nobody", "", "ADMIN", 3];
    // No NUL: the in-memory test host refuses "%00" itself, before any of our code (Kestrel answers 400).
    private const string NameAlphabet = "abcXYZ019-_.~ /%é'\"";

    [Fact]
    public async Task Put_RandomNamesAndBodies_AnswersWithoutServerErrors_AndKeepsOnlyValidInstances()
    {
        var random = new Random(7);
        var api = server.CreateAdminClient();
        for (var i = 0; i < 300; i++)
        {
            var name = RandomName(random);
            var response = await api.PutAsync($"{ApiCalls.Computes}/{Uri.EscapeDataString(name)}",
                new StringContent(RandomBody(random), Encoding.UTF8, "application/json"));
            Assert.True((int)response.StatusCode < 500, $"{response.StatusCode} for '{name}': {await response.Content.ReadAsStringAsync()}");
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.MethodNotAllowed)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        var stored = await server.WithStoreAsync(db => Task.FromResult(db.Instances.Select(i => new { i.Name, i.Size, i.Image, i.Owner }).ToList()));
        Assert.All(stored, i =>
        {
            Assert.Null(Domain.Computes.ComputeName.Validate(i.Name));
            Assert.Equal(("Standard_DS1_v2", "jupyter", "admin"), (i.Size, i.Image, i.Owner));
        });
        foreach (var instance in stored)
        {
            await api.DeleteAsync($"{ApiCalls.Computes}/{instance.Name}");
        }
    }

    private static string RandomName(Random random) => random.Next(4) == 0
        ? $"fz{random.Next(1000)}"
        : new string([.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => NameAlphabet[random.Next(NameAlphabet.Length)])]);

    private static string RandomBody(Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                return new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(32, 127))]);
            case 1:
                return "[" + random.Next() + "]";
            default:
                var body = new JsonObject();
                Add(body, "size", Sizes[random.Next(Sizes.Length)]);
                Add(body, "image", Images[random.Next(Images.Length)]);
                Add(body, "assignTo", Owners[random.Next(Owners.Length)]);
                if (random.Next(5) == 0)
                {
                    body["unexpected"] = new string('x', random.Next(1, 5000));
                }
                return body.ToJsonString();
        }
    }

    private static void Add(JsonObject body, string key, object? value)
    {
        if (value is not null)
        {
            body[key] = value is JsonNode node ? node.DeepClone() : JsonValue.Create(value);
        }
    }
}
