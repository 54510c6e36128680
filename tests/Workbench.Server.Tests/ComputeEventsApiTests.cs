using System.Net;
using System.Net.Http.Json;
using Workbench.Contracts;
using Workbench.Testing;

namespace Workbench.Server.Tests;

/// <summary>GET .../computes/{name}/events: the audit log's rows for one compute, for anyone who may read it.</summary>
public sealed class ComputeEventsApiTests(ComputeEventsApiTests.Server server) : IClassFixture<ComputeEventsApiTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private readonly HttpClient _admin = server.CreateAdminClient();

    [Fact]
    public async Task Events_AreTheComputesOwnCalls_NewestFirst_WhateverTheNamesCase_ForAComputeOperatorToo()
    {
        (await _admin.PutComputeAsync("ev-one", new { size = "Standard_DS1_v2", start = false })).EnsureSuccessStatusCode();
        (await _admin.PutComputeAsync("ev-one-b", new { size = "Standard_DS1_v2", start = false })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PatchAsJsonAsync($"{ApiCalls.Computes}/EV-ONE", new { sshPublicKey = "not a key" })).StatusCode);

        var operatorClient = server.CreateClient(await _admin.CreateUserAsync("otto", role: "Compute Operator"));
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/v1/workspaces/default/audit")).StatusCode);
        var events = (await operatorClient.GetFromJsonAsync<List<AuditEntryResource>>($"{ApiCalls.Computes}/ev-one/events", WorkbenchJson.Options))!;

        Assert.Equal(
            [("workspaces/computes/write", 400, "/workspaces/default/computes/EV-ONE"), ("workspaces/computes/write", 201, "/workspaces/default/computes/ev-one")],
            events.Select(e => (e.Action, e.Status, e.Target)));
        Assert.All(events, e => Assert.Equal("admin", e.Actor));
    }

    [Fact]
    public async Task Events_BadTopOrName_Is400NamingIt()
    {
        var top = await _admin.GetAsync($"{ApiCalls.Computes}/ev-two/events?top=0");
        Assert.Equal(HttpStatusCode.BadRequest, top.StatusCode);
        Assert.Contains("\"top\"", await top.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync($"{ApiCalls.Computes}/-bad-/events")).StatusCode);
    }
}
