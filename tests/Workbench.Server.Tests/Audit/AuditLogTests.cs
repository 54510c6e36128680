using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Contracts;
using Workbench.Server.Tests.Access;
using Workbench.Testing;

namespace Workbench.Server.Tests.Audit;

/// <summary>A scripted session: every mutating call leaves one row (who, what, where, how it ended), and no row holds a secret.</summary>
public sealed class AuditLogTests(AuditLogTests.Server server) : IClassFixture<AuditLogTests.Server>
{
    public sealed class Server : WorkbenchFactory;

    private const string Password = "ulas first password";
    private const string NewPassword = "ulas second password";

    [Fact]
    public async Task ScriptedSession_RecordsEveryMutatingCall_WithoutSecrets()
    {
        var admin = server.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { name = "ula", password = Password });
        var ulaToken = (await created.Content.ReadFromJsonAsync<CreatedUserResponse>())!.Token;
        var anonymous = server.CreateClient();
        var wrong = await anonymous.PostAsJsonAsync("/api/v1/login/token", new { username = "ula", password = "not her password", tokenName = "t" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var signedIn = await anonymous.PostAsJsonAsync("/api/v1/login/token", new { username = "ula", password = Password, tokenName = "laptop" });
        var laptopToken = (await signedIn.Content.ReadFromJsonAsync<CreatedTokenResponse>())!.Token;
        await admin.CreateWorkspaceAsync("audited");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync("/api/v1/workspaces/audited/members/ula", new { role = "Reader" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/workspaces/audited/quotas/total", new { vCpus = 8 })).StatusCode);
        var ula = server.CreateClient(ulaToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await ula.CreateStoppedAsync("audited", "ulas")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.CreateStoppedAsync("audited", "box")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ula.PutAsJsonAsync("/api/v1/users/ula/password", new { password = NewPassword, currentPassword = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"{TeamSetup.Computes("audited")}/box")).StatusCode);

        var log = await admin.GetFromJsonAsync<Page<AuditEntryResource>>("/api/v1/audit?top=1000", WorkbenchJson.Options);
        var rows = log!.Value.Reverse().ToList();
        Assert.Contains(rows, r => (r.Action, r.Actor, r.Status, r.Target) == ("users/write", "admin", 201, "/users"));
        Assert.Contains(rows, r => (r.Action, r.Actor, r.Status) == ("login/action", "ula", 401));
        Assert.Contains(rows, r => (r.Action, r.Actor, r.Status) == ("login/action", "ula", 201));
        Assert.Contains(rows, r => (r.Action, r.Actor, r.Status, r.Workspace) == ("workspaces/write", "admin", 201, "audited"));
        Assert.Contains(rows, r => (r.Action, r.Status, r.Target) == ("workspaces/members/write", 201, "/workspaces/audited/members/ula") && r.ChangedFields.SequenceEqual(["role"]));
        Assert.Contains(rows, r => (r.Action, r.Status) == ("quotas/write", 200) && r.ChangedFields.SequenceEqual(["vCpus"]));
        Assert.Contains(rows, r => (r.Action, r.Actor, r.Status) == ("workspaces/computes/write", "ula", 403));
        Assert.Contains(rows, r => (r.Action, r.Actor, r.Status, r.Target) == ("workspaces/computes/write", "admin", 201, "/workspaces/audited/computes/box"));
        Assert.Contains(rows, r => (r.Action, r.Actor, r.Status) == ("users/password/write", "ula", 204)
            && r.ChangedFields.Order().SequenceEqual(["currentPassword", "password"]));
        Assert.Contains(rows, r => (r.Action, r.Status) == ("workspaces/computes/delete", 202));
        Assert.DoesNotContain(rows, r => r.Action.EndsWith("/read", StringComparison.Ordinal));

        var everything = JsonSerializer.Serialize(rows);
        foreach (var secret in new[] { Password, NewPassword, "not her password", ulaToken, laptopToken, WorkbenchFactory.AdminToken })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        var scoped = await ula.GetFromJsonAsync<Page<AuditEntryResource>>("/api/v1/workspaces/audited/audit?action=workspaces/computes/write", WorkbenchJson.Options);
        Assert.Equal(2, scoped!.Value.Count);
        Assert.All(scoped.Value, r => Assert.Equal("audited", r.Workspace));
        Assert.Equal(HttpStatusCode.Forbidden, (await ula.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/audit?since=yesterday")).StatusCode);
        var byUser = await admin.GetFromJsonAsync<Page<AuditEntryResource>>($"/api/v1/audit?user=ula&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}", WorkbenchJson.Options);
        Assert.All(byUser!.Value, r => Assert.Equal("ula", r.Actor));
        Assert.Equal(4, byUser.Value.Count);
    }

    [Fact]
    public async Task ConcurrentCalls_EachLeaveExactlyOneRow_BeforeTheyAreAnswered()
    {
        var admin = server.CreateAdminClient();
        await admin.CreateWorkspaceAsync("audited-many");
        var names = Enumerable.Range(0, 40).Select(i => $"many-{i:00}").ToList();

        var answers = await Task.WhenAll(names.Select(n => admin.CreateStoppedAsync("audited-many", n)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var log = await admin.GetFromJsonAsync<Page<AuditEntryResource>>(
            "/api/v1/workspaces/audited-many/audit?action=workspaces/computes/write&top=1000", WorkbenchJson.Options);
        Assert.Equal(names.Select(n => $"/workspaces/audited-many/computes/{n}"), log!.Value.Select(r => r.Target).Order(StringComparer.Ordinal));
    }
}
