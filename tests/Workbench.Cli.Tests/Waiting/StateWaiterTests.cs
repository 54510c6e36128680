using System.Net;
using Workbench.Cli.Tests.Fakes;
using Workbench.Cli.Waiting;
using Workbench.Client;
using Workbench.Contracts;

namespace Workbench.Cli.Tests.Waiting;

public sealed class StateWaiterTests
{
    [Fact]
    public async Task WaitAsync_InstanceGoesThroughStatesToRunning_AnnouncesEachStateOnce()
    {
        var states = new Queue<string>(["Creating", "Starting", "Starting", "Running"]);
        using var handler = new StubHttpHandler(_ => Instance(Resources.Compute("box1", states.Dequeue())));
        var announced = new List<string>();

        var last = await WaitAsync(handler, Accepted("Creating"), WaitTarget.Running, announced.Add);

        Assert.Equal("Running", last!.Value.State);
        Assert.Equal(["Creating", "Starting", "Running"], announced);
    }

    [Fact]
    public async Task WaitAsync_InstanceFails_StopsWithTheFailedInstanceAndItsError()
    {
        using var handler = new StubHttpHandler(_ => Instance(Resources.Compute("box1", "Failed", "image pull failed")));

        var last = await WaitAsync(handler, Accepted("Creating"), WaitTarget.Running, _ => { });

        Assert.True(StateWaiter.IsFailed(last!.Value));
        Assert.Equal("image pull failed", last.Value.Error);
    }

    [Fact]
    public async Task WaitAsync_DeletedInstanceDisappears_ReturnsNull()
    {
        var answers = new Queue<HttpResponseMessage>([
            Instance(Resources.Compute("box1", "Deleting")),
            StubHttpHandler.Respond(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""", "application/problem+json"),
        ]);
        using var handler = new StubHttpHandler(_ => answers.Dequeue());

        var last = await WaitAsync(handler, Accepted("Deleting"), WaitTarget.Gone, _ => { });

        Assert.Null(last);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task WaitAsync_InstanceVanishesWhileStarting_ThrowsNotFound()
    {
        using var handler = new StubHttpHandler(_ => StubHttpHandler.Respond(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}"""));

        var error = await Assert.ThrowsAsync<WorkbenchApiException>(() => WaitAsync(handler, Accepted("Starting"), WaitTarget.Running, _ => { }));

        Assert.Equal(404, error.Status);
    }

    private static async Task<ApiResult<ComputeInstanceResource>?> WaitAsync(
        StubHttpHandler handler, ApiResult<ComputeInstanceResource> accepted, WaitTarget target, Action<string> onStateChange)
    {
        using var http = handler.CreateClient();
        var waiter = new StateWaiter(new WorkbenchClient(http, "token"), new ImmediateTimeProvider());
        return await waiter.WaitAsync("default", accepted, target, onStateChange, TestContext.Current.CancellationToken);
    }

    private static ApiResult<ComputeInstanceResource> Accepted(string state)
    {
        var instance = Resources.Compute("box1", state);
        return new ApiResult<ComputeInstanceResource>(instance, Resources.Json(instance));
    }

    private static HttpResponseMessage Instance(ComputeInstanceResource instance) =>
        StubHttpHandler.Respond(HttpStatusCode.OK, Resources.Json(instance));
}
